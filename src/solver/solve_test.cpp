// The facade end to end: brute-force agreement on tiny instances, determinism, statuses,
// cancellation, and the checker on every result. Work limits only; no timed assertions.
#include "solver/solve.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "solver/model/problem_builder.hpp"
#include "solver/model/problem_generator.hpp"

namespace takt::solver {
namespace {

SolveParams WorkLimited(std::int64_t work, Objective objective = Objective{}) {
  SolveParams params;
  params.objective = std::move(objective);
  params.time_limit_s = 600;  // never the binding limit in tests
  params.work_limit = work;
  params.deterministic = true;
  params.threads = 2;
  return params;
}

void ExpectChecked(const Problem& problem, const SolveResult& result) {
  ASSERT_TRUE(result.has_schedule) << result.message;
  for (const Violation& v : CheckSchedule(problem, result.schedule)) {
    ADD_FAILURE() << v.rule << ": " << v.message;
  }
}

// Semi-active makespan of a job shop for given machine sequences; -1 if they deadlock.
Minutes ShopMakespan(const Problem& p, const std::vector<std::vector<int>>& sequences) {
  std::vector<Minutes> end(p.operations.size(), -1);
  std::vector<std::size_t> next(sequences.size(), 0);
  std::vector<Minutes> machine_free(sequences.size(), 0);
  std::size_t placed = 0;
  while (placed < p.operations.size()) {
    bool progress = false;
    for (std::size_t m = 0; m < sequences.size(); ++m) {
      if (next[m] == sequences[m].size()) continue;
      const int o = sequences[m][next[m]];
      Minutes ready = p.jobs[p.operations[o].job].release;
      bool ok = true;
      for (const Precedence& link : p.precedences) {
        if (link.after != o) continue;
        if (end[link.before] < 0) ok = false;
        ready = std::max(ready, end[link.before]);
      }
      if (!ok) continue;
      end[o] = std::max(ready, machine_free[m]) + p.operations[o].modes[0].run;
      machine_free[m] = end[o];
      ++next[m];
      ++placed;
      progress = true;
    }
    if (!progress) return -1;
  }
  return *std::max_element(end.begin(), end.end());
}

TEST(SolveTest, AgreesWithBruteForceOnTinyJobShops) {
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    GeneratorParams g;
    g.jobs = 3;
    g.operations_per_job = 3;
    g.machines = 3;
    g.seed = seed;
    g.min_run = 1;
    g.max_run = 9;
    Problem p = GenerateProblem(g);
    for (Operation& op : p.operations) op.modes[0].setup = 0;
    for (Job& j : p.jobs) j.release = 0;
    std::vector<std::vector<int>> by_machine(p.machines.size());
    for (std::size_t o = 0; o < p.operations.size(); ++o) {
      by_machine[p.operations[o].modes[0].machine].push_back(static_cast<int>(o));
    }
    // Enumerate every combination of machine sequences.
    Minutes best = kNoTime;
    std::vector<std::vector<int>> seq = by_machine;
    for (auto& s : seq) std::sort(s.begin(), s.end());
    std::function<void(std::size_t)> enumerate = [&](std::size_t m) {
      if (m == seq.size()) {
        const Minutes ms = ShopMakespan(p, seq);
        if (ms >= 0) best = std::min(best, ms);
        return;
      }
      std::sort(seq[m].begin(), seq[m].end());
      do {
        enumerate(m + 1);
      } while (std::next_permutation(seq[m].begin(), seq[m].end()));
    };
    enumerate(0);
    const SolveResult result = Solve(p, WorkLimited(200000));
    ExpectChecked(p, result);
    EXPECT_EQ(result.kpis.makespan, best) << "seed " << seed;
    // OPTIMAL exactly when the lower bound proves it.
    EXPECT_EQ(result.status == SolveStatus::kOptimal, result.bound >= static_cast<double>(best))
        << "seed " << seed;
  }
}

TEST(SolveTest, AgreesWithBruteForceOnChangeoverSequencing) {
  // One machine, five jobs, sequence-dependent changeovers: the LNS must find the best order.
  ProblemBuilder b;
  const int matrix = b.AddSetupMatrix("COLOUR", 3, {0, 7, 3, 2, 0, 9, 8, 1, 0});
  const int m = b.AddMachine("M1", -1, -1, matrix);
  const int families[] = {0, 1, 2, 1, 0};
  for (int j = 0; j < 5; ++j) {
    const int o =
        b.AddOperation(b.AddJob("J" + std::to_string(j)), "J" + std::to_string(j), m, 0, 4 + j);
    b.OperationAt(o).setup_family = families[j];
  }
  const Problem p = std::move(b).Build();
  std::vector<int> order{0, 1, 2, 3, 4};
  Minutes best = kNoTime;
  do {
    Minutes total = 0;
    for (int k = 0; k < 5; ++k) {
      total += 4 + order[k];
      if (k > 0)
        total += p.setup_matrices[0].Changeover(families[order[k - 1]], families[order[k]]);
    }
    best = std::min(best, total);
  } while (std::next_permutation(order.begin(), order.end()));
  const SolveResult result = Solve(p, WorkLimited(400000));
  ExpectChecked(p, result);
  EXPECT_EQ(result.kpis.makespan, best);
}

TEST(SolveTest, SameSeedAndWorkLimitGiveTheSameSchedule) {
  GeneratorParams g;
  g.jobs = 25;
  g.machines = 6;
  g.machines_per_center = 2;
  g.operators = 5;
  g.calendars = true;
  g.setups = true;
  g.extra_links = true;
  const Problem p = GenerateProblem(g);
  const SolveParams params = WorkLimited(300000, FindStrategy("balanced")->objective);
  const SolveResult a = Solve(p, params);
  const SolveResult b = Solve(p, params);
  ExpectChecked(p, a);
  EXPECT_EQ(a.schedule, b.schedule);
  EXPECT_EQ(a.objective, b.objective);
}

TEST(SolveTest, RandomInstancesImproveOrKeepTheConstructiveAndPassTheChecker) {
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    GeneratorParams g;
    g.seed = seed;
    g.jobs = 12;
    g.machines = 5;
    g.machines_per_center = seed % 2 == 0 ? 1 : 2;
    g.operators = 4;
    g.calendars = seed % 3 != 0;
    g.setups = true;
    g.wip_limits = seed % 2 == 0;
    g.extra_links = true;
    const Problem p = GenerateProblem(g);
    for (const std::string name : {"due_dates", "setup_minimizing"}) {
      const SolveResult r = Solve(p, WorkLimited(100000, FindStrategy(name)->objective));
      ExpectChecked(p, r);
      EXPECT_TRUE(r.status == SolveStatus::kFeasible || r.status == SolveStatus::kOptimal);
      EXPECT_GE(r.gap, 0.0);
    }
  }
}

TEST(SolveTest, InvalidModelReturnsEveryDefectAndNoSchedule) {
  ProblemBuilder b;
  const int m = b.AddMachine("M1");
  b.AddOperation(b.AddJob("J1", 50, 10), "A", m, -1, 5);
  const SolveResult r = Solve(b.problem(), WorkLimited(1000));
  EXPECT_EQ(r.status, SolveStatus::kModelInvalid);
  EXPECT_FALSE(r.has_schedule);
  EXPECT_EQ(r.defects.size(), 2u);
}

TEST(SolveTest, PinnedOperationBeforeItsPredecessorCanFinishIsInfeasible) {
  ProblemBuilder b;
  const int m = b.AddMachine("M1");
  const int j = b.AddJob("J1");
  b.AddOperation(j, "A", m, 0, 10);
  const int x = b.AddOperation(j, "B", m, 0, 5);
  b.OperationAt(x).pinned = FixedPlacement{0, -1, 5, {}, 0};
  const SolveResult r = Solve(b.problem(), WorkLimited(1000));
  EXPECT_EQ(r.status, SolveStatus::kInfeasible);
  EXPECT_EQ(r.message,
            "operation B is fixed to start at minute 5 but its FS predecessor A cannot allow it "
            "before minute 10");
}

TEST(SolveTest, CancelledBeforeSearchStillReturnsTheConstructiveSchedule) {
  GeneratorParams g;
  g.jobs = 10;
  g.calendars = true;
  const Problem p = GenerateProblem(g);
  std::atomic<bool> cancel{true};
  SolveParams params = WorkLimited(100000, FindStrategy("due_dates")->objective);
  params.cancel = &cancel;
  const SolveResult r = Solve(p, params);
  ExpectChecked(p, r);
  EXPECT_EQ(r.status, SolveStatus::kCancelled);
  EXPECT_TRUE(r.fallback);
}

TEST(SolveTest, ReportsEachImprovementWithObjectiveBoundAndGap) {
  GeneratorParams g;
  g.jobs = 15;
  g.machines = 4;
  const Problem p = GenerateProblem(g);
  std::vector<double> seen;
  SolveParams params = WorkLimited(100000);
  params.on_improvement = [&](const SolveProgress& progress) {
    seen.push_back(progress.objective.front());
    EXPECT_GE(progress.gap, 0.0);
    EXPECT_LE(progress.bound, progress.objective.front());
  };
  const SolveResult r = Solve(p, params);
  ASSERT_FALSE(seen.empty());
  EXPECT_TRUE(std::is_sorted(seen.rbegin(), seen.rend()));
  EXPECT_EQ(seen.back(), r.objective.front());
}

}  // namespace
}  // namespace takt::solver
