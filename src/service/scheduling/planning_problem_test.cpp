// BuildPlanningProblem: stored shop entities -> engine Problem, one rule per test.
#include "service/scheduling/planning_problem.hpp"

#include <gtest/gtest.h>

#include "service/scheduling/schedule_objective.hpp"

namespace takt::service {
namespace {

using solver::Interval;

// Monday 2026-11-23 06:00 UTC.
Instant Origin() { return *ParseInstant("2026-11-23T06:00:00Z"); }
Instant At(const char* text) { return *ParseInstant(text); }

Task MakeTask(std::int64_t id, std::int64_t job, std::int64_t sequence, MachineId machine) {
  Task task;
  task.id = TaskId{id};
  task.job_id = JobId{job};
  task.sequence = sequence;
  task.name = "op";
  task.status = TaskStatus::kReady;
  TaskMode mode;
  mode.machine_id = machine;
  mode.setup_minutes = 10;
  mode.run_minutes = 2.0;
  task.modes.push_back(mode);
  return task;
}

ShopSnapshot OneMachineShop() {
  ShopSnapshot shop;
  Machine m;
  m.id = MachineId{1};
  m.code = "M1";
  shop.machines.push_back(m);
  Job job;
  job.id = JobId{7};
  job.job_number = "J-7";
  job.quantity = 5;
  job.priority = JobPriority::kHigh;
  job.status = JobStatus::kReleased;
  job.due_date = At("2026-11-24T06:00:00Z");
  shop.jobs.push_back(job);
  shop.tasks[job.id] = {MakeTask(70, 7, 10, m.id), MakeTask(71, 7, 20, m.id)};
  return shop;
}

PlanningOptions OptionsAt(Instant origin) {
  PlanningOptions options;
  options.origin = origin;
  options.now = origin;
  options.horizon_end = origin + std::chrono::days(7);
  return options;
}

TEST(PlanningProblem, MapsJobsTasksDurationsAndTheDefaultRoute) {
  const ShopSnapshot shop = OneMachineShop();
  PlanningProblem p = BuildPlanningProblem(shop, OptionsAt(Origin()));
  ASSERT_TRUE(p.defects.empty());
  ASSERT_EQ(p.problem.jobs.size(), 1u);
  EXPECT_EQ(p.problem.jobs[0].due, 24 * 60);
  EXPECT_EQ(p.problem.jobs[0].weight, 4.0);  // HIGH
  ASSERT_EQ(p.problem.operations.size(), 2u);
  EXPECT_EQ(p.problem.operations[0].modes[0].setup, 10);
  EXPECT_EQ(p.problem.operations[0].modes[0].run, 10);  // 2 min x 5 units
  ASSERT_EQ(p.problem.precedences.size(), 1u);          // sequence 10 before 20
  EXPECT_EQ(p.problem.precedences[0].before, 0);
  EXPECT_EQ(p.problem.precedences[0].after, 1);
  EXPECT_EQ(p.task_of_operation[1], TaskId{71});
}

TEST(PlanningProblem, EfficiencyDividesRunMinutes) {
  ShopSnapshot shop = OneMachineShop();
  shop.machines[0].efficiency = 2.0;
  PlanningProblem p = BuildPlanningProblem(shop, OptionsAt(Origin()));
  EXPECT_EQ(p.problem.operations[0].modes[0].run, 5);
}

TEST(PlanningProblem, CalendarShiftsAndDowntimesBecomeWorkingIntervals) {
  ShopSnapshot shop = OneMachineShop();
  Calendar calendar;
  calendar.id = CalendarId{3};
  for (int day = 1; day <= 5; ++day) calendar.shifts.push_back({day, 6 * 60, 14 * 60});
  shop.calendars.push_back(calendar);
  shop.machines[0].calendar_id = calendar.id;
  Downtime down;
  down.start = At("2026-11-23T08:00:00Z");
  down.end = At("2026-11-23T09:30:00Z");
  shop.machines[0].downtimes.push_back(down);
  PlanningProblem p = BuildPlanningProblem(shop, OptionsAt(Origin()));
  const auto& working = p.problem.calendars[p.problem.machines[0].calendar].working;
  ASSERT_GE(working.size(), 2u);
  // Monday 06:00-08:00 and 09:30-14:00; Tuesday starts at 24 h.
  EXPECT_EQ(working[0], (Interval{0, 120}));
  EXPECT_EQ(working[1], (Interval{210, 480}));
  EXPECT_EQ(working[2], (Interval{solver::Minutes{24} * 60, solver::Minutes{24} * 60 + 480}));
}

TEST(PlanningProblem, WorkCenterModesExpandToAvailableMachinesOnly) {
  ShopSnapshot shop = OneMachineShop();
  WorkCenter center;
  center.id = WorkCenterId{9};
  center.code = "WC";
  center.wip_limit = 2;
  shop.work_centers.push_back(center);
  shop.machines[0].work_center_id = center.id;
  Machine second;
  second.id = MachineId{2};
  second.code = "M2";
  second.work_center_id = center.id;
  Machine broken = second;
  broken.id = MachineId{3};
  broken.code = "M3";
  broken.status = MachineStatus::kDown;
  shop.machines.push_back(second);
  shop.machines.push_back(broken);
  for (Task& task : shop.tasks[JobId{7}]) {
    task.modes[0].machine_id.reset();
    task.modes[0].work_center_id = center.id;
  }
  PlanningProblem p = BuildPlanningProblem(shop, OptionsAt(Origin()));
  ASSERT_TRUE(p.defects.empty());
  ASSERT_EQ(p.problem.operations[0].modes.size(), 2u);
  EXPECT_EQ(p.problem.work_centers[0].wip_limit, 2);
  EXPECT_EQ(p.task_mode_of[0], (std::vector<int>{0, 0}));
}

TEST(PlanningProblem, ATaskWithoutAnyAvailableMachineIsADefectNamingIt) {
  ShopSnapshot shop = OneMachineShop();
  shop.machines[0].status = MachineStatus::kMaintenance;
  PlanningProblem p = BuildPlanningProblem(shop, OptionsAt(Origin()));
  ASSERT_FALSE(p.defects.empty());
  EXPECT_NE(p.defects[0].message.find("J-7"), std::string::npos);
  EXPECT_NE(p.defects[0].message.find("M1 is MAINTENANCE"), std::string::npos);
}

TEST(PlanningProblem, SkillsCountOnlyInsideTheirCertificationWindow) {
  ShopSnapshot shop = OneMachineShop();
  Skill skill;
  skill.id = SkillId{4};
  skill.code = "WELD";
  shop.skills.push_back(skill);
  Operator op;
  op.id = OperatorId{5};
  op.employee_id = "E5";
  op.skills.push_back({skill.id, 4, std::string("2026-01-01"), std::string("2026-11-24")});
  shop.operators.push_back(op);
  shop.tasks[JobId{7}][0].modes[0].operators.push_back({skill.id, "WELD", 3, 1, Attendance::kFull});
  PlanningProblem p = BuildPlanningProblem(shop, OptionsAt(Origin()));
  ASSERT_TRUE(p.defects.empty());
  ASSERT_EQ(p.problem.operators.size(), 1u);
  const auto& s = p.problem.operators[0].skills[0];
  EXPECT_EQ(s.level, 4);
  EXPECT_EQ(s.valid_until, 2 * 24 * 60 - 6 * 60);  // end of 2026-11-24 from Monday 06:00
  EXPECT_LT(s.valid_from, 0);
}

TEST(PlanningProblem, AMissingQualifiedOperatorIsADefect) {
  ShopSnapshot shop = OneMachineShop();
  Skill skill;
  skill.id = SkillId{4};
  skill.code = "WELD";
  shop.skills.push_back(skill);
  shop.tasks[JobId{7}][0].modes[0].operators.push_back({skill.id, "WELD", 3, 1, Attendance::kFull});
  PlanningProblem p = BuildPlanningProblem(shop, OptionsAt(Origin()));
  ASSERT_EQ(p.defects.size(), 1u);
  EXPECT_NE(p.defects[0].message.find("WELD"), std::string::npos);
}

TEST(PlanningProblem, FinishedTasksAreLeftOutAndStartedOnesKeepTheirStart) {
  ShopSnapshot shop = OneMachineShop();
  auto& tasks = shop.tasks[JobId{7}];
  tasks[0].status = TaskStatus::kInProgress;
  tasks[0].actuals.start = Origin() - std::chrono::minutes(15);
  Task third = MakeTask(72, 7, 30, MachineId{1});
  third.status = TaskStatus::kCompleted;
  tasks.push_back(third);
  PlanningProblem p = BuildPlanningProblem(shop, OptionsAt(Origin()));
  ASSERT_EQ(p.problem.operations.size(), 2u);
  ASSERT_TRUE(p.problem.operations[0].in_progress.has_value());
  EXPECT_EQ(p.problem.operations[0].in_progress->start, -15);
  EXPECT_EQ(p.problem.operations[0].in_progress->remaining, 20 - 15);
}

TEST(PlanningProblem, DelaysFromTheFloorLengthenTheWorkLeft) {
  ShopSnapshot shop = OneMachineShop();
  auto& tasks = shop.tasks[JobId{7}];
  tasks[0].status = TaskStatus::kInProgress;
  tasks[0].actuals.start = Origin() - std::chrono::minutes(15);
  PlanningOptions options = OptionsAt(Origin());
  options.delays = {{TaskId{70}, 30}, {TaskId{71}, 45}};
  PlanningProblem p = BuildPlanningProblem(shop, options);
  EXPECT_EQ(p.problem.operations[0].in_progress->remaining, 20 - 15 + 30);
  EXPECT_EQ(p.problem.operations[1].modes[0].run, 10 + 45);
}

TEST(PlanningProblem, JobsOnHoldAreLeftOutWithANote) {
  ShopSnapshot shop = OneMachineShop();
  shop.jobs[0].status = JobStatus::kOnHold;
  PlanningProblem p = BuildPlanningProblem(shop, OptionsAt(Origin()));
  EXPECT_TRUE(p.problem.operations.empty());
  ASSERT_EQ(p.notes.size(), 1u);
  EXPECT_FALSE(p.notes[0].hard);
}

TEST(PlanningProblem, TheFrozenWindowPinsTheReferencePlanAndFeedsChurn) {
  const ShopSnapshot shop = OneMachineShop();
  Schedule reference;
  ScheduleAssignment a;
  a.task_id = TaskId{70};
  a.job_id = JobId{7};
  a.machine_id = MachineId{1};
  a.setup_start = Origin() + std::chrono::minutes(30);
  a.start = a.setup_start + std::chrono::minutes(10);
  a.end = a.start + std::chrono::minutes(10);
  reference.assignments.push_back(a);
  ScheduleAssignment b = a;
  b.task_id = TaskId{71};
  b.setup_start = Origin() + std::chrono::minutes(300);
  reference.assignments.push_back(b);
  PlanningOptions options = OptionsAt(Origin());
  options.reference = &reference;
  options.frozen_minutes = 60;
  PlanningProblem p = BuildPlanningProblem(shop, options);
  ASSERT_TRUE(p.problem.operations[0].pinned.has_value());
  EXPECT_EQ(p.problem.operations[0].pinned->start, 30);
  EXPECT_FALSE(p.problem.operations[1].pinned.has_value());
  EXPECT_EQ(p.problem.operations[1].reference_start, 300);
}

TEST(ScheduleObjective, ResolvesStrategiesWeightsAndLexicographicOrders) {
  EXPECT_EQ(ResolveObjective("makespan", "objective")->name, "makespan");
  auto weights = ResolveObjective("weights:MAKESPAN=1,TOTAL_SETUP=3", "objective");
  ASSERT_TRUE(weights);
  ASSERT_EQ(weights->objective.terms.size(), 2u);
  EXPECT_EQ(weights->objective.terms[1].weight, 3.0);
  auto lex = ResolveObjective("lexicographic:WEIGHTED_TARDINESS,MAKESPAN", "objective");
  ASSERT_TRUE(lex);
  EXPECT_TRUE(lex->objective.lexicographic);
  auto bad = ResolveObjective("weights:SPEED=1", "objective");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field_errors[0].field, "objective");
  EXPECT_FALSE(ResolveObjective("quickest", "objective"));
}

}  // namespace
}  // namespace takt::service
