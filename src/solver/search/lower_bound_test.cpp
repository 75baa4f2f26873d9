#include "solver/search/lower_bound.hpp"

#include <gtest/gtest.h>

#include "solver/model/problem_builder.hpp"

namespace takt::solver {
namespace {

TEST(LowerBoundTest, MachineLoadIsPackedIntoTheMachineCalendar) {
  // 3 x 100 minutes on M1, which works 200 minutes a day: at least until minute 1540.
  ProblemBuilder b;
  const int day = b.AddCalendar("DAY", {{0, 200}, {1440, 1640}});
  const int m = b.AddMachine("M1", day);
  for (int j = 0; j < 3; ++j) b.AddOperation(b.AddJob("J" + std::to_string(j)), "O", m, 0, 100);
  const LowerBounds lb = ComputeLowerBounds(b.problem());
  EXPECT_EQ(lb.makespan, 1540);  // 200 minutes on day 0, the last 100 on day 1
}

TEST(LowerBoundTest, WorkThatMustStayInACenterIsSharedByItsMachines) {
  ProblemBuilder b;
  const int wc = b.AddWorkCenter("LATHES", 0);
  const int m1 = b.AddMachine("L1", -1, wc);
  b.AddMachine("L2", -1, wc);
  for (int j = 0; j < 5; ++j) {
    const int o = b.AddOperation(b.AddJob("J" + std::to_string(j)), "O", m1, 0, 40);
    b.ModeOf(o).machine = -1;
    b.ModeOf(o).work_center = wc;
  }
  Problem p = std::move(b).Build();
  ExpandWorkCenterModes(p);
  EXPECT_EQ(ComputeLowerBounds(p).makespan, 100);  // 200 minutes on 2 machines
}

TEST(LowerBoundTest, PathBoundFollowsEveryLinkTypeAndGivesJobTardiness) {
  ProblemBuilder b;
  const int m1 = b.AddMachine("M1");
  const int m2 = b.AddMachine("M2");
  const int j = b.AddJob("J1", /*release=*/10, /*due=*/50, /*weight=*/4);
  const int a = b.AddOperation(j, "A", m1, 5, 20);         // 10..35
  const int x = b.AddOperation(j, "B", m2, 0, 10, false);  // FF +30: ends >= 65
  b.Link(a, x, LinkType::kFinishFinish, 30);
  const LowerBounds lb = ComputeLowerBounds(b.problem());
  EXPECT_EQ(lb.job_completion[j], 65);
  Objective tardiness;
  tardiness.terms = {ObjectiveTerm{Criterion::kWeightedTardiness, 1.0}};
  EXPECT_EQ(ObjectiveLowerBound(tardiness, lb, b.problem()), 4.0 * 15);
  EXPECT_TRUE(lb.infeasible.empty());
}

}  // namespace
}  // namespace takt::solver
