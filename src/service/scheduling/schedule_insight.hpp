// ScheduleInsight: what a planner reads off a stored plan, computed from the plan and the shop it
// was planned on: analytics (KPIs, utilization by machine and operator over their working time,
// peak WIP by work center against its limit, late jobs), a task-level comparison of plans, the
// explanation of one task's placement (the constraint that keeps it from starting earlier),
// recommendations, a CSV report and the Gantt chart as SVG. Pure functions of their inputs;
// thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/schedule.hpp"
#include "service/scheduling/shop_snapshot.hpp"

namespace takt::service {

struct ResourceLoad {
  std::string id;
  std::string code;
  std::int64_t busy_minutes = 0;
  std::int64_t available_minutes = 0;  // working minutes from the horizon start to the plan's end
  double utilization_percent = 0;
  int tasks = 0;
};

struct CenterWip {
  std::string id;
  std::string code;
  int wip_limit = 0;
  int peak_jobs = 0;  // most jobs with work inside at once in the plan
};

struct JobLateness {
  JobId job_id;
  std::string job_number;
  Instant due{};
  Instant planned_end{};
  std::int64_t tardiness_minutes = 0;
};

struct ScheduleAnalytics {
  ScheduleKpis kpis;
  std::optional<Instant> plan_start;
  std::optional<Instant> plan_end;
  std::vector<ResourceLoad> machines;
  std::vector<ResourceLoad> operators;
  std::vector<CenterWip> work_centers;
  std::vector<JobLateness> jobs;           // every job, latest first by tardiness
  double average_machine_utilization = 0;  // over machines with work
};

ScheduleAnalytics Analyze(const Schedule& schedule, const ShopSnapshot& shop);

struct TaskMove {
  TaskId task_id;
  std::optional<ScheduleAssignment> before;  // absent: only in the second plan
  std::optional<ScheduleAssignment> after;   // absent: only in the first plan
  std::int64_t shift_minutes = 0;            // after.setup_start - before.setup_start
  bool machine_changed = false;
};

struct PlanDiff {
  std::vector<TaskMove> moves;  // tasks that moved, changed machine, or appear in one plan only
  int unchanged = 0;
  std::int64_t churn_minutes = 0;  // sum of |shift|
};

PlanDiff DiffPlans(const Schedule& first, const Schedule& second);

struct PlacementReason {
  std::string constraint;  // "release", "precedence", "machine", "operator", "calendar", ...
  std::string detail;
};

// Why `task` starts where it does; kNotFound when the plan does not place it.
Result<std::vector<PlacementReason>> ExplainPlacement(const Schedule& schedule,
                                                      const ShopSnapshot& shop, TaskId task);

struct Recommendation {
  std::string kind;      // "late_job", "bottleneck", "idle_capacity", "fallback", "violations", ...
  std::string severity;  // "HIGH", "MEDIUM", "LOW"
  std::string message;
};

std::vector<Recommendation> Recommend(const Schedule& schedule, const ScheduleAnalytics& analytics);

// One line per assignment: job, task, machine, operators, times (RFC 4180 quoting).
std::string ReportCsv(const Schedule& schedule, const ShopSnapshot& shop);

// The plan as an SVG Gantt chart by machine.
std::string GanttSvgOf(const Schedule& schedule, const ShopSnapshot& shop);

}  // namespace takt::service
