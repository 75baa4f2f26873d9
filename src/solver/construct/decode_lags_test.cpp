// Max lags in the decoder: operations linked by a max lag are placed as a block, and a member that
// misses the lag of an earlier one raises that member's start (or end) and the block is placed
// again, within the same pass. Charts as in decoder_test.cpp: one character per minute.
#include <gtest/gtest.h>

#include "solver/check/schedule_checker.hpp"
#include "solver/construct/constructive.hpp"
#include "solver/construct/decoder.hpp"
#include "solver/model/problem_builder.hpp"
#include "solver/model/problem_generator.hpp"
#include "solver/render/ascii_gantt.hpp"

namespace takt::solver {
namespace {

// Decodes in operation order; the schedule must pass the checker and need a single pass.
std::string Chart(const Problem& problem, bool time_first = true) {
  std::vector<double> priority;
  for (std::size_t i = 0; i < problem.operations.size(); ++i) priority.push_back(double(i));
  Decoder decoder(problem);
  DecodeRequest request;
  request.priority = priority;
  request.time_first = time_first;
  DecodeResult result = decoder.Decode(request);
  if (!result.feasible) return "infeasible: " + result.failure;
  for (const Violation& v : CheckSchedule(problem, result.schedule)) {
    ADD_FAILURE() << v.rule << ": " << v.message;
  }
  EXPECT_EQ(result.passes, 1);
  return AsciiGantt(problem, result.schedule);
}

TEST(DecodeLagsTest, StartToStartMaxLagStartsThePredecessorWithTheSuccessor) {
  for (bool time_first : {true, false}) {
    ProblemBuilder b;
    const int m1 = b.AddMachine("M1");
    const int m2 = b.AddMachine("M2");
    b.AddOperation(b.AddJob("J2"), "C", m2, 0, 3);
    const int j1 = b.AddJob("J1");
    const int a = b.AddOperation(j1, "A", m1, 0, 2);
    const int x = b.AddOperation(j1, "B", m2, 0, 2, /*chain=*/false);
    b.Link(a, x, LinkType::kStartStart, 0, /*max_lag=*/0);
    EXPECT_EQ(Chart(b.problem(), time_first),
              "M1 |...AA|\n"
              "M2 |CCCBB|\n")
        << time_first;
  }
}

TEST(DecodeLagsTest, FinishToFinishMaxLagRaisesThePredecessorsEnd) {
  ProblemBuilder b;
  const int m1 = b.AddMachine("M1");
  const int m2 = b.AddMachine("M2");
  b.AddOperation(b.AddJob("J2"), "C", m2, 0, 4);
  const int j1 = b.AddJob("J1");
  const int a = b.AddOperation(j1, "A", m1, 0, 3);
  const int x = b.AddOperation(j1, "B", m2, 0, 2, /*chain=*/false);
  b.Link(a, x, LinkType::kFinishFinish, 0, /*max_lag=*/0);
  EXPECT_EQ(Chart(b.problem()),
            "M1 |...AAA|\n"
            "M2 |CCCCBB|\n");
}

TEST(DecodeLagsTest, ChainOfMaxLagsMovesBackToTheFirstOperation) {
  // C can only start at 5; B must end when C starts, A when B starts: the block is placed three
  // times, each round raising one more member.
  ProblemBuilder b;
  const int m1 = b.AddMachine("M1");
  const int m2 = b.AddMachine("M2");
  const int m3 = b.AddMachine("M3");
  b.AddOperation(b.AddJob("J2"), "D", m3, 0, 5);
  const int j1 = b.AddJob("J1");
  const int a = b.AddOperation(j1, "A", m1, 0, 1);
  const int x = b.AddOperation(j1, "B", m2, 0, 1, /*chain=*/false);
  const int c = b.AddOperation(j1, "C", m3, 0, 1, /*chain=*/false);
  b.Link(a, x, LinkType::kFinishStart, 0, /*max_lag=*/0);
  b.Link(x, c, LinkType::kFinishStart, 0, /*max_lag=*/0);
  EXPECT_EQ(Chart(b.problem()),
            "M1 |...A..|\n"
            "M2 |....B.|\n"
            "M3 |DDDDDC|\n");
}

TEST(DecodeLagsTest, NonInterruptiblePredecessorMovesToTheWindowThatMeetsTheLag) {
  // B cannot start before 8; A (3 min, no interruption) must end at 7 or later, which no start in
  // the first window gives, so it takes the window [6, 9) and B follows it at once.
  ProblemBuilder b;
  const int cal = b.AddCalendar("SHIFT", {{0, 4}, {6, 9}, {12, 30}});
  const int m1 = b.AddMachine("M1", cal);
  const int m2 = b.AddMachine("M2");
  b.AddOperation(b.AddJob("J2"), "C", m2, 0, 8);
  const int j1 = b.AddJob("J1");
  const int a = b.AddOperation(j1, "A", m1, 0, 3);
  const int x = b.AddOperation(j1, "B", m2, 0, 2, /*chain=*/false);
  b.Link(a, x, LinkType::kFinishStart, 0, /*max_lag=*/1);
  EXPECT_EQ(Chart(b.problem()),
            "M1 |......AAA..|\n"
            "M2 |CCCCCCCC.BB|\n");
}

TEST(DecodeLagsTest, MaxLagWithASecondPredecessorIsRepairedOnTheSpot) {
  // B also waits for D, which is not placed when A is dispatched: A goes alone (the case a block
  // cannot cover) and, once B misses the lag, A is moved later on the spot.
  ProblemBuilder b;
  const int m1 = b.AddMachine("M1");
  const int m2 = b.AddMachine("M2");
  const int m3 = b.AddMachine("M3");
  const int j1 = b.AddJob("J1");
  const int a = b.AddOperation(j1, "A", m1, 0, 1);
  const int d = b.AddOperation(b.AddJob("J2"), "D", m3, 0, 4);
  const int x = b.AddOperation(j1, "B", m2, 0, 1, /*chain=*/false);
  b.Link(a, x, LinkType::kFinishStart, 0, /*max_lag=*/0);
  b.Link(d, x, LinkType::kFinishStart, 0);
  const std::string chart = Chart(b.problem());
  EXPECT_EQ(chart,
            "M1 |...A.|\n"
            "M2 |....B|\n"
            "M3 |DDDD.|\n");
}

TEST(DecodeLagsTest, GeneratedProblemsWithLinksDecodeInOnePass) {
  for (std::uint64_t seed : {1, 2, 3, 4}) {
    GeneratorParams g;
    g.jobs = 200;
    g.operations_per_job = 6;
    g.machines = 30;
    g.machines_per_center = 3;
    g.operators = 20;
    g.skills = 4;
    g.calendars = true;
    g.setups = true;
    g.wip_limits = true;
    g.extra_links = true;
    g.seed = seed;
    const Problem problem = GenerateProblem(g);
    Decoder decoder(problem);
    for (DispatchRule rule : {DispatchRule::kEarliestDueDate, DispatchRule::kMostWorkRemaining}) {
      for (bool time_first : {true, false}) {
        DecodeRequest request;
        request.priority = RulePriorities(problem, rule);
        request.time_first = time_first;
        const DecodeResult result = decoder.Decode(request);
        EXPECT_TRUE(result.feasible)
            << seed << " " << DispatchRuleName(rule) << time_first << ": " << result.failure;
        if (!result.feasible) continue;
        EXPECT_EQ(result.passes, 1) << "seed " << seed << " " << DispatchRuleName(rule);
        EXPECT_TRUE(CheckSchedule(problem, result.schedule).empty()) << seed;
      }
    }
  }
}

}  // namespace
}  // namespace takt::solver
