// The checker must catch each kind of broken schedule; each case breaks one rule by hand.
#include "solver/check/schedule_checker.hpp"

#include <gtest/gtest.h>

#include "solver/model/problem_builder.hpp"

namespace takt::solver {
namespace {

Assignment At(int machine, Minutes setup_start, Minutes run_start, Minutes end,
              std::vector<int> operators = {}, Minutes setup = 0) {
  return Assignment{0, machine, std::move(operators), setup_start, run_start, end, setup};
}

std::vector<std::string> Rules(const Problem& p, const Schedule& s) {
  std::vector<std::string> rules;
  for (const Violation& v : CheckSchedule(p, s)) rules.push_back(v.rule);
  return rules;
}

using Rs = std::vector<std::string>;

TEST(ScheduleCheckerTest, AcceptsAValidScheduleAndCatchesAMachineOverlap) {
  ProblemBuilder b;
  const int m = b.AddMachine("M1");
  b.AddOperation(b.AddJob("J1"), "A", m, 0, 3);
  b.AddOperation(b.AddJob("J2"), "B", m, 0, 3);
  EXPECT_EQ(Rules(b.problem(), Schedule{{At(m, 0, 0, 3), At(m, 3, 3, 6)}}), Rs{});
  const auto v = CheckSchedule(b.problem(), Schedule{{At(m, 0, 0, 3), At(m, 2, 2, 5)}});
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].message, "machine M1 runs A and B at the same time (minute 2 to minute 3)");
}

TEST(ScheduleCheckerTest, CatchesReleasePrecedenceAndMaxLag) {
  ProblemBuilder b;
  const int m = b.AddMachine("M1");
  const int j = b.AddJob("J1", 5);
  const int a = b.AddOperation(j, "A", m, 0, 2);
  const int x = b.AddOperation(j, "B", m, 0, 2, false);
  b.Link(a, x, LinkType::kFinishStart, 1, 3);
  EXPECT_EQ(Rules(b.problem(), Schedule{{At(m, 5, 5, 7), At(m, 8, 8, 10)}}), Rs{});
  EXPECT_EQ(Rules(b.problem(), Schedule{{At(m, 4, 4, 6), At(m, 7, 7, 9)}}), Rs{"release"});
  EXPECT_EQ(Rules(b.problem(), Schedule{{At(m, 5, 5, 7), At(m, 7, 7, 9)}}), Rs{"precedence"});
  EXPECT_EQ(Rules(b.problem(), Schedule{{At(m, 5, 5, 7), At(m, 11, 11, 13)}}), Rs{"max_lag"});
}

TEST(ScheduleCheckerTest, CatchesCalendarBreachesForBothKindsOfOperation) {
  ProblemBuilder b;
  const int cal = b.AddCalendar("SHIFT", {{0, 4}, {6, 20}});
  const int m = b.AddMachine("M1", cal);
  const int a = b.AddOperation(b.AddJob("J1"), "A", m, 0, 3);
  EXPECT_EQ(Rules(b.problem(), Schedule{{At(m, 2, 2, 5)}}), Rs{"calendar"});
  b.OperationAt(a).interruptible = true;
  EXPECT_EQ(Rules(b.problem(), Schedule{{At(m, 2, 2, 7)}}), Rs{});
  EXPECT_EQ(Rules(b.problem(), Schedule{{At(m, 2, 2, 6)}}), Rs{"calendar"});
}

TEST(ScheduleCheckerTest, CatchesMissingChangeover) {
  ProblemBuilder b;
  const int matrix = b.AddSetupMatrix("COLOUR", 2, {0, 4, 4, 0});
  const int m = b.AddMachine("M1", -1, -1, matrix);
  const int a = b.AddOperation(b.AddJob("J1"), "A", m, 0, 2);
  const int x = b.AddOperation(b.AddJob("J2"), "B", m, 0, 2);
  b.OperationAt(a).setup_family = 0;
  b.OperationAt(x).setup_family = 1;
  EXPECT_EQ(Rules(b.problem(), Schedule{{At(m, 0, 0, 2), At(m, 2, 6, 8, {}, 4)}}), Rs{});
  EXPECT_EQ(Rules(b.problem(), Schedule{{At(m, 0, 0, 2), At(m, 2, 3, 5, {}, 1)}}), Rs{"setup"});
}

TEST(ScheduleCheckerTest, CatchesOperatorSkillAndDoubleBooking) {
  ProblemBuilder b;
  const int weld = b.AddSkill("WELD");
  const int anna = b.AddOperator("ANNA", -1, {OperatorSkill{weld, 2, 0, 10}});
  const int m1 = b.AddMachine("M1");
  const int m2 = b.AddMachine("M2");
  const int a = b.AddOperation(b.AddJob("J1"), "A", m1, 0, 3);
  const int x = b.AddOperation(b.AddJob("J2"), "B", m2, 0, 3);
  b.ModeOf(a).operators = {OperatorRequirement{weld, 2, 1, Attendance::kFull}};
  b.ModeOf(x).operators = {OperatorRequirement{weld, 2, 1, Attendance::kFull}};
  EXPECT_EQ(Rules(b.problem(), Schedule{{At(m1, 0, 0, 3, {anna}), At(m2, 3, 3, 6, {anna})}}), Rs{});
  EXPECT_EQ(Rules(b.problem(), Schedule{{At(m1, 0, 0, 3, {anna}), At(m2, 2, 2, 5, {anna})}}),
            Rs{"operator_overlap"});
  EXPECT_EQ(Rules(b.problem(), Schedule{{At(m1, 0, 0, 3, {anna}), At(m2, 8, 8, 11, {anna})}}),
            Rs{"skill"});
  EXPECT_EQ(Rules(b.problem(), Schedule{{At(m1, 0, 0, 3, {}), At(m2, 3, 3, 6, {anna})}}),
            Rs{"operators"});
}

TEST(ScheduleCheckerTest, CatchesWipPinAndInProgressBreaches) {
  ProblemBuilder b;
  const int wc = b.AddWorkCenter("PAINT", 1);
  const int m1 = b.AddMachine("M1", -1, wc);
  const int m2 = b.AddMachine("M2", -1, wc);
  b.AddOperation(b.AddJob("J1"), "A", m1, 0, 3);
  const int x = b.AddOperation(b.AddJob("J2"), "B", m2, 0, 3);
  EXPECT_EQ(Rules(b.problem(), Schedule{{At(m1, 0, 0, 3), At(m2, 1, 1, 4)}}), Rs{"wip"});
  b.OperationAt(x).pinned = FixedPlacement{0, -1, 5, {}, 0};
  EXPECT_EQ(Rules(b.problem(), Schedule{{At(m1, 0, 0, 3), At(m2, 4, 4, 7)}}), Rs{"pinned"});
  b.OperationAt(x).pinned.reset();
  b.OperationAt(x).in_progress = FixedPlacement{0, -1, -2, {}, 4};
  EXPECT_EQ(Rules(b.problem(), Schedule{{At(m1, 4, 4, 7), At(m2, -2, -2, 4)}}), Rs{});
  EXPECT_EQ(Rules(b.problem(), Schedule{{At(m1, 4, 4, 7), At(m2, -2, -2, 3)}}), Rs{"in_progress"});
}

}  // namespace
}  // namespace takt::solver
