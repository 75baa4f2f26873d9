#include "service/scheduling/schedule_insight.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "service/scheduling/plan_mapping.hpp"
#include "service/scheduling/planning_problem.hpp"
#include "solver/model/working_time.hpp"
#include "solver/render/gantt_svg.hpp"

namespace takt::service {
namespace {

using solver::Minutes;

std::int64_t MinutesBetween(Instant from, Instant to) {
  return std::chrono::duration_cast<std::chrono::minutes>(to - from).count();
}

Minutes Working(const solver::Problem& problem, int calendar, Minutes from, Minutes to) {
  if (to <= from) return 0;
  if (calendar < 0) return to - from;
  solver::WorkingTime time;
  time.Add(&problem.calendars[calendar]);
  return time.WorkingMinutes(from, to);
}

std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

ScheduleAnalytics Analyze(const Schedule& schedule, const ShopSnapshot& shop) {
  ScheduleAnalytics out;
  out.kpis = schedule.kpis;
  const PlanningProblem planning = PlanningAsPlanned(schedule, shop, InstantNow());
  const Minutes end =
      schedule.assignments.empty()
          ? 0
          : MinutesBetween(
                schedule.horizon_start,
                std::max_element(schedule.assignments.begin(), schedule.assignments.end(),
                                 [](const auto& a, const auto& b) { return a.end < b.end; })
                    ->end);
  for (const auto& a : schedule.assignments) {
    if (!out.plan_start || a.setup_start < *out.plan_start) out.plan_start = a.setup_start;
    if (!out.plan_end || a.end > *out.plan_end) out.plan_end = a.end;
  }
  std::map<MachineId, ResourceLoad> machines;
  std::map<OperatorId, ResourceLoad> operators;
  for (const auto& a : schedule.assignments) {
    ResourceLoad& m = machines[a.machine_id];
    m.busy_minutes += MinutesBetween(a.setup_start, a.end);
    ++m.tasks;
    for (OperatorId o : a.operator_ids) {
      ResourceLoad& load = operators[o];
      load.busy_minutes += MinutesBetween(a.setup_start, a.end);
      ++load.tasks;
    }
  }
  double total_utilization = 0;
  int used = 0;
  for (std::size_t i = 0; i < planning.machine_of_index.size(); ++i) {
    const Machine& machine = shop.machines[i];
    ResourceLoad load = machines[machine.id];
    load.id = machine.id.ToString();
    load.code = machine.code;
    load.available_minutes =
        Working(planning.problem, planning.problem.machines[i].calendar, 0, end);
    load.utilization_percent =
        load.available_minutes > 0 ? 100.0 * load.busy_minutes / load.available_minutes : 0.0;
    if (load.tasks > 0) {
      total_utilization += load.utilization_percent;
      ++used;
    }
    out.machines.push_back(load);
  }
  out.average_machine_utilization = used > 0 ? total_utilization / used : 0.0;
  for (std::size_t i = 0; i < planning.operator_of_index.size(); ++i) {
    const OperatorId id = planning.operator_of_index[i];
    ResourceLoad load = operators[id];
    load.id = id.ToString();
    load.code = planning.problem.operators[i].code;
    load.available_minutes =
        Working(planning.problem, planning.problem.operators[i].calendar, 0, end);
    load.utilization_percent =
        load.available_minutes > 0 ? 100.0 * load.busy_minutes / load.available_minutes : 0.0;
    out.operators.push_back(load);
  }
  // Peak WIP per work center: a job is inside a center from its first setup there to its last end.
  std::map<MachineId, WorkCenterId> center_of;
  for (const Machine& m : shop.machines) center_of[m.id] = m.work_center_id;
  std::map<std::pair<WorkCenterId, JobId>, std::pair<Instant, Instant>> spans;
  for (const auto& a : schedule.assignments) {
    const WorkCenterId center = center_of[a.machine_id];
    if (!center.valid()) continue;
    auto key = std::make_pair(center, a.job_id);
    auto it = spans.find(key);
    if (it == spans.end()) {
      spans[key] = {a.setup_start, a.end};
    } else {
      it->second.first = std::min(it->second.first, a.setup_start);
      it->second.second = std::max(it->second.second, a.end);
    }
  }
  for (const WorkCenter& wc : shop.work_centers) {
    std::vector<std::pair<Instant, int>> events;
    for (const auto& [key, span] : spans) {
      if (key.first != wc.id) continue;
      events.push_back({span.first, 1});
      events.push_back({span.second, -1});
    }
    std::sort(events.begin(), events.end());
    int current = 0;
    int peak = 0;
    for (const auto& [at, delta] : events) {
      current += delta;
      peak = std::max(peak, current);
    }
    out.work_centers.push_back({wc.id.ToString(), wc.code, wc.wip_limit, peak});
  }
  std::map<JobId, Instant> job_end;
  for (const auto& a : schedule.assignments) {
    auto it = job_end.find(a.job_id);
    if (it == job_end.end() || a.end > it->second) job_end[a.job_id] = a.end;
  }
  for (const Job& job : shop.jobs) {
    auto it = job_end.find(job.id);
    if (it == job_end.end()) continue;
    out.jobs.push_back({job.id, job.job_number, job.due_date, it->second,
                        std::max<std::int64_t>(0, MinutesBetween(job.due_date, it->second))});
  }
  std::stable_sort(out.jobs.begin(), out.jobs.end(), [](const auto& a, const auto& b) {
    return a.tardiness_minutes > b.tardiness_minutes;
  });
  return out;
}

PlanDiff DiffPlans(const Schedule& first, const Schedule& second) {
  PlanDiff diff;
  std::set<TaskId> tasks;
  for (const auto& a : first.assignments) tasks.insert(a.task_id);
  for (const auto& a : second.assignments) tasks.insert(a.task_id);
  for (TaskId task : tasks) {
    const ScheduleAssignment* a = first.AssignmentOf(task);
    const ScheduleAssignment* b = second.AssignmentOf(task);
    TaskMove move;
    move.task_id = task;
    if (a != nullptr) move.before = *a;
    if (b != nullptr) move.after = *b;
    if (a != nullptr && b != nullptr) {
      move.shift_minutes = MinutesBetween(a->setup_start, b->setup_start);
      move.machine_changed = a->machine_id != b->machine_id;
      if (move.shift_minutes == 0 && !move.machine_changed) {
        ++diff.unchanged;
        continue;
      }
      diff.churn_minutes += move.shift_minutes < 0 ? -move.shift_minutes : move.shift_minutes;
    }
    diff.moves.push_back(std::move(move));
  }
  return diff;
}

Result<std::vector<PlacementReason>> ExplainPlacement(const Schedule& schedule,
                                                      const ShopSnapshot& shop, TaskId task) {
  const ScheduleAssignment* placed = schedule.AssignmentOf(task);
  if (placed == nullptr) {
    return Fail(Error::NotFound("task " + task.ToString() + " is not in schedule " +
                                schedule.id.ToString()));
  }
  const PlanningProblem planning = PlanningAsPlanned(schedule, shop, InstantNow());
  std::vector<PlacementReason> reasons;
  auto op_it = planning.operation_of_task.find(task);
  if (op_it == planning.operation_of_task.end()) {
    reasons.push_back({"finished", "the task is completed or cancelled; its place is history"});
    return reasons;
  }
  const int op = op_it->second;
  const EnginePlan plan = ToEnginePlan(planning, schedule);
  const solver::Problem& problem = planning.problem;
  const auto& a = plan.schedule.assignments[op];
  if (a.mode < 0) {
    reasons.push_back({"unscheduled", "the plan does not place this task on a usable machine"});
    return reasons;
  }
  const Minutes s = a.setup_start;
  const std::string at = FormatInstant(placed->setup_start);
  if (placed->pinned) reasons.push_back({"pinned", "a person fixed this task at " + at});
  if (s <= 0) reasons.push_back({"horizon", "it starts at the beginning of the planning horizon"});
  const solver::Job& job = problem.jobs[problem.operations[op].job];
  if (s == job.release && job.release > 0) {
    reasons.push_back({"release", "job " + job.code + " is released at " + at});
  }
  for (const auto& p : problem.precedences) {
    if (p.after != op) continue;
    const auto& b = plan.schedule.assignments[p.before];
    if (b.mode < 0) continue;
    Minutes bound_start = -solver::kNoTime;
    switch (p.type) {
      case solver::LinkType::kFinishStart: bound_start = b.end + p.min_lag; break;
      case solver::LinkType::kStartStart: bound_start = b.setup_start + p.min_lag; break;
      case solver::LinkType::kFinishFinish: bound_start = s - (a.end - (b.end + p.min_lag)); break;
      case solver::LinkType::kStartFinish:
        bound_start = s - (a.end - (b.setup_start + p.min_lag));
        break;
    }
    if (bound_start >= s) {
      reasons.push_back({"precedence", std::string("it waits for task ") +
                                           problem.operations[p.before].code + " (" +
                                           solver::LinkTypeName(p.type) + ", lag " +
                                           std::to_string(p.min_lag) + " min)"});
    }
  }
  for (std::size_t o = 0; o < plan.schedule.assignments.size(); ++o) {
    const auto& other = plan.schedule.assignments[o];
    if (static_cast<int>(o) == op || other.mode < 0) continue;
    if (other.machine == a.machine && other.end == s) {
      reasons.push_back({"machine", "machine " + problem.machines[a.machine].code +
                                        " is busy with task " + problem.operations[o].code +
                                        " until then"});
    }
    for (int w : a.operators) {
      if (other.end == s &&
          std::find(other.operators.begin(), other.operators.end(), w) != other.operators.end()) {
        reasons.push_back({"operator", "operator " + problem.operators[w].code +
                                           " is busy with task " + problem.operations[o].code +
                                           " until then"});
      }
    }
  }
  const int calendar = problem.machines[a.machine].calendar;
  if (calendar >= 0 && s > 0) {
    solver::WorkingTime time;
    time.Add(&problem.calendars[calendar]);
    if (!time.Covers(s - 1, s)) {
      reasons.push_back({"calendar", "machine " + problem.machines[a.machine].code +
                                         " starts working at " + at + " (shift or downtime)"});
    }
  }
  if (reasons.empty()) {
    reasons.push_back({"objective",
                       "nothing forces this start: the optimizer placed it here for the objective "
                       "(or to respect a work-center WIP limit or an operator's working time)"});
  }
  const auto& modes = problem.operations[op].modes;
  if (modes.size() > 1) {
    reasons.push_back(
        {"alternatives", "the task could also run on " + std::to_string(modes.size() - 1) +
                             " other machine(s); this one served the objective best"});
  }
  return reasons;
}

std::vector<Recommendation> Recommend(const Schedule& schedule, const ScheduleAnalytics& a) {
  std::vector<Recommendation> out;
  const ResourceLoad* bottleneck = nullptr;
  for (const auto& m : a.machines) {
    if (m.tasks > 0 &&
        (bottleneck == nullptr || m.utilization_percent > bottleneck->utilization_percent)) {
      bottleneck = &m;
    }
  }
  int shown = 0;
  for (const auto& job : a.jobs) {
    if (job.tardiness_minutes <= 0 || shown >= 5) continue;
    ++shown;
    std::string message = "job " + job.job_number + " finishes " +
                          std::to_string(job.tardiness_minutes / 60) + " h " +
                          std::to_string(job.tardiness_minutes % 60) + " min after its due date";
    if (bottleneck != nullptr) {
      message += "; the busiest machine is " + bottleneck->code + " (" +
                 std::to_string(static_cast<int>(bottleneck->utilization_percent)) +
                 "% utilized): overtime there, raising the job's priority or moving work to "
                 "alternative machines would help";
    }
    out.push_back({"late_job", "HIGH", message});
  }
  for (const auto& m : a.machines) {
    if (m.utilization_percent >= 90) {
      out.push_back({"bottleneck", "MEDIUM",
                     "machine " + m.code + " is " +
                         std::to_string(static_cast<int>(m.utilization_percent)) +
                         "% utilized; it limits the plan"});
    } else if (m.tasks > 0 && m.utilization_percent < 20) {
      out.push_back({"idle_capacity", "LOW",
                     "machine " + m.code + " is only " +
                         std::to_string(static_cast<int>(m.utilization_percent)) +
                         "% utilized; it can take more work"});
    }
  }
  for (const auto& wc : a.work_centers) {
    if (wc.peak_jobs >= wc.wip_limit && wc.peak_jobs > 0) {
      out.push_back({"wip_limit", "MEDIUM",
                     "work center " + wc.code + " reaches its WIP limit of " +
                         std::to_string(wc.wip_limit) + " jobs; raising it may shorten the plan"});
    }
  }
  if (schedule.fallback) {
    out.push_back({"fallback", "MEDIUM",
                   "this plan is the constructive fallback; optimize again with a longer time "
                   "limit for a better one"});
  }
  if (schedule.HasHardViolation()) {
    out.push_back(
        {"violations", "HIGH", "the plan breaks hard constraints; validate and optimize it again"});
  }
  if (schedule.kpis.makespan_minutes > 0 &&
      schedule.kpis.total_setup_minutes * 5 > schedule.kpis.makespan_minutes) {
    out.push_back({"setup", "LOW",
                   "setups take a large share of the plan; the setup_minimizing strategy may "
                   "reduce them"});
  }
  return out;
}

std::string ReportCsv(const Schedule& schedule, const ShopSnapshot& shop) {
  std::map<JobId, const Job*> jobs;
  for (const Job& job : shop.jobs) jobs[job.id] = &job;
  std::map<TaskId, const Task*> tasks;
  for (const auto& [id, list] : shop.tasks) {
    for (const Task& t : list) tasks[t.id] = &t;
  }
  std::map<MachineId, std::string> machines;
  for (const Machine& m : shop.machines) machines[m.id] = m.code;
  std::map<OperatorId, std::string> operators;
  for (const Operator& o : shop.operators) operators[o.id] = o.employee_id;
  std::string out =
      "job_number,task_id,sequence,task_name,machine,operators,setup_start,start,end,"
      "setup_minutes,pinned\r\n";
  for (const auto& a : schedule.assignments) {
    const Job* job = jobs.count(a.job_id) ? jobs[a.job_id] : nullptr;
    const Task* task = tasks.count(a.task_id) ? tasks[a.task_id] : nullptr;
    std::string names;
    for (OperatorId o : a.operator_ids) names += (names.empty() ? "" : " ") + operators[o];
    out += CsvField(job ? job->job_number : a.job_id.ToString()) + "," + a.task_id.ToString() +
           "," + (task ? std::to_string(task->sequence) : "") + "," +
           CsvField(task ? task->name : "") + "," + CsvField(machines[a.machine_id]) + "," +
           CsvField(names) + "," + FormatInstant(a.setup_start) + "," + FormatInstant(a.start) +
           "," + FormatInstant(a.end) + "," + std::to_string(a.setup_minutes) + "," +
           (a.pinned ? "true" : "false") + "\r\n";
  }
  return out;
}

std::string GanttSvgOf(const Schedule& schedule, const ShopSnapshot& shop) {
  const PlanningProblem planning = PlanningAsPlanned(schedule, shop, InstantNow());
  EnginePlan plan = ToEnginePlan(planning, schedule);
  // Operations the plan does not place are left out of the drawing.
  solver::Problem problem = planning.problem;
  solver::Schedule drawn;
  std::vector<solver::Operation> operations;
  for (std::size_t op = 0; op < problem.operations.size(); ++op) {
    if (plan.schedule.assignments[op].mode < 0) continue;
    operations.push_back(problem.operations[op]);
    drawn.assignments.push_back(plan.schedule.assignments[op]);
  }
  problem.operations = std::move(operations);
  problem.precedences.clear();
  for (auto& job : problem.jobs) job.operations.clear();
  return solver::GanttSvg(problem, drawn,
                          schedule.name + " (revision " + std::to_string(schedule.revision) + ")");
}

}  // namespace takt::service
