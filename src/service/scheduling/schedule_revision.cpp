// ScheduleService: the use cases that change a plan after optimization: manual moves and locks
// of one assignment, and rescheduling a published or active plan into a new revision.
#include <set>

#include "core/schedule_state_machine.hpp"
#include "service/scheduling/plan_mapping.hpp"
#include "service/scheduling/planning_problem.hpp"
#include "service/scheduling/schedule_service.hpp"
#include "solver/check/schedule_checker.hpp"
#include "solver/model/working_time.hpp"

namespace takt::service {
namespace {

using solver::Minutes;

Minutes MinutesFrom(Instant origin, Instant at) {
  auto seconds = (at - origin).count();
  return seconds >= 0 ? seconds / 60 : -((-seconds + 59) / 60);
}

// Recomputes the setup/run/end of operation `op` placed at `setup_start` in `mode`, pausing over
// non-working machine time when the operation is interruptible.
void Place(const solver::Problem& problem, solver::Schedule& plan, int op, int mode,
           Minutes setup_start) {
  const solver::Operation& operation = problem.operations[op];
  const solver::Mode& m = operation.modes[mode];
  solver::Assignment& a = plan.assignments[op];
  a.mode = mode;
  a.machine = m.machine;
  a.setup_start = setup_start;
  Minutes changeover = 0;
  const solver::Machine& machine = problem.machines[m.machine];
  if (machine.setup_matrix >= 0) {
    int previous = -1;
    for (std::size_t o = 0; o < plan.assignments.size(); ++o) {
      const auto& other = plan.assignments[o];
      if (static_cast<int>(o) == op || other.machine != m.machine || other.mode < 0) continue;
      if (other.setup_start < setup_start &&
          (previous < 0 || other.setup_start > plan.assignments[previous].setup_start)) {
        previous = static_cast<int>(o);
      }
    }
    if (previous >= 0) {
      changeover = problem.setup_matrices[machine.setup_matrix].Changeover(
          problem.operations[previous].setup_family, operation.setup_family);
    }
  }
  a.setup_minutes = m.setup + changeover;
  if (operation.interruptible && machine.calendar >= 0) {
    solver::WorkingTime time;
    time.Add(&problem.calendars[machine.calendar]);
    a.run_start = time.Advance(setup_start, a.setup_minutes);
    a.end = time.Advance(a.run_start, m.run);
  } else {
    a.run_start = setup_start + a.setup_minutes;
    a.end = a.run_start + m.run;
  }
}

std::set<std::string> Messages(const std::vector<solver::Violation>& violations) {
  std::set<std::string> out;
  for (const auto& v : violations) out.insert(v.rule + ": " + v.message);
  return out;
}

}  // namespace

Result<Schedule> ScheduleService::MoveAssignment(const Actor& actor, ScheduleId id, TaskId task,
                                                 const AssignmentMove& move) {
  auto shop = LoadPlannedShop(id);
  if (!shop) return Fail(shop.error());
  const Schedule& schedule = shop->schedule;
  if (auto ok = CheckScheduleEditable(schedule.status); !ok) return Fail(ok.error());
  const ScheduleAssignment* current = schedule.AssignmentOf(task);
  if (current == nullptr) {
    return Fail(
        Error::NotFound("task " + task.ToString() + " is not in schedule " + id.ToString()));
  }
  PlanningProblem planning = PlanningAsPlanned(schedule, shop->snapshot, InstantNow());
  auto op_it = planning.operation_of_task.find(task);
  if (op_it == planning.operation_of_task.end()) {
    return Fail(Error::Conflict("task " + task.ToString() +
                                " is finished or cancelled; its place can no longer change"));
  }
  const int op = op_it->second;
  EnginePlan plan = ToEnginePlan(planning, schedule);
  if (!plan.missing.empty() || !planning.defects.empty()) {
    Error error = Error::Conflict("the plan no longer matches the shop; optimize it again");
    auto fields = ViolationFields(planning.defects);
    auto missing = ViolationFields(plan.missing);
    fields.insert(fields.end(), missing.begin(), missing.end());
    error.field_errors = std::move(fields);
    return Fail(std::move(error));
  }
  const auto before = Messages(solver::CheckSchedule(planning.problem, plan.schedule));

  const MachineId machine = move.machine_id.value_or(current->machine_id);
  const int mode = EngineModeOf(planning, op,
                                machine == current->machine_id ? current->mode_index : -1, machine);
  if (mode < 0) {
    return Fail(Error::Conflict("task " + planning.problem.operations[op].code +
                                " cannot run on machine " + machine.ToString())
                    .WithDetail("field", "machine_id"));
  }
  const Minutes start = MinutesFrom(planning.origin, move.start.value_or(current->setup_start));
  Place(planning.problem, plan.schedule, op, mode, start);
  if (move.operator_ids) {
    std::vector<int> operators;
    for (OperatorId id_of : *move.operator_ids) {
      auto it =
          std::find(planning.operator_of_index.begin(), planning.operator_of_index.end(), id_of);
      if (it == planning.operator_of_index.end()) {
        return Fail(Error::InvalidArgument(
            "unknown operator", {{"operator_ids", "operator " + id_of.ToString() +
                                                      " does not exist or is not active"}}));
      }
      operators.push_back(static_cast<int>(it - planning.operator_of_index.begin()));
    }
    plan.schedule.assignments[op].operators = std::move(operators);
  } else if (machine != current->machine_id) {
    plan.schedule.assignments[op].operators.clear();
    std::size_t needed = 0;
    for (const auto& r : planning.problem.operations[op].modes[mode].operators) needed += r.count;
    if (needed > 0) {
      return Fail(Error::InvalidArgument(
          "operators are needed",
          {{"operator_ids", "moving to another machine needs " + std::to_string(needed) +
                                " operator(s) named in operator_ids"}}));
    }
  }
  const auto after = solver::CheckSchedule(planning.problem, plan.schedule);
  std::vector<FieldError> broken;
  for (const auto& v : after) {
    if (!before.count(v.rule + ": " + v.message)) broken.push_back({v.rule, v.message});
  }
  if (!broken.empty()) {
    Error error = Error::Conflict("the move breaks " + std::to_string(broken.size()) +
                                  " constraint(s); nothing was changed");
    error.field_errors = std::move(broken);
    return Fail(std::move(error));
  }
  auto moved = ToAssignments(planning, plan.schedule);
  return stores_.database.Write(actor, [&](storage::Transaction& tx) -> Result<Schedule> {
    Schedule next = schedule;
    for (auto& a : next.assignments) {
      if (a.task_id != task) continue;
      for (const auto& m : moved) {
        if (m.task_id == task) a = m;
      }
      a.pinned = move.pinned.value_or(true);
    }
    solver::Kpis kpis = solver::ComputeKpis(planning.problem, plan.schedule);
    next.kpis = ToScheduleKpis(kpis);
    auto saved = stores_.schedules.Update(tx, next, schedule.version, true);
    if (!saved) return Fail(saved.error());
    auto ok = stores_.audit.Append(
        tx, {"schedule.assignment.move", "schedule", id.ToString(),
             "{\"task_id\":\"" + task.ToString() + "\"}",
             "{\"task_id\":\"" + task.ToString() + "\",\"machine_id\":\"" + machine.ToString() +
                 "\",\"setup_start\":\"" + FormatInstant(saved->AssignmentOf(task)->setup_start) +
                 "\",\"pinned\":" + (move.pinned.value_or(true) ? "true" : "false") + "}"});
    if (!ok) return Fail(ok.error());
    return saved;
  });
}

}  // namespace takt::service
