#include "solver/shop/dispatch_constructive.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <limits>
#include <random>

#include "solver/shop/shop_search.hpp"

namespace takt::solver {
namespace {

constexpr std::int64_t kInfinity = std::numeric_limits<std::int64_t>::max() / 4;

std::int64_t MinDuration(const ShopOperation& operation) {
  std::int64_t best = kInfinity;
  for (const ShopOption& option : operation.options) best = std::min(best, option.duration);
  return best;
}

ShopInstance GeneratedShop(std::uint64_t seed, int jobs, int operations, int machines,
                           int max_options) {
  std::mt19937_64 random(seed);
  ShopInstance instance;
  instance.name = "generated";
  instance.machine_count = machines;
  for (int j = 0; j < jobs; ++j) {
    ShopJob job;
    job.release = static_cast<std::int64_t>(random() % 20);
    for (int o = 0; o < operations; ++o) {
      ShopOperation operation;
      const int count = 1 + static_cast<int>(random() % static_cast<std::uint64_t>(max_options));
      const int first = static_cast<int>(random() % static_cast<std::uint64_t>(machines));
      for (int k = 0; k < count; ++k) {
        operation.options.push_back(
            {(first + k) % machines, 1 + static_cast<std::int64_t>(random() % 99)});
      }
      job.operations.push_back(operation);
    }
    instance.jobs.push_back(job);
  }
  return instance;
}

// Feasibility from the problem statement: valid options, job order and releases respected, no
// machine overlap, each machine order lists exactly its operations in start order.
bool Feasible(const ShopInstance& instance, const ShopSchedule& s) {
  if (s.option.size() != instance.jobs.size()) return false;
  if (static_cast<int>(s.machine_order.size()) != instance.machine_count) return false;
  std::vector<std::vector<std::pair<std::int64_t, std::int64_t>>> busy(instance.machine_count);
  std::int64_t makespan = 0;
  for (std::size_t j = 0; j < instance.jobs.size(); ++j) {
    std::int64_t ready = instance.jobs[j].release;
    const auto& ops = instance.jobs[j].operations;
    if (s.option[j].size() != ops.size() || s.start[j].size() != ops.size()) return false;
    for (std::size_t o = 0; o < ops.size(); ++o) {
      const int option = s.option[j][o];
      if (option < 0 || option >= static_cast<int>(ops[o].options.size())) return false;
      if (s.start[j][o] < ready) return false;
      ready = s.start[j][o] + ops[o].options[option].duration;
      makespan = std::max(makespan, ready);
      busy[ops[o].options[option].machine].push_back({s.start[j][o], ready});
    }
  }
  for (int k = 0; k < instance.machine_count; ++k) {
    if (s.machine_order[k].size() != busy[k].size()) return false;
    std::sort(busy[k].begin(), busy[k].end());
    for (std::size_t i = 1; i < busy[k].size(); ++i) {
      if (busy[k][i].first < busy[k][i - 1].second) return false;
    }
    std::int64_t previous = -1;
    for (const ShopOperationRef& ref : s.machine_order[k]) {
      const auto& operation = instance.jobs[ref.job].operations[ref.operation];
      if (operation.options[s.option[ref.job][ref.operation]].machine != k) return false;
      if (s.start[ref.job][ref.operation] < previous) return false;
      previous = s.start[ref.job][ref.operation];
    }
  }
  return makespan == s.makespan;
}

// The textbook Giffler-Thompson pass, scanning every job at every step (O(n * jobs)); the fast
// generation must take exactly the same decisions.
ShopSchedule ReferenceSchedule(const ShopInstance& instance, DispatchRule rule,
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

TEST(DispatchConstructiveTest, MatchesTheTextbookPassOnEveryRule) {
  constexpr DispatchRule kRules[] = {
      DispatchRule::kMostWorkRemaining,      DispatchRule::kMostOperationsRemaining,
      DispatchRule::kShortestProcessingTime, DispatchRule::kLongestProcessingTime,
      DispatchRule::kLeastWorkRemaining,     DispatchRule::kRandom,
  };
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    const ShopInstance instance = GeneratedShop(seed, 12, 6, 5, seed % 2 == 0 ? 3 : 1);
    for (const DispatchRule rule : kRules) {
      const ShopSchedule fast = BuildDispatchSchedule(instance, rule, seed);
      const ShopSchedule reference = ReferenceSchedule(instance, rule, seed);
      EXPECT_TRUE(Feasible(instance, fast)) << "seed " << seed;
      EXPECT_EQ(fast.start, reference.start) << "seed " << seed;
      EXPECT_EQ(fast.option, reference.option) << "seed " << seed;
      EXPECT_EQ(fast.machine_order, reference.machine_order) << "seed " << seed;
    }
  }
}

// 2,000 jobs x 10 operations: the scanning pass would spend about n * jobs = 40,000,000 units;
// the heap-based one must stay near-linear.
TEST(DispatchConstructiveTest, LargeInstanceCostsNearLinearWork) {
  const ShopInstance instance = GeneratedShop(7, 2000, 10, 50, 2);
  const std::int64_t n = instance.OperationCount();
  std::int64_t work = 0;
  const ShopSchedule schedule =
      BuildDispatchSchedule(instance, DispatchRule::kMostWorkRemaining, 1, &work);
  EXPECT_TRUE(Feasible(instance, schedule));
  EXPECT_GT(work, n);
  EXPECT_LT(work, 200 * n);
}

TEST(DispatchConstructiveTest, StopAbandonsTheOtherRulesButKeepsOneSchedule) {
  const ShopInstance instance = GeneratedShop(8, 2000, 10, 50, 2);
  std::int64_t one = 0;
  BuildDispatchSchedule(instance, DispatchRule::kMostWorkRemaining, 1, &one);
  std::int64_t work = 0;
  const ShopSchedule schedule = BestDispatchSchedule(
      instance, [] { return true; }, &work);
  EXPECT_TRUE(Feasible(instance, schedule));
  EXPECT_EQ(work, one);
}

TEST(DispatchConstructiveTest, SearchShopWithCancelSetReturnsOneConstructionOnLargeInstance) {
  const ShopInstance instance = GeneratedShop(9, 2000, 10, 50, 2);
  std::int64_t one = 0;
  BuildDispatchSchedule(instance, DispatchRule::kMostWorkRemaining, 1, &one);
  std::atomic<bool> cancel{true};
  ShopSearchParams params;
  params.time_limit_s = 1e9;
  params.threads = 2;
  params.cancel = &cancel;
  const ShopSearchResult result = SearchShop(instance, std::nullopt, params);
  EXPECT_TRUE(Feasible(instance, result.best));
  EXPECT_TRUE(result.stats.cancelled);
  EXPECT_EQ(result.stats.iterations, 0);
  EXPECT_EQ(result.stats.work, one);
}

TEST(DispatchConstructiveTest, SearchShopWorkLimitCoversTheConstruction) {
  const ShopInstance instance = GeneratedShop(10, 2000, 10, 50, 2);
  ShopSearchParams params;
  params.time_limit_s = 1e9;
  params.threads = 1;
  params.work_limit = 1000;  // less than one construction
  const ShopSearchResult result = SearchShop(instance, std::nullopt, params);
  EXPECT_TRUE(Feasible(instance, result.best));
  EXPECT_EQ(result.stats.iterations, 0);
  EXPECT_LT(result.stats.work, 200LL * instance.OperationCount());
}

}  // namespace
}  // namespace takt::solver
