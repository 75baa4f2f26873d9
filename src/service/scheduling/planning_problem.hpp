// PlanningProblem: a stored shop (ShopSnapshot) turned into the engine's Problem, with the maps
// back from the engine's dense indices to Takt's ids, and the planner-readable defects found while
// building it (a task without any usable machine, a skill nobody holds...). Minute 0 is `origin`
// (the schedule's horizon start); every instant becomes whole minutes from it.
//
// BuildPlanningProblem (below) is the one mapping from stored entities to the model:
//   - calendars: weekly shifts, breaks, holidays and exceptions expanded to working intervals over
//     the horizon (times are read as UTC); a machine without a calendar uses its work center's;
//   - machine downtimes (a reschedule's breakdown is stored as one first) and operator absences
//     are removed from their working time, overtime is added; machines not AVAILABLE and
//     operators not ACTIVE take no new work;
//   - skills count only inside their certification window; a machine's required skills become
//     operator requirements of every mode on it (for the whole run when attended, else the setup);
//   - work-center modes become one mode per available machine of the center; run minutes are
//     per unit x job quantity (or the task's fixed duration) divided by the machine's efficiency;
//   - precedence follows EffectivePredecessors (explicit links or the previous sequence);
//   - jobs no longer RELEASED or IN_PROGRESS (put ON_HOLD, cancelled) are left out with a note;
//     completed and cancelled tasks are left out; tasks in progress keep their actual start and
//     resources; pinned assignments and the frozen window of a reference plan become pins, and the
//     reference plan's starts feed the churn objective.
// Pure function of its inputs; thread-safe.
#pragma once

#include <map>
#include <optional>
#include <vector>

#include "core/schedule.hpp"
#include "service/scheduling/shop_snapshot.hpp"
#include "solver/model/problem.hpp"

namespace takt::service {

struct PlanningProblem {
  solver::Problem problem;
  Instant origin{};
  std::vector<TaskId> task_of_operation;
  std::vector<JobId> job_of_index;
  std::vector<MachineId> machine_of_index;
  std::vector<OperatorId> operator_of_index;
  // [operation][engine mode] -> index of the task's own mode.
  std::vector<std::vector<int>> task_mode_of;
  std::map<TaskId, int> operation_of_task;
  std::map<TaskId, const Task*> task_by_id;  // points into `snapshot` (kept alive by the caller)
  std::vector<ScheduleViolation> defects;    // non-empty: the problem cannot be solved as is
  std::vector<ScheduleViolation> notes;      // soft: what was left out and why
};

struct PlanningOptions {
  Instant origin{};
  std::optional<Instant> horizon_end;  // default: origin + max(60 days, latest due + 30 days)
  Instant now{};
  // Pins: assignments marked pinned in this plan (and tasks pinned by a person) stay where it has
  // them. Usually the schedule being optimized.
  const Schedule* pins_from = nullptr;
  // The published plan a reschedule starts from: churn reference, frozen window, resources of
  // work in progress.
  const Schedule* reference = nullptr;
  std::int64_t frozen_minutes = 0;  // reference assignments starting before now + this stay
  std::map<JobId, JobPriority> priority_override;
  // Delays reported from the floor: extra minutes a task needs beyond its plan (added to the run,
  // or to the remaining minutes of work in progress).
  std::map<TaskId, std::int64_t> delays;
};

PlanningProblem BuildPlanningProblem(const ShopSnapshot& snapshot, const PlanningOptions& options);

// The options that put a stored plan back into the engine's terms: the plan's own horizon, the
// plan itself as the reference (resources of work in progress), `now` as given.
PlanningOptions OptionsOfPlan(const Schedule& schedule, Instant now);

// A stored plan judged or edited as planned: built with OptionsOfPlan, then no operation is held
// in progress or pinned, so every operation's planned times are what the checker sees.
PlanningProblem PlanningAsPlanned(const Schedule& schedule, const ShopSnapshot& snapshot,
                                  Instant now);

}  // namespace takt::service
