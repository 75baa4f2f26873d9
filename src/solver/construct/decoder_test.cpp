// Micro-cases drawn as ASCII Gantt charts: one character per minute, lower case = setup,
// upper case = run, '-' = paused over non-working time, '.' = idle.
#include "solver/construct/decoder.hpp"

#include <gtest/gtest.h>

#include "solver/check/schedule_checker.hpp"
#include "solver/model/problem_builder.hpp"
#include "solver/render/ascii_gantt.hpp"

namespace takt::solver {
namespace {

// Decodes with the given per-operation priorities (operation order by default) and returns the
// chart; every schedule must also pass the independent checker.
std::string Chart(const Problem& problem, std::vector<double> priority = {}) {
  if (priority.empty()) {
    for (std::size_t i = 0; i < problem.operations.size(); ++i) priority.push_back(double(i));
  }
  Decoder decoder(problem);
  DecodeRequest request;
  request.priority = priority;
  DecodeResult result = decoder.Decode(request);
  if (!result.feasible) return "infeasible: " + result.failure;
  for (const Violation& v : CheckSchedule(problem, result.schedule)) {
    ADD_FAILURE() << v.rule << ": " << v.message;
  }
  return AsciiGantt(problem, result.schedule);
}

TEST(DecoderTest, ChainWaitsForReleaseAndPredecessor) {
  ProblemBuilder b;
  const int m1 = b.AddMachine("M1");
  const int m2 = b.AddMachine("M2");
  const int j = b.AddJob("J1", /*release=*/2);
  b.AddOperation(j, "A", m1, 0, 3);
  b.AddOperation(j, "B", m2, 0, 2);
  EXPECT_EQ(Chart(b.problem()),
            "M1 |..AAA..|\n"
            "M2 |.....BB|\n");
}

TEST(DecoderTest, NonInterruptibleWaitsForALongEnoughWindow) {
  ProblemBuilder b;
  const int cal = b.AddCalendar("SHIFT", {{0, 4}, {6, 20}});
  const int m1 = b.AddMachine("M1", cal);
  b.AddOperation(b.AddJob("J1"), "A", m1, 0, 3);
  b.AddOperation(b.AddJob("J2"), "B", m1, 0, 3);
  EXPECT_EQ(Chart(b.problem()), "M1 |AAA...BBB|\n");
}

TEST(DecoderTest, InterruptiblePausesOverTheBreak) {
  ProblemBuilder b;
  const int cal = b.AddCalendar("SHIFT", {{0, 4}, {6, 20}});
  const int m1 = b.AddMachine("M1", cal);
  b.AddOperation(b.AddJob("J1"), "A", m1, 0, 3);
  const int op = b.AddOperation(b.AddJob("J2"), "B", m1, 0, 3);
  b.OperationAt(op).interruptible = true;
  EXPECT_EQ(Chart(b.problem()), "M1 |AAAB--BB|\n");
}

TEST(DecoderTest, SequenceDependentChangeoverFromTheMatrix) {
  ProblemBuilder b;
  const int matrix = b.AddSetupMatrix("COLOUR", 2, {0, 2, 3, 0});
  const int m1 = b.AddMachine("M1", -1, -1, matrix);
  const int a = b.AddOperation(b.AddJob("J1"), "A", m1, 0, 2);
  const int x = b.AddOperation(b.AddJob("J2"), "B", m1, 1, 2);
  const int c = b.AddOperation(b.AddJob("J3"), "C", m1, 0, 1);
  b.OperationAt(a).setup_family = 0;
  b.OperationAt(x).setup_family = 1;
  b.OperationAt(c).setup_family = 0;
  // B: 1 min own setup + 2 min changeover 0->1; C: 3 min changeover 1->0.
  EXPECT_EQ(Chart(b.problem()), "M1 |AAbbbBBcccC|\n");
}

TEST(DecoderTest, OperatorSkillLevelSerialisesTwoMachines) {
  ProblemBuilder b;
  const int weld = b.AddSkill("WELD");
  b.AddOperator("ANNA", -1, {OperatorSkill{weld, 3}});
  b.AddOperator("BEN", -1, {OperatorSkill{weld, 1}});
  const int m1 = b.AddMachine("M1");
  const int m2 = b.AddMachine("M2");
  const int a = b.AddOperation(b.AddJob("J1"), "A", m1, 0, 3);
  const int x = b.AddOperation(b.AddJob("J2"), "B", m2, 0, 2);
  b.ModeOf(a).operators = {OperatorRequirement{weld, 3, 1, Attendance::kFull}};
  b.ModeOf(x).operators = {OperatorRequirement{weld, 2, 1, Attendance::kFull}};
  EXPECT_EQ(Chart(b.problem()),
            "M1 |AAA..|\n"
            "M2 |...BB|\n");
}

TEST(DecoderTest, SkillCountsOnlyInsideItsValidityWindow) {
  ProblemBuilder b;
  const int weld = b.AddSkill("WELD");
  b.AddOperator("ANNA", -1, {OperatorSkill{weld, 3, /*valid_from=*/4, /*valid_until=*/100}});
  const int m1 = b.AddMachine("M1");
  const int a = b.AddOperation(b.AddJob("J1"), "A", m1, 0, 2);
  b.ModeOf(a).operators = {OperatorRequirement{weld, 1, 1, Attendance::kFull}};
  EXPECT_EQ(Chart(b.problem()), "M1 |....AA|\n");
}

TEST(DecoderTest, SetupOnlyAttendanceFreesTheOperatorForTheRun) {
  ProblemBuilder b;
  const int setter = b.AddSkill("SETTER");
  b.AddOperator("ANNA", -1, {OperatorSkill{setter, 1}});
  const int m1 = b.AddMachine("M1");
  const int m2 = b.AddMachine("M2");
  const int a = b.AddOperation(b.AddJob("J1"), "A", m1, 2, 3);
  const int x = b.AddOperation(b.AddJob("J2"), "B", m2, 1, 2);
  b.ModeOf(a).operators = {OperatorRequirement{setter, 1, 1, Attendance::kSetupOnly}};
  b.ModeOf(x).operators = {OperatorRequirement{setter, 1, 1, Attendance::kSetupOnly}};
  EXPECT_EQ(Chart(b.problem()),
            "M1 |aaAAA|\n"
            "M2 |..bBB|\n");
  b.ModeOf(a).operators[0].attendance = Attendance::kFull;
  EXPECT_EQ(Chart(b.problem()),
            "M1 |aaAAA...|\n"
            "M2 |.....bBB|\n");
}

TEST(DecoderTest, OperatorCalendarPausesAnInterruptibleOperation) {
  ProblemBuilder b;
  const int skill = b.AddSkill("CNC");
  const int day = b.AddCalendar("DAY", {{0, 3}, {5, 50}});
  b.AddOperator("ANNA", day, {OperatorSkill{skill, 1}});
  const int m1 = b.AddMachine("M1");
  const int a = b.AddOperation(b.AddJob("J1"), "A", m1, 0, 5);
  b.OperationAt(a).interruptible = true;
  b.ModeOf(a).operators = {OperatorRequirement{skill, 1, 1, Attendance::kFull}};
  // The machine works all the time, so the chart shows the operator's break as run time; the
  // end (minute 7) proves the pause.
  EXPECT_EQ(Chart(b.problem()), "M1 |AAAAAAA|\n");
}

TEST(DecoderTest, StartToStartFinishToFinishAndStartToFinishLags) {
  for (auto [type, expected] : std::vector<std::pair<LinkType, std::string>>{
           {LinkType::kStartStart, "M1 |AAAA|\nM2 |.BB.|\n"},
           {LinkType::kFinishFinish, "M1 |AAAA.|\nM2 |...BB|\n"},
           {LinkType::kStartFinish, "M1 |AAAA|\nM2 |BB..|\n"}}) {
    ProblemBuilder b;
    const int m1 = b.AddMachine("M1");
    const int m2 = b.AddMachine("M2");
    const int j = b.AddJob("J1");
    const int a = b.AddOperation(j, "A", m1, 0, 4);
    const int x = b.AddOperation(j, "B", m2, 0, 2, /*chain=*/false);
    b.Link(a, x, type, /*min_lag=*/1);
    EXPECT_EQ(Chart(b.problem()), expected) << LinkTypeName(type);
  }
}

TEST(DecoderTest, MaxLagDelaysThePredecessor) {
  ProblemBuilder b;
  const int m1 = b.AddMachine("M1");
  const int m2 = b.AddMachine("M2");
  const int j1 = b.AddJob("J1");
  const int c = b.AddOperation(b.AddJob("J2"), "C", m2, 0, 4);
  const int a = b.AddOperation(j1, "A", m1, 0, 2);
  const int x = b.AddOperation(j1, "B", m2, 0, 2, /*chain=*/false);
  b.Link(a, x, LinkType::kFinishStart, 0, /*max_lag=*/1);
  (void)c;
  EXPECT_EQ(Chart(b.problem()),
            "M1 |.AA...|\n"
            "M2 |CCCCBB|\n");
}

TEST(DecoderTest, WipLimitKeepsTheSecondJobOutUntilTheFirstLeaves) {
  ProblemBuilder b;
  const int wc = b.AddWorkCenter("PAINT", 1);
  const int m1 = b.AddMachine("M1", -1, wc);
  const int m2 = b.AddMachine("M2", -1, wc);
  const int j1 = b.AddJob("J1");
  b.AddOperation(j1, "A", m1, 0, 2);
  b.AddOperation(b.AddJob("J2"), "C", m2, 0, 2);
  b.AddOperation(j1, "B", m2, 0, 2);
  EXPECT_EQ(Chart(b.problem()),
            "M1 |AA....|\n"
            "M2 |..BBCC|\n");
}

TEST(DecoderTest, PinnedOperationStaysAndOthersFitAround) {
  ProblemBuilder b;
  const int m1 = b.AddMachine("M1");
  const int a = b.AddOperation(b.AddJob("J1"), "A", m1, 0, 2);
  b.AddOperation(b.AddJob("J2"), "B", m1, 0, 5);
  b.AddOperation(b.AddJob("J3"), "C", m1, 0, 3);
  b.OperationAt(a).pinned = FixedPlacement{0, -1, 4, {}, 0};
  // B does not fit before the pin, C does.
  EXPECT_EQ(Chart(b.problem()), "M1 |CCC.AABBBBB|\n");
}

TEST(DecoderTest, InProgressOperationKeepsItsMachineUntilItsRemainingWorkIsDone) {
  ProblemBuilder b;
  const int m1 = b.AddMachine("M1");
  const int m2 = b.AddMachine("M2");
  const int j = b.AddJob("J1");
  const int a = b.AddOperation(j, "A", m1, 0, 10);
  b.AddOperation(j, "B", m2, 0, 1);
  b.AddOperation(b.AddJob("J2"), "C", m1, 0, 2);
  b.OperationAt(a).in_progress = FixedPlacement{0, -1, -7, {}, 3};
  EXPECT_EQ(Chart(b.problem()),
            "M1 |AAACC|\n"
            "M2 |...B.|\n");
}

TEST(DecoderTest, MaxLagAfterAFixedOperationThatCannotBeMetIsReported) {
  ProblemBuilder b;
  const int m1 = b.AddMachine("M1");
  const int m2 = b.AddMachine("M2");
  const int j = b.AddJob("J1");
  const int a = b.AddOperation(j, "A", m1, 0, 2);
  const int x = b.AddOperation(j, "B", m2, 0, 2, false);
  b.AddOperation(b.AddJob("J2"), "C", m2, 0, 5);
  b.Link(a, x, LinkType::kFinishStart, 0, 1);
  b.OperationAt(a).pinned = FixedPlacement{0, -1, 0, {}, 0};
  EXPECT_EQ(Chart(b.problem(), {1, 2, 0}).rfind("infeasible: operation B cannot start within", 0),
            0u);
}

}  // namespace
}  // namespace takt::solver
