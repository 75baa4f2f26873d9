#include "service/solve_format.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "solver/check/schedule_checker.hpp"
#include "solver/model/problem_generator.hpp"

namespace takt::service {
namespace {

constexpr const char* kPlant = R"({
  "name": "paint shop",
  "horizon_start": "2026-01-05T00:00:00Z",
  "horizon_minutes": 10080,
  "calendars": [
    {"id": "TWO_SHIFTS", "weekly": {"start_weekday": "MON",
      "shifts": [{"day": "MON", "start": "06:00", "end": "22:00"},
                 {"day": "TUE", "start": "06:00", "end": "22:00"}],
      "breaks": [{"day": "MON", "start": "12:00", "end": "12:30"}],
      "holidays": [], "exceptions": [{"start": 1800, "end": 1860, "working": false}]}},
    {"id": "ALWAYS", "working": [[0, 10080]]}
  ],
  "skills": ["PAINT"],
  "setup_families": ["WHITE", "BLACK"],
  "setup_matrices": [{"id": "COLOUR", "minutes": [[0, 30], [45, 0]]}],
  "work_centers": [{"id": "BOOTHS", "wip_limit": 2}],
  "machines": [
    {"id": "B1", "work_center": "BOOTHS", "calendar": "TWO_SHIFTS", "setup_matrix": "COLOUR"},
    {"id": "B2", "work_center": "BOOTHS", "calendar": "TWO_SHIFTS", "setup_matrix": "COLOUR",
     "downtimes": [[360, 600]]},
    {"id": "OVEN", "calendar": "ALWAYS"}
  ],
  "operators": [
    {"id": "ANNA", "calendar": "TWO_SHIFTS", "cost_per_hour": 42,
     "skills": [{"skill": "PAINT", "level": 3}]}
  ],
  "jobs": [
    {"id": "J1", "release": 0, "due": 2000, "priority": "HIGH", "operations": [
      {"id": "J1-10", "family": "WHITE", "modes": [{"work_center": "BOOTHS", "setup": 10, "run": 90,
        "operators": [{"skill": "PAINT", "min_level": 2, "attendance": "SETUP_ONLY"}]}]},
      {"id": "J1-20", "interruptible": true, "modes": [{"machine": "OVEN", "run": 120}]}
    ]},
    {"id": "J2", "due": 3000, "operations": [
      {"id": "J2-10", "family": "BLACK", "modes": [{"machine": "B1", "run": 60}],
       "pinned": {"machine": "B1", "start": 1000}},
      {"id": "J2-20", "modes": [{"machine": "OVEN", "run": 30}],
       "predecessors": [{"operation": "J2-10", "type": "SS", "min_lag": 20, "max_lag": 600}]}
    ]}
  ],
  "objective": {"strategy": "due_dates"}
})";

TEST(SolveFormatTest, ReadsEveryPartOfTheFormatAndSolvesIt) {
  Result<ProblemDocument> doc = ParseProblemJson(kPlant);
  ASSERT_TRUE(doc) << doc.error().message;
  const solver::Problem& p = doc->problem;
  EXPECT_EQ(p.operations.size(), 4u);
  EXPECT_EQ(p.operations[0].modes.size(), 2u);  // work center expanded to B1 and B2
  EXPECT_EQ(p.jobs[0].weight, 4.0);
  EXPECT_EQ(p.jobs[1].weight, 2.0);
  ASSERT_EQ(p.precedences.size(), 2u);  // default route link J1-10 -> J1-20, explicit SS link
  EXPECT_EQ(p.precedences[1].type, solver::LinkType::kStartStart);
  EXPECT_EQ(p.precedences[1].max_lag, 600);
  // Monday 06:00-12:00 and 12:30-22:00, Tuesday 06:00-22:00 minus the 30:00-31:00 exception.
  EXPECT_EQ(p.calendars[0].working.front(), (solver::Interval{360, 720}));
  EXPECT_EQ(p.calendars[0].working[2], (solver::Interval{1860, 2760}));
  // B2's downtime became its own calendar.
  EXPECT_EQ(p.calendars[p.machines[1].calendar].working.front(), (solver::Interval{600, 720}));
  ASSERT_TRUE(doc->strategy.has_value());
  EXPECT_EQ(doc->strategy->name, "due_dates");

  solver::SolveParams params;
  params.objective = doc->strategy->objective;
  params.work_limit = 20000;
  params.deterministic = true;
  const solver::SolveResult result = solver::Solve(p, params);
  ASSERT_TRUE(result.has_schedule) << result.message;
  EXPECT_TRUE(solver::CheckSchedule(p, result.schedule).empty());
  EXPECT_EQ(result.schedule.assignments[2].setup_start, 1000);

  const boost::json::value solution =
      boost::json::parse(SolutionToJson(p, result, doc->horizon_start));
  const auto& assignments = solution.at("assignments").as_array();
  ASSERT_EQ(assignments.size(), 4u);
  EXPECT_EQ(assignments[2].at("operation").as_string(), "J2-10");
  EXPECT_EQ(assignments[2].at("machine").as_string(), "B1");
  EXPECT_TRUE(assignments[2].at("pinned").as_bool());
  EXPECT_EQ(assignments[0].at("operators").as_array().size(), 1u);
  EXPECT_EQ(solution.at("horizon_start").as_string(), "2026-01-05T00:00:00Z");
}

TEST(SolveFormatTest, ReportsEveryStructuralErrorWithItsPath) {
  const char* bad = R"({
    "machines": [{"id": "M1"}, {"id": "M1"}],
    "jobs": [{"id": "J1", "operations": [
      {"id": "A", "modes": [{"machine": "M9", "run": 5,
        "operators": [{"skill": "WELD", "attendance": "SOMETIMES"}]}]},
      {"id": "B", "modes": [{"machine": "M1"}],
       "predecessors": [{"operation": "A", "type": "XX"}]}
    ]}],
    "objective": {"strategy": "cheapest"}
  })";
  Result<ProblemDocument> doc = ParseProblemJson(bad);
  ASSERT_FALSE(doc);
  std::vector<std::string> fields;
  for (const FieldError& e : doc.error().field_errors) fields.push_back(e.field + ": " + e.message);
  const std::vector<std::string> expected{
      "machines[1].id: duplicate id 'M1'",
      "jobs[0].operations[0].modes[0].machine: unknown machine 'M9'",
      "jobs[0].operations[0].modes[0].operators[0].skill: unknown skill 'WELD'",
      "jobs[0].operations[0].modes[0].operators[0].attendance: must be FULL or SETUP_ONLY",
      "jobs[0].operations[1].modes[0].run: is required",
      "jobs[0].operations[1].predecessors[0].type: must be FS, SS, FF or SF",
      "objective.strategy: must be makespan, due_dates, balanced, setup_minimizing or fast",
  };
  EXPECT_EQ(fields, expected);
  EXPECT_FALSE(ParseProblemJson("{not json"));
  EXPECT_FALSE(ParseProblemJson("[1, 2]"));
}

TEST(SolveFormatTest, GeneratedProblemSurvivesAJsonRoundTrip) {
  solver::GeneratorParams g;
  g.jobs = 12;
  g.machines = 6;
  g.machines_per_center = 2;
  g.operators = 4;
  g.calendars = true;
  g.setups = true;
  g.wip_limits = true;
  g.extra_links = true;
  const solver::Problem original = solver::GenerateProblem(g);
  Result<ProblemDocument> doc = ParseProblemJson(ProblemToJson(original));
  ASSERT_TRUE(doc) << doc.error().message;
  solver::SolveParams params;
  params.work_limit = 30000;
  params.deterministic = true;
  const solver::SolveResult a = solver::Solve(original, params);
  const solver::SolveResult b = solver::Solve(doc->problem, params);
  ASSERT_TRUE(a.has_schedule);
  EXPECT_EQ(a.schedule, b.schedule);
  EXPECT_EQ(ProblemToJson(doc->problem), ProblemToJson(original));
}

}  // namespace
}  // namespace takt::service
