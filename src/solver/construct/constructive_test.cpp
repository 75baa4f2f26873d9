// Randomized instances with fixed seeds: every schedule the constructive phase returns must pass
// the independent checker, on every combination of constraint families.
#include "solver/construct/constructive.hpp"

#include <gtest/gtest.h>

#include "solver/check/schedule_checker.hpp"
#include "solver/model/problem_generator.hpp"

namespace takt::solver {
namespace {

void ExpectClean(const Problem& problem, const Schedule& schedule, const std::string& label) {
  const std::vector<Violation> violations = CheckSchedule(problem, schedule);
  for (const Violation& v : violations)
    ADD_FAILURE() << label << ": " << v.rule << ": " << v.message;
}

TEST(ConstructiveTest, RandomInstancesWithEveryFeaturePassTheChecker) {
  int feasible = 0;
  int total = 0;
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    for (int shape = 0; shape < 4; ++shape) {
      GeneratorParams params;
      params.seed = seed;
      params.jobs = 8 + static_cast<int>(seed % 5);
      params.operations_per_job = 4;
      params.machines = 6;
      params.machines_per_center = shape % 2 == 0 ? 2 : 1;
      params.operators = shape >= 2 ? 4 : 0;
      params.calendars = shape != 0;
      params.setups = shape != 1;
      params.wip_limits = shape == 3;
      params.extra_links = shape >= 1;
      const Problem problem = GenerateProblem(params);
      Decoder decoder(problem);
      const ConstructResult result = Construct(decoder, Objective{}, 2);
      ++total;
      const std::string label = "seed " + std::to_string(seed) + " shape " + std::to_string(shape);
      if (!result.feasible) {
        ADD_FAILURE() << label << ": " << result.failure;
        continue;
      }
      ++feasible;
      ExpectClean(problem, result.schedule, label);
      // Random priorities exercise other insertion orders.
      DecodeRequest request;
      for (std::size_t i = 0; i < problem.operations.size(); ++i) {
        request.priority.push_back(static_cast<double>((i * 7919 + seed * 104729) % 1000));
      }
      request.time_first = seed % 2 == 0;
      const DecodeResult random = decoder.Decode(request);
      if (random.feasible) ExpectClean(problem, random.schedule, label + " random order");
    }
  }
  EXPECT_EQ(feasible, total);
}

TEST(ConstructiveTest, ResultDoesNotDependOnTheThreadCount) {
  GeneratorParams params;
  params.jobs = 30;
  params.machines = 8;
  params.machines_per_center = 2;
  params.operators = 6;
  params.calendars = true;
  params.setups = true;
  const Problem problem = GenerateProblem(params);
  Decoder decoder(problem);
  const ConstructResult one = Construct(decoder, Objective{}, 1);
  const ConstructResult two = Construct(decoder, Objective{}, 2);
  ASSERT_TRUE(one.feasible);
  EXPECT_EQ(one.schedule, two.schedule);
  EXPECT_EQ(one.rule, two.rule);
}

TEST(ConstructiveTest, DueDateRuleServesTheUrgentJobFirst) {
  Problem problem;
  problem.machines.push_back(Machine{"M1", -1, -1, -1});
  for (int j = 0; j < 3; ++j) {
    Job job;
    job.code = "J" + std::to_string(j + 1);
    job.due = 100 - 40 * j;  // J3 is due first
    job.operations = {j};
    problem.jobs.push_back(job);
    Operation op;
    op.code = job.code + "-10";
    op.job = j;
    op.modes.push_back(Mode{0, -1, 0, 30, {}});
    problem.operations.push_back(op);
  }
  Strategy due = *FindStrategy("due_dates");
  const ConstructResult result = Construct(Decoder(problem), due.objective, 1);
  ASSERT_TRUE(result.feasible);
  EXPECT_EQ(result.schedule.assignments[2].setup_start, 0);
  EXPECT_EQ(result.schedule.assignments[1].setup_start, 30);
  EXPECT_EQ(result.schedule.assignments[0].setup_start, 60);
}

}  // namespace
}  // namespace takt::solver
