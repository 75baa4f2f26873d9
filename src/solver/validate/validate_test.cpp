#include "solver/validate/validate.hpp"

#include <gtest/gtest.h>

#include "solver/model/problem_builder.hpp"

namespace takt::solver {
namespace {

TEST(ValidateTest, ACleanProblemHasNoDefects) {
  ProblemBuilder b;
  const int m = b.AddMachine("M1");
  const int j = b.AddJob("J1", 0, 100);
  b.AddOperation(j, "J1-10", m, 5, 10);
  b.AddOperation(j, "J1-20", m, 0, 10);
  EXPECT_TRUE(Validate(b.problem()).empty());
}

TEST(ValidateTest, ReportsEveryDefectAtOnceInPlannerWords) {
  ProblemBuilder b;
  const int weld = b.AddSkill("WELD");
  b.AddOperator("ANNA", -1, {OperatorSkill{weld, 2}});
  const int shift = b.AddCalendar("SHIFT", {{0, 480}, {960, 1440}});
  const int m = b.AddMachine("M1", shift);
  const int j = b.AddJob("J1", /*release=*/500, /*due=*/100);
  const int a = b.AddOperation(j, "J1-10", m, 0, 600);
  const int x = b.AddOperation(j, "J1-20", m, 0, 10);
  const int c = b.AddOperation(j, "J1-30", m, 0, 10);
  b.ModeOf(x).operators = {OperatorRequirement{weld, 3, 1, Attendance::kFull}};
  b.ModeOf(c).machine = 7;
  b.Link(x, a);                                 // closes a cycle J1-10 -> J1-20 -> J1-10
  b.Link(a, c, LinkType::kStartStart, 30, 10);  // max lag below min lag
  const std::vector<FieldError> defects = Validate(b.problem());
  std::vector<std::string> messages;
  messages.reserve(defects.size());
  for (const FieldError& e : defects) messages.push_back(e.field + ": " + e.message);
  // Long messages continue on the next line as adjacent literals (one element each).
  // NOLINTBEGIN(bugprone-suspicious-missing-comma)
  const std::vector<std::string> expected{
      "jobs[J1].due: job J1 is due (minute 100) before it is released (minute 500)",
      "operations[J1-10].interruptible: operation J1-10 takes 600 min without interruption but "
      "the longest working window of machine M1 is 480 min",
      "operations[J1-20].modes[0].operators[0]: operation J1-20 needs 1 operator(s) with WELD at "
      "level 3 but 0 hold it during the horizon",
      "operations[J1-30].modes[0].machine: unknown machine",
      "precedences[3].max_lag: SS link J1-10 -> J1-30 has a max lag of 10 min, below its min lag "
      "of 30 min: it can never be met",
      "precedences: the precedence links form a cycle through J1-10, J1-20",
  };
  // NOLINTEND(bugprone-suspicious-missing-comma)
  EXPECT_EQ(messages, expected);
}

}  // namespace
}  // namespace takt::solver
