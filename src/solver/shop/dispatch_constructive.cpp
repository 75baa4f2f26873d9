#include "solver/shop/dispatch_constructive.hpp"

#include <algorithm>
#include <limits>
#include <queue>
#include <random>
#include <tuple>

namespace takt::solver {
namespace {

constexpr std::int64_t kInfinity = std::numeric_limits<std::int64_t>::max() / 4;
constexpr int kStopPollSteps = 256;

std::int64_t MinDuration(const ShopOperation& operation) {
  std::int64_t best = kInfinity;
  for (const ShopOption& option : operation.options) best = std::min(best, option.duration);
  return best;
}

// One Giffler-Thompson pass. Returns false, leaving `schedule` incomplete, when `stop` fired.
class Generation {
 public:
  Generation(const ShopInstance& instance, DispatchRule rule, std::uint64_t seed)
      : instance_(instance), rule_(rule), random_(seed) {}

  bool Run(const std::function<bool()>& stop, ShopSchedule& schedule, std::int64_t& work) {
    const int jobs = static_cast<int>(instance_.jobs.size());
    schedule = ShopSchedule{};
    schedule.option.resize(jobs);
    schedule.start.resize(jobs);
    schedule.machine_order.resize(instance_.machine_count);
    work_after_.resize(jobs);
    next_.assign(jobs, 0);
    job_ready_.resize(jobs);
    best_option_.assign(jobs, -1);
    slot_.resize(jobs);
    machine_ready_.assign(instance_.machine_count, 0);
    candidates_.assign(instance_.machine_count, {});
    for (int j = 0; j < jobs; ++j) {
      const auto& ops = Operations(j);
      schedule.option[j].assign(ops.size(), 0);
      schedule.start[j].assign(ops.size(), 0);
      work_after_[j].assign(ops.size() + 1, 0);
      for (int o = static_cast<int>(ops.size()) - 1; o >= 0; --o) {
        work_after_[j][o] = work_after_[j][o + 1] + MinDuration(ops[o]);
      }
      job_ready_[j] = instance_.jobs[j].release;
      if (!ops.empty()) {
        Enlist(j);
        heap_.emplace(BestEnd(j), j, 0);
      }
    }
    int remaining = instance_.OperationCount();
    std::int64_t steps = 0;
    std::vector<int> conflict;
    while (remaining > 0) {
      if (stop && ++steps % kStopPollSteps == 0 && stop()) return false;
      // C*: the least earliest completion; stale heap keys are refreshed as they surface.
      int star_job = -1;
      std::int64_t star_end = 0;
      while (star_job < 0) {
        const auto [key, j, o] = heap_.top();
        heap_.pop();
        ++work;
        if (o != next_[j]) continue;
        const std::int64_t end = BestEnd(j);
        if (end > key) {
          heap_.emplace(end, j, o);
        } else {
          star_job = j;
          star_end = end;
        }
      }
      const int star_machine = MachineOf(star_job);
      conflict.clear();
      for (const int j : candidates_[star_machine]) {
        ++work;
        BestEnd(j);
        if (MachineOf(j) != star_machine) continue;
        if (j == star_job || std::max(job_ready_[j], machine_ready_[star_machine]) < star_end) {
          conflict.push_back(j);
        }
      }
      std::sort(conflict.begin(), conflict.end());
      const int chosen = Choose(conflict);
      const int o = next_[chosen];
      const std::int64_t start = std::max(job_ready_[chosen], machine_ready_[star_machine]);
      const std::int64_t end = start + DurationOf(chosen);
      schedule.option[chosen][o] = best_option_[chosen];
      schedule.start[chosen][o] = start;
      schedule.machine_order[star_machine].push_back({chosen, o});
      job_ready_[chosen] = end;
      machine_ready_[star_machine] = end;
      schedule.makespan = std::max(schedule.makespan, end);
      Delist(chosen);
      ++next_[chosen];
      if (next_[chosen] < static_cast<int>(Operations(chosen).size())) {
        Enlist(chosen);
        heap_.emplace(BestEnd(chosen), chosen, next_[chosen]);
      }
      if (chosen != star_job) heap_.emplace(star_end, star_job, next_[star_job]);
      --remaining;
    }
    return true;
  }

 private:
  const std::vector<ShopOperation>& Operations(int j) const { return instance_.jobs[j].operations; }
  const std::vector<ShopOption>& OptionsOf(int j) const { return Operations(j)[next_[j]].options; }
  int MachineOf(int j) const { return OptionsOf(j)[best_option_[j]].machine; }
  std::int64_t DurationOf(int j) const { return OptionsOf(j)[best_option_[j]].duration; }

  // Earliest completion of job j's next operation now; sets best_option_[j].
  std::int64_t BestEnd(int j) {
    const auto& options = OptionsOf(j);
    std::int64_t best_end = kInfinity;
    int best = -1;
    for (int k = 0; k < static_cast<int>(options.size()); ++k) {
      const std::int64_t start = std::max(job_ready_[j], machine_ready_[options[k].machine]);
      const std::int64_t end = start + options[k].duration;
      if (end < best_end || (end == best_end && options[k].duration < options[best].duration)) {
        best_end = end;
        best = k;
      }
    }
    best_option_[j] = best;
    return best_end;
  }

  // Adds / removes job j (its next operation) to / from the candidate list of every eligible
  // machine; slot_[j][k] is its index in the list of option k's machine.
  void Enlist(int j) {
    const auto& options = OptionsOf(j);
    slot_[j].resize(options.size());
    for (std::size_t k = 0; k < options.size(); ++k) {
      std::vector<int>& list = candidates_[options[k].machine];
      slot_[j][k] = static_cast<int>(list.size());
      list.push_back(j);
    }
  }

  void Delist(int j) {
    const auto& options = OptionsOf(j);
    for (std::size_t k = 0; k < options.size(); ++k) {
      const int machine = options[k].machine;
      std::vector<int>& list = candidates_[machine];
      const int at = slot_[j][k];
      const int moved = list.back();
      list[at] = moved;
      list.pop_back();
      if (moved == j) continue;
      const auto& moved_options = OptionsOf(moved);
      for (std::size_t m = 0; m < moved_options.size(); ++m) {
        if (moved_options[m].machine == machine) slot_[moved][m] = at;
      }
    }
  }

  int Choose(const std::vector<int>& conflict) {
    if (rule_ == DispatchRule::kRandom) return conflict[random_() % conflict.size()];
    const auto priority = [&](int j) -> std::int64_t {
      switch (rule_) {
        case DispatchRule::kMostWorkRemaining: return work_after_[j][next_[j]];
        case DispatchRule::kMostOperationsRemaining:
          return static_cast<std::int64_t>(Operations(j).size()) - next_[j];
        case DispatchRule::kShortestProcessingTime: return -DurationOf(j);
        case DispatchRule::kLongestProcessingTime: return DurationOf(j);
        case DispatchRule::kLeastWorkRemaining: return -work_after_[j][next_[j]];
        case DispatchRule::kRandom: return 0;
      }
      return 0;
    };
    int chosen = conflict.front();
    for (const int j : conflict) {
      if (priority(j) > priority(chosen)) chosen = j;
    }
    return chosen;
  }

  const ShopInstance& instance_;
  const DispatchRule rule_;
  std::mt19937_64 random_;
  std::vector<std::vector<std::int64_t>> work_after_;  // remaining work incl. operation o
  std::vector<int> next_, best_option_;
  std::vector<std::int64_t> job_ready_, machine_ready_;
  std::vector<std::vector<int>> candidates_, slot_;
  std::priority_queue<std::tuple<std::int64_t, int, int>,
                      std::vector<std::tuple<std::int64_t, int, int>>, std::greater<>>
      heap_;
};

}  // namespace

ShopSchedule BuildDispatchSchedule(const ShopInstance& instance, DispatchRule rule,
                                   std::uint64_t seed, std::int64_t* work) {
  ShopSchedule schedule;
  std::int64_t spent = 0;
  Generation(instance, rule, seed).Run({}, schedule, spent);
  if (work != nullptr) *work += spent;
  return schedule;
}

ShopSchedule BestDispatchSchedule(const ShopInstance& instance, const std::function<bool()>& stop,
                                  std::int64_t* work) {
  constexpr DispatchRule kRules[] = {
      DispatchRule::kMostWorkRemaining,      DispatchRule::kMostOperationsRemaining,
      DispatchRule::kShortestProcessingTime, DispatchRule::kLongestProcessingTime,
      DispatchRule::kLeastWorkRemaining,
  };
  // Spent work is visible to `stop` as it accrues (the caller may pass its own counter).
  std::int64_t own_work = 0;
  std::int64_t& spent = work != nullptr ? *work : own_work;
  ShopSchedule best;
  Generation(instance, kRules[0], 1).Run({}, best, spent);
  const auto consider = [&](DispatchRule rule, std::uint64_t seed) {
    if (stop && stop()) return false;
    ShopSchedule candidate;
    if (!Generation(instance, rule, seed).Run(stop, candidate, spent)) return false;
    if (candidate.makespan < best.makespan) best = std::move(candidate);
    return true;
  };
  bool running = true;
  for (std::size_t r = 1; r < std::size(kRules) && running; ++r) running = consider(kRules[r], 1);
  if (instance.OperationCount() <= kDispatchRandomRulesMaxOperations) {
    for (std::uint64_t seed = 1; seed <= 8 && running; ++seed) {
      running = consider(DispatchRule::kRandom, seed);
    }
  }
  return best;
}

}  // namespace takt::solver
