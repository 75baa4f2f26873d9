#include "solver/shop/shop_search.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>

#include "solver/io/fjsp_reader.hpp"
#include "solver/io/jssp_reader.hpp"
#include "solver/shop/dispatch_constructive.hpp"

namespace takt::solver {
namespace {

std::string InstancePath(const std::string& relative) {
  const char* root = std::getenv("TAKT_SOURCE_DIR");
  return std::string(root != nullptr ? root : ".") + "/bench/instances/" + relative;
}

// Independent schedule check, written from the problem statement only: every operation has a
// valid option, starts after its release and its job predecessor, machines never overlap, each
// machine order lists exactly its operations by start time, and the makespan is the last end.
::testing::AssertionResult IsFeasible(const ShopInstance& instance, const ShopSchedule& s) {
  if (s.option.size() != instance.jobs.size() || s.start.size() != instance.jobs.size()) {
    return ::testing::AssertionFailure() << "wrong job count";
  }
  std::int64_t makespan = 0;
  std::vector<std::vector<std::pair<std::int64_t, std::int64_t>>> busy(instance.machine_count);
  std::vector<std::vector<std::pair<std::int64_t, ShopOperationRef>>> by_machine(
      instance.machine_count);
  for (std::size_t j = 0; j < instance.jobs.size(); ++j) {
    const auto& ops = instance.jobs[j].operations;
    if (s.option[j].size() != ops.size() || s.start[j].size() != ops.size()) {
      return ::testing::AssertionFailure() << "job " << j << " has wrong operation count";
    }
    std::int64_t ready = instance.jobs[j].release;
    for (std::size_t o = 0; o < ops.size(); ++o) {
      const int option = s.option[j][o];
      if (option < 0 || option >= static_cast<int>(ops[o].options.size())) {
        return ::testing::AssertionFailure() << "bad option for " << j << "/" << o;
      }
      const ShopOption& chosen = ops[o].options[option];
      if (s.start[j][o] < ready) {
        return ::testing::AssertionFailure() << "job " << j << " op " << o << " starts early";
      }
      ready = s.start[j][o] + chosen.duration;
      makespan = std::max(makespan, ready);
      busy[chosen.machine].push_back({s.start[j][o], ready});
      by_machine[chosen.machine].push_back(
          {s.start[j][o], {static_cast<int>(j), static_cast<int>(o)}});
    }
  }
  for (int k = 0; k < instance.machine_count; ++k) {
    std::sort(busy[k].begin(), busy[k].end());
    for (std::size_t i = 1; i < busy[k].size(); ++i) {
      if (busy[k][i].first < busy[k][i - 1].second) {
        return ::testing::AssertionFailure() << "overlap on machine " << k;
      }
    }
    if (s.machine_order.size() != static_cast<std::size_t>(instance.machine_count) ||
        s.machine_order[k].size() != by_machine[k].size()) {
      return ::testing::AssertionFailure() << "machine order of " << k << " incomplete";
    }
    for (std::size_t i = 0; i < s.machine_order[k].size(); ++i) {
      const ShopOperationRef ref = s.machine_order[k][i];
      const auto it = std::find_if(by_machine[k].begin(), by_machine[k].end(),
                                   [&](const auto& entry) { return entry.second == ref; });
      if (it == by_machine[k].end()) {
        return ::testing::AssertionFailure() << "machine order of " << k << " names a stranger";
      }
      if (i > 0) {
        const ShopOperationRef prev = s.machine_order[k][i - 1];
        if (s.start[prev.job][prev.operation] > s.start[ref.job][ref.operation]) {
          return ::testing::AssertionFailure() << "machine order of " << k << " not by start";
        }
      }
    }
  }
  if (makespan != s.makespan) {
    return ::testing::AssertionFailure()
           << "makespan " << s.makespan << " but last end " << makespan;
  }
  return ::testing::AssertionSuccess();
}

ShopInstance RandomInstance(std::mt19937_64& random, int jobs, int machines, int ops_per_job,
                            int max_options) {
  ShopInstance instance;
  instance.name = "random";
  instance.machine_count = machines;
  for (int j = 0; j < jobs; ++j) {
    ShopJob job;
    job.release = static_cast<std::int64_t>(random() % 4);
    for (int o = 0; o < ops_per_job; ++o) {
      ShopOperation operation;
      std::vector<int> pool(machines);
      for (int k = 0; k < machines; ++k) pool[k] = k;
      std::shuffle(pool.begin(), pool.end(), random);
      const int count = 1 + static_cast<int>(random() % max_options);
      for (int c = 0; c < count && c < machines; ++c) {
        operation.options.push_back({pool[c], static_cast<std::int64_t>(random() % 9)});
      }
      job.operations.push_back(operation);
    }
    instance.jobs.push_back(job);
  }
  return instance;
}

// Optimal makespan by enumerating every order of appending operations (with every option): the
// semi-active schedules are exactly those, so the minimum is the optimum.
std::int64_t BruteForceMakespan(const ShopInstance& instance) {
  const int jobs = static_cast<int>(instance.jobs.size());
  std::vector<int> next(jobs, 0);
  std::vector<std::int64_t> job_ready(jobs);
  for (int j = 0; j < jobs; ++j) job_ready[j] = instance.jobs[j].release;
  std::vector<std::int64_t> machine_ready(instance.machine_count, 0);
  std::int64_t best = std::numeric_limits<std::int64_t>::max();
  std::function<void(std::int64_t)> recurse = [&](std::int64_t makespan) {
    if (makespan >= best) return;
    bool done = true;
    for (int j = 0; j < jobs; ++j) {
      if (next[j] >= static_cast<int>(instance.jobs[j].operations.size())) continue;
      done = false;
      for (const ShopOption& option : instance.jobs[j].operations[next[j]].options) {
        const std::int64_t saved_job = job_ready[j];
        const std::int64_t saved_machine = machine_ready[option.machine];
        const std::int64_t end = std::max(saved_job, saved_machine) + option.duration;
        job_ready[j] = end;
        machine_ready[option.machine] = end;
        ++next[j];
        recurse(std::max(makespan, end));
        --next[j];
        job_ready[j] = saved_job;
        machine_ready[option.machine] = saved_machine;
      }
    }
    if (done) best = std::min(best, makespan);
  };
  recurse(0);
  return best;
}

ShopSearchParams WorkLimited(std::int64_t work, int threads = 2) {
  ShopSearchParams params;
  params.time_limit_s = 1e9;  // the work limit ends every test run
  params.work_limit = work;
  params.threads = threads;
  params.deterministic = true;
  return params;
}

TEST(ShopSearchTest, Ft06ReachesOptimum55) {
  auto instance = ReadJsspFile(InstancePath("jssp/ft06.txt"));
  ASSERT_TRUE(instance.has_value()) << instance.error().message;
  const ShopSchedule constructive = BestDispatchSchedule(*instance);
  EXPECT_TRUE(IsFeasible(*instance, constructive));
  const ShopSearchResult result = SearchShop(*instance, std::nullopt, WorkLimited(2'000'000));
  EXPECT_TRUE(IsFeasible(*instance, result.best));
  EXPECT_EQ(result.best.makespan, 55);
}

TEST(ShopSearchTest, Ft10ImprovesOnConstructiveAndStaysFeasible) {
  auto instance = ReadJsspFile(InstancePath("jssp/ft10.txt"));
  ASSERT_TRUE(instance.has_value());
  const ShopSchedule constructive = BestDispatchSchedule(*instance);
  const ShopSearchResult result = SearchShop(*instance, constructive, WorkLimited(3'000'000));
  EXPECT_TRUE(IsFeasible(*instance, result.best));
  EXPECT_LT(result.best.makespan, constructive.makespan);
  EXPECT_LE(result.best.makespan, 1000);  // best known 930; dispatching rules give ~1100+
  EXPECT_GE(result.best.makespan, ShopLowerBound(*instance));
}

TEST(ShopSearchTest, FlexibleMk01IsFeasibleAndNearBestKnown) {
  auto instance = ReadFjspFile(InstancePath("fjsp/mk01.fjs"));
  ASSERT_TRUE(instance.has_value());
  const ShopSearchResult result = SearchShop(*instance, std::nullopt, WorkLimited(3'000'000));
  EXPECT_TRUE(IsFeasible(*instance, result.best));
  EXPECT_LE(result.best.makespan, 42);  // best known 40
}

TEST(ShopSearchTest, TinyRandomInstancesMatchBruteForce) {
  std::mt19937_64 random(20261124);
  for (int round = 0; round < 12; ++round) {
    const bool flexible = round % 2 == 1;
    const ShopInstance instance = RandomInstance(random, 3, 3, 3, flexible ? 2 : 1);
    const std::int64_t optimum = BruteForceMakespan(instance);
    ShopSearchParams params = WorkLimited(200'000);
    params.seed = static_cast<std::uint64_t>(round) + 1;
    const ShopSearchResult result = SearchShop(instance, std::nullopt, params);
    EXPECT_TRUE(IsFeasible(instance, result.best)) << "round " << round;
    EXPECT_EQ(result.best.makespan, optimum) << "round " << round;
    EXPECT_LE(ShopLowerBound(instance), optimum) << "round " << round;
  }
}

TEST(ShopSearchTest, SameSeedAndWorkLimitGiveIdenticalSchedules) {
  auto instance = ReadJsspFile(InstancePath("jssp/la16.txt"));
  ASSERT_TRUE(instance.has_value());
  ShopSearchParams params = WorkLimited(400'000);
  params.seed = 7;
  const ShopSearchResult first = SearchShop(*instance, std::nullopt, params);
  const ShopSearchResult second = SearchShop(*instance, std::nullopt, params);
  EXPECT_EQ(first.best.makespan, second.best.makespan);
  EXPECT_EQ(first.best.start, second.best.start);
  EXPECT_EQ(first.best.option, second.best.option);
  EXPECT_EQ(first.best.machine_order, second.best.machine_order);
  EXPECT_EQ(first.stats.work, second.stats.work);
}

TEST(ShopSearchTest, NeverWorseThanInitial) {
  auto instance = ReadFjspFile(InstancePath("fjsp/mk04.fjs"));
  ASSERT_TRUE(instance.has_value());
  const ShopSchedule initial = BuildDispatchSchedule(*instance, DispatchRule::kRandom, 3);
  ASSERT_TRUE(IsFeasible(*instance, initial));
  const ShopSearchResult result = SearchShop(*instance, initial, WorkLimited(1000, 1));
  EXPECT_TRUE(IsFeasible(*instance, result.best));
  EXPECT_LE(result.best.makespan, initial.makespan);
}

TEST(ShopSearchTest, IgnoresAnInitialScheduleThatDoesNotFit) {
  auto instance = ReadJsspFile(InstancePath("jssp/ft06.txt"));
  ASSERT_TRUE(instance.has_value());
  ShopSchedule broken = BestDispatchSchedule(*instance);
  std::swap(broken.machine_order[0], broken.machine_order[1]);  // operations on wrong machines
  const ShopSearchResult result = SearchShop(*instance, broken, WorkLimited(10'000));
  EXPECT_TRUE(IsFeasible(*instance, result.best));
}

TEST(ShopSearchTest, ZeroDurationsAndReleasesStayFeasible) {
  std::mt19937_64 random(99);
  for (int round = 0; round < 6; ++round) {
    ShopInstance instance = RandomInstance(random, 6, 4, 4, 3);
    for (ShopJob& job : instance.jobs) {
      for (ShopOperation& op : job.operations) {
        for (ShopOption& option : op.options) option.duration = random() % 3 == 0 ? 0 : 5;
      }
    }
    const ShopSearchResult result = SearchShop(instance, std::nullopt, WorkLimited(50'000));
    EXPECT_TRUE(IsFeasible(instance, result.best)) << "round " << round;
  }
}

TEST(ShopSearchTest, EmptyInstanceGivesEmptySchedule) {
  ShopInstance instance;
  instance.machine_count = 2;
  instance.jobs.resize(1);
  const ShopSearchResult result = SearchShop(instance, std::nullopt, WorkLimited(100));
  EXPECT_EQ(result.best.makespan, 0);
  EXPECT_EQ(result.best.machine_order.size(), 2u);
}

TEST(ShopSearchTest, MalformedInstanceIsReportedAndNotSearched) {
  ShopInstance instance;
  instance.machine_count = 2;
  ShopJob job;
  job.operations.push_back({{{0, 3}, {0, 4}}});  // machine 0 twice
  job.operations.push_back({{{2, 1}}});          // machine out of range
  job.operations.push_back({{{1, -5}}});         // negative duration
  job.operations.push_back({});                  // no option
  instance.jobs.push_back(job);
  const auto check = CheckShopInstance(instance);
  ASSERT_FALSE(check.has_value());
  EXPECT_EQ(check.error().field_errors.size(), 4u);
  EXPECT_EQ(check.error().field_errors[0].field, "jobs[0].operations[0].options[1].machine");
  EXPECT_EQ(check.error().field_errors[3].field, "jobs[0].operations[3].options");
  const ShopSearchResult result = SearchShop(instance, std::nullopt, WorkLimited(100));
  EXPECT_EQ(result.best.makespan, 0);
  EXPECT_TRUE(result.best.machine_order[0].empty());
}

TEST(ShopSearchTest, CancelStopsAtOnce) {
  auto instance = ReadJsspFile(InstancePath("jssp/ta01.txt"));
  ASSERT_TRUE(instance.has_value());
  std::atomic<bool> cancel{true};
  ShopSearchParams params = WorkLimited(1'000'000'000);
  params.cancel = &cancel;
  const ShopSearchResult result = SearchShop(*instance, std::nullopt, params);
  EXPECT_TRUE(result.stats.cancelled);
  EXPECT_TRUE(IsFeasible(*instance, result.best));
}

TEST(ShopSearchTest, ReportsImprovementsInOrder) {
  auto instance = ReadJsspFile(InstancePath("jssp/la01.txt"));
  ASSERT_TRUE(instance.has_value());
  std::vector<std::int64_t> seen;
  ShopSearchParams params = WorkLimited(200'000);
  params.on_improvement = [&](const ShopSchedule& best, double) {
    EXPECT_TRUE(IsFeasible(*instance, best));
    seen.push_back(best.makespan);
  };
  const ShopSearchResult result = SearchShop(*instance, std::nullopt, params);
  ASSERT_FALSE(seen.empty());
  EXPECT_TRUE(std::is_sorted(seen.rbegin(), seen.rend()));
  EXPECT_EQ(seen.back(), result.best.makespan);
}

}  // namespace
}  // namespace takt::solver
