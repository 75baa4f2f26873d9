#include "service/scheduling/plan_mapping.hpp"

#include <chrono>

namespace takt::service {
namespace {

Instant At(const PlanningProblem& planning, solver::Minutes minutes) {
  return planning.origin + std::chrono::minutes(minutes);
}

solver::Minutes MinutesOf(const PlanningProblem& planning, Instant at) {
  auto seconds = (at - planning.origin).count();
  return seconds >= 0 ? seconds / 60 : -((-seconds + 59) / 60);
}

}  // namespace

int EngineModeOf(const PlanningProblem& planning, int op, int task_mode, MachineId machine) {
  const auto& modes = planning.problem.operations[op].modes;
  for (std::size_t m = 0; m < modes.size(); ++m) {
    if (modes[m].machine < 0 || planning.machine_of_index[modes[m].machine] != machine) continue;
    if (task_mode < 0 || planning.task_mode_of[op][m] == task_mode) return static_cast<int>(m);
  }
  return -1;
}

std::vector<ScheduleAssignment> ToAssignments(const PlanningProblem& planning,
                                              const solver::Schedule& schedule) {
  std::vector<ScheduleAssignment> out;
  out.reserve(schedule.assignments.size());
  for (std::size_t op = 0; op < schedule.assignments.size(); ++op) {
    const solver::Assignment& a = schedule.assignments[op];
    if (a.mode < 0) continue;
    const solver::Operation& operation = planning.problem.operations[op];
    ScheduleAssignment out_a;
    out_a.task_id = planning.task_of_operation[op];
    out_a.job_id = planning.job_of_index[operation.job];
    out_a.mode_index = planning.task_mode_of[op][a.mode];
    out_a.machine_id = planning.machine_of_index[a.machine];
    for (int o : a.operators) out_a.operator_ids.push_back(planning.operator_of_index[o]);
    out_a.setup_start = At(planning, a.setup_start);
    out_a.start = At(planning, a.run_start);
    out_a.end = At(planning, a.end);
    out_a.setup_minutes = a.setup_minutes;
    out_a.pinned = operation.pinned.has_value();
    out.push_back(std::move(out_a));
  }
  std::sort(out.begin(), out.end(),
            [](const auto& x, const auto& y) { return x.task_id < y.task_id; });
  return out;
}

EnginePlan ToEnginePlan(const PlanningProblem& planning, const Schedule& plan) {
  EnginePlan out;
  std::map<OperatorId, int> operator_index;
  for (std::size_t i = 0; i < planning.operator_of_index.size(); ++i) {
    operator_index[planning.operator_of_index[i]] = static_cast<int>(i);
  }
  out.schedule.assignments.resize(planning.problem.operations.size());
  for (std::size_t op = 0; op < planning.problem.operations.size(); ++op) {
    const TaskId task = planning.task_of_operation[op];
    const std::string& code = planning.problem.operations[op].code;
    const ScheduleAssignment* a = plan.AssignmentOf(task);
    if (a == nullptr) {
      out.missing.push_back({"unscheduled", "task " + code + " is not in the plan", true});
      continue;
    }
    const int mode = EngineModeOf(planning, static_cast<int>(op), a->mode_index, a->machine_id);
    if (mode < 0) {
      out.missing.push_back(
          {"mode", "task " + code + " is planned on a machine it cannot use now", true});
      continue;
    }
    solver::Assignment& e = out.schedule.assignments[op];
    e.mode = mode;
    e.machine = planning.problem.operations[op].modes[mode].machine;
    for (OperatorId id : a->operator_ids) {
      auto it = operator_index.find(id);
      if (it == operator_index.end()) {
        out.missing.push_back(
            {"operator", "task " + code + " is attended by an operator who is not active", true});
        continue;
      }
      e.operators.push_back(it->second);
    }
    e.setup_start = MinutesOf(planning, a->setup_start);
    e.run_start = MinutesOf(planning, a->start);
    e.end = MinutesOf(planning, a->end);
    e.setup_minutes = a->setup_minutes;
  }
  return out;
}

ScheduleKpis ToScheduleKpis(const solver::Kpis& kpis) {
  ScheduleKpis out;
  out.makespan_minutes = kpis.makespan;
  out.total_tardiness_minutes = kpis.total_tardiness;
  out.max_tardiness_minutes = std::max<std::int64_t>(0, kpis.max_lateness);
  out.late_jobs = kpis.late_jobs;
  out.total_setup_minutes = kpis.total_setup;
  out.weighted_tardiness = kpis.weighted_tardiness;
  return out;
}

}  // namespace takt::service
