#include "solver/shop/dispatch_constructive.hpp"

#include <algorithm>
#include <limits>
#include <random>

namespace takt::solver {
namespace {

constexpr std::int64_t kInfinity = std::numeric_limits<std::int64_t>::max() / 4;

std::int64_t MinDuration(const ShopOperation& operation) {
  std::int64_t best = kInfinity;
  for (const ShopOption& option : operation.options) best = std::min(best, option.duration);
  return best;
}

}  // namespace

ShopSchedule BuildDispatchSchedule(const ShopInstance& instance, DispatchRule rule,
                                   std::uint64_t seed) {
  const int jobs = static_cast<int>(instance.jobs.size());
  ShopSchedule schedule;
  schedule.option.resize(jobs);
  schedule.start.resize(jobs);
  schedule.machine_order.resize(instance.machine_count);
  std::vector<std::vector<std::int64_t>> work_after(jobs);  // remaining work incl. operation o
  for (int j = 0; j < jobs; ++j) {
    const auto& ops = instance.jobs[j].operations;
    schedule.option[j].assign(ops.size(), 0);
    schedule.start[j].assign(ops.size(), 0);
    work_after[j].assign(ops.size() + 1, 0);
    for (int o = static_cast<int>(ops.size()) - 1; o >= 0; --o) {
      work_after[j][o] = work_after[j][o + 1] + MinDuration(ops[o]);
    }
  }
  std::vector<int> next(jobs, 0);
  std::vector<std::int64_t> job_ready(jobs);
  for (int j = 0; j < jobs; ++j) job_ready[j] = instance.jobs[j].release;
  std::vector<std::int64_t> machine_ready(instance.machine_count, 0);
  std::vector<int> best_option(jobs, -1);
  std::vector<std::int64_t> best_end(jobs, kInfinity);
  std::vector<int> conflict;
  std::mt19937_64 random(seed);
  int remaining = instance.OperationCount();
  while (remaining > 0) {
    // Earliest completion per job's next operation, and the overall minimum C*.
    int star_job = -1;
    for (int j = 0; j < jobs; ++j) {
      best_option[j] = -1;
      if (next[j] >= static_cast<int>(instance.jobs[j].operations.size())) continue;
      const auto& options = instance.jobs[j].operations[next[j]].options;
      best_end[j] = kInfinity;
      for (int k = 0; k < static_cast<int>(options.size()); ++k) {
        const std::int64_t start = std::max(job_ready[j], machine_ready[options[k].machine]);
        const std::int64_t end = start + options[k].duration;
        if (end < best_end[j] ||
            (end == best_end[j] && options[k].duration < options[best_option[j]].duration)) {
          best_end[j] = end;
          best_option[j] = k;
        }
      }
      if (star_job < 0 || best_end[j] < best_end[star_job]) star_job = j;
    }
    const auto machine_of = [&](int j) {
      return instance.jobs[j].operations[next[j]].options[best_option[j]].machine;
    };
    const auto duration_of = [&](int j) {
      return instance.jobs[j].operations[next[j]].options[best_option[j]].duration;
    };
    const int star_machine = machine_of(star_job);
    const std::int64_t star_end = best_end[star_job];
    conflict.clear();
    for (int j = 0; j < jobs; ++j) {
      if (best_option[j] < 0 || machine_of(j) != star_machine) continue;
      if (std::max(job_ready[j], machine_ready[star_machine]) < star_end || j == star_job) {
        conflict.push_back(j);
      }
    }
    int chosen = conflict.front();
    if (rule == DispatchRule::kRandom) {
      chosen = conflict[random() % conflict.size()];
    } else {
      const auto priority = [&](int j) -> std::int64_t {
        switch (rule) {
          case DispatchRule::kMostWorkRemaining: return work_after[j][next[j]];
          case DispatchRule::kMostOperationsRemaining:
            return static_cast<std::int64_t>(instance.jobs[j].operations.size()) - next[j];
          case DispatchRule::kShortestProcessingTime: return -duration_of(j);
          case DispatchRule::kLongestProcessingTime: return duration_of(j);
          case DispatchRule::kLeastWorkRemaining: return -work_after[j][next[j]];
          case DispatchRule::kRandom: return 0;
        }
        return 0;
      };
      for (const int j : conflict) {
        if (priority(j) > priority(chosen)) chosen = j;
      }
    }
    const int o = next[chosen];
    const std::int64_t start = std::max(job_ready[chosen], machine_ready[star_machine]);
    const std::int64_t end = start + duration_of(chosen);
    schedule.option[chosen][o] = best_option[chosen];
    schedule.start[chosen][o] = start;
    schedule.machine_order[star_machine].push_back({chosen, o});
    job_ready[chosen] = end;
    machine_ready[star_machine] = end;
    schedule.makespan = std::max(schedule.makespan, end);
    ++next[chosen];
    --remaining;
  }
  return schedule;
}

ShopSchedule BestDispatchSchedule(const ShopInstance& instance) {
  constexpr DispatchRule kRules[] = {
      DispatchRule::kMostWorkRemaining,      DispatchRule::kMostOperationsRemaining,
      DispatchRule::kShortestProcessingTime, DispatchRule::kLongestProcessingTime,
      DispatchRule::kLeastWorkRemaining,
  };
  ShopSchedule best = BuildDispatchSchedule(instance, kRules[0]);
  for (const DispatchRule rule : kRules) {
    ShopSchedule candidate = BuildDispatchSchedule(instance, rule);
    if (candidate.makespan < best.makespan) best = std::move(candidate);
  }
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    ShopSchedule candidate = BuildDispatchSchedule(instance, DispatchRule::kRandom, seed);
    if (candidate.makespan < best.makespan) best = std::move(candidate);
  }
  return best;
}

}  // namespace takt::solver
