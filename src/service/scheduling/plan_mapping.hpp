// Plan mapping: moving a plan between the engine's form (solver::Schedule, minutes from the
// origin, dense indices) and Takt's (ScheduleAssignment, instants and ids), for one
// PlanningProblem. Also KPIs in Takt's terms. Pure functions; thread-safe.
#pragma once

#include <vector>

#include "core/schedule.hpp"
#include "service/scheduling/planning_problem.hpp"
#include "solver/model/objective.hpp"
#include "solver/model/schedule.hpp"

namespace takt::service {

// The engine mode of operation `op` that runs the task's mode `task_mode` on `machine`; -1 when
// the task cannot run there (any task mode on that machine is accepted when `task_mode` is -1).
int EngineModeOf(const PlanningProblem& planning, int op, int task_mode, MachineId machine);

// One assignment per operation of the engine schedule.
std::vector<ScheduleAssignment> ToAssignments(const PlanningProblem& planning,
                                              const solver::Schedule& schedule);

// The engine form of a stored plan. Operations the plan does not place (or places on a machine
// their task cannot use) are reported in `missing` and get an empty assignment (mode -1).
struct EnginePlan {
  solver::Schedule schedule;
  std::vector<ScheduleViolation> missing;
};
EnginePlan ToEnginePlan(const PlanningProblem& planning, const Schedule& plan);

ScheduleKpis ToScheduleKpis(const solver::Kpis& kpis);

}  // namespace takt::service
