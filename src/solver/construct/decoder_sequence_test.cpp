// The improvement search relies on re-decoding a schedule (its starts as priorities, its modes,
// machine sequences and operators kept) giving the same schedule or a compressed one. These are
// the regression tests for the two bugs that broke that property.
#include <gtest/gtest.h>

#include "solver/check/schedule_checker.hpp"
#include "solver/construct/constructive.hpp"
#include "solver/model/problem_builder.hpp"
#include "solver/model/problem_generator.hpp"
#include "solver/render/ascii_gantt.hpp"

namespace takt::solver {
namespace {

DecodeRequest KeepAll(const Schedule& s) {
  DecodeRequest r;
  r.time_first = false;
  r.keep_sequences = true;
  for (const Assignment& a : s.assignments) {
    r.priority.push_back(static_cast<double>(a.setup_start));
    r.forced_mode.push_back(a.mode);
    r.preferred_operators.push_back(a.operators);
  }
  return r;
}

TEST(DecoderSequenceTest, SetupOnlyOperatorOfASetupFreeOperationNeedNotBeFree) {
  // ANNA runs A (FULL); B needs her SETUP_ONLY but has no setup, so B may run alongside A.
  ProblemBuilder b;
  const int skill = b.AddSkill("SET");
  b.AddOperator("ANNA", -1, {OperatorSkill{skill, 1}});
  const int m1 = b.AddMachine("M1");
  const int m2 = b.AddMachine("M2");
  const int a = b.AddOperation(b.AddJob("J1"), "A", m1, 0, 4);
  const int x = b.AddOperation(b.AddJob("J2"), "B", m2, 0, 2);
  b.ModeOf(a).operators = {OperatorRequirement{skill, 1, 1, Attendance::kFull}};
  b.ModeOf(x).operators = {OperatorRequirement{skill, 1, 1, Attendance::kSetupOnly}};
  Decoder decoder(b.problem());
  DecodeRequest request;
  request.priority = {0, 1};
  const DecodeResult result = decoder.Decode(request);
  ASSERT_TRUE(result.feasible);
  EXPECT_EQ(AsciiGantt(b.problem(), result.schedule),
            "M1 |AAAA|\n"
            "M2 |BB..|\n");
}

TEST(DecoderSequenceTest, KeepingSequencesReproducesOrCompressesEveryStart) {
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    GeneratorParams g;
    g.seed = seed;
    g.jobs = 40;
    g.operations_per_job = 5;
    g.machines = 8;
    g.machines_per_center = 2;
    g.operators = 6;
    g.calendars = seed % 2 == 1;
    g.setups = true;
    g.extra_links = seed >= 3;  // max lags: kept pairs keep their places, no blocks
    const Problem p = GenerateProblem(g);
    Decoder decoder(p);
    const ConstructResult first = Construct(decoder, Objective{}, 1);
    ASSERT_TRUE(first.feasible);
    const DecodeResult again = decoder.Decode(KeepAll(first.schedule));
    ASSERT_TRUE(again.feasible) << again.failure;
    EXPECT_TRUE(CheckSchedule(p, again.schedule).empty());
    for (std::size_t o = 0; o < p.operations.size(); ++o) {
      EXPECT_LE(again.schedule.assignments[o].setup_start,
                first.schedule.assignments[o].setup_start)
          << "seed " << seed << " operation " << p.operations[o].code;
    }
  }
}

TEST(DecoderSequenceTest, SettingJobsFreeInAScheduleWithMaxLagsStaysFeasible) {
  // What an improvement move does: some jobs lose their kept modes and get earlier priorities,
  // which pushes kept operations later. A max lag one of them then misses releases the pair from
  // its sequence and the next pass places it as a block; the result must stay checker-clean.
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    GeneratorParams g;
    g.seed = seed;
    g.jobs = 100;
    g.operations_per_job = 6;
    g.machines = 12;
    g.machines_per_center = 2;
    g.operators = 8;
    g.calendars = true;
    g.setups = true;
    g.extra_links = true;
    const Problem p = GenerateProblem(g);
    Decoder decoder(p);
    const ConstructResult first = Construct(decoder, Objective{}, 1);
    ASSERT_TRUE(first.feasible);
    DecodeRequest request = KeepAll(first.schedule);
    for (int job = 0; job < g.jobs; job += 3) {
      for (int o : p.jobs[job].operations) {
        request.priority[o] -= 2000;
        request.forced_mode[o] = -1;
        request.preferred_operators[o].clear();
      }
    }
    const DecodeResult again = decoder.Decode(request);
    ASSERT_TRUE(again.feasible) << "seed " << seed << ": " << again.failure;
    EXPECT_TRUE(CheckSchedule(p, again.schedule).empty()) << "seed " << seed;
  }
}

TEST(DecoderSequenceTest, AHeldMaxLagPredecessorKeepsItsPlaceWhenTheRestCompresses) {
  // The block put A at 5 so that B, which cannot start before 8, follows within 1 minute. A kept
  // sequence alone compresses A to 0 and breaks the lag; A cannot move on the spot (D after it is
  // placed), so the pair is released from its sequence and a second pass places it as a block.
  // Held at its start and end, A stays and the schedule comes back in one pass.
  ProblemBuilder b;
  const int m1 = b.AddMachine("M1");
  const int m2 = b.AddMachine("M2");
  b.AddOperation(b.AddJob("J2"), "C", m2, 0, 8);
  const int j1 = b.AddJob("J1");
  const int a = b.AddOperation(j1, "A", m1, 0, 2);
  const int x = b.AddOperation(j1, "B", m2, 0, 2, /*chain=*/false);
  const int d = b.AddOperation(j1, "D", m1, 0, 1, /*chain=*/false);
  b.Link(a, x, LinkType::kFinishStart, 0, /*max_lag=*/1);
  b.Link(a, d, LinkType::kFinishStart);
  const Problem& p = b.problem();
  Decoder decoder(p);
  DecodeRequest request;
  request.priority = {0, 1, 2, 3};
  const DecodeResult first = decoder.Decode(request);
  ASSERT_TRUE(first.feasible);
  const std::string chart = AsciiGantt(p, first.schedule);
  EXPECT_EQ(chart,
            "M1 |.....AAD..|\n"
            "M2 |CCCCCCCCBB|\n");

  const DecodeResult loose = decoder.Decode(KeepAll(first.schedule));
  ASSERT_TRUE(loose.feasible) << loose.failure;
  EXPECT_EQ(loose.passes, 2);
  EXPECT_EQ(AsciiGantt(p, loose.schedule), chart);

  DecodeRequest held = KeepAll(first.schedule);
  held.earliest_start.assign(p.operations.size(), 0);
  held.earliest_end.assign(p.operations.size(), 0);
  held.earliest_start[a] = first.schedule.assignments[a].setup_start;
  held.earliest_end[a] = first.schedule.assignments[a].end;
  const DecodeResult again = decoder.Decode(held);
  ASSERT_TRUE(again.feasible) << again.failure;
  EXPECT_EQ(again.passes, 1);
  EXPECT_EQ(AsciiGantt(p, again.schedule), chart);
}

}  // namespace
}  // namespace takt::solver
