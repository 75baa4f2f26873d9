#include "service/scheduling/planning_problem.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include "core/task_state_machine.hpp"
#include "solver/model/weekly_calendar.hpp"

namespace takt::service {
namespace {

using solver::Interval;
using solver::Minutes;

constexpr Minutes kMinutesPerDay = Minutes{24} * 60;

class Mapper {
 public:
  Mapper(const ShopSnapshot& snapshot, const PlanningOptions& options)
      : snapshot_(snapshot), options_(options) {
    out_.origin = options.origin;
  }

  PlanningProblem Build() {
    horizon_ = Horizon();
    out_.problem.name = "takt";
    out_.problem.horizon = horizon_;
    MapSkills();
    MapWorkCenters();
    MapFamilies();
    MapMachines();
    MapOperators();
    MapJobsAndOperations();
    return std::move(out_);
  }

 private:
  Minutes ToMinutes(Instant at) const {
    auto seconds = (at - options_.origin).count();
    return seconds >= 0 ? seconds / 60 : -((-seconds + 59) / 60);
  }

  // Ends of unavailability round up, so a partly blocked minute counts as blocked.
  Minutes CeilMinutes(Instant at) const {
    const Minutes floor = ToMinutes(at);
    return (at - options_.origin).count() % 60 == 0 ? floor : floor + 1;
  }

  Minutes Horizon() const {
    if (options_.horizon_end) return std::max<Minutes>(1, ToMinutes(*options_.horizon_end));
    Minutes latest = 0;
    for (const Job& job : snapshot_.jobs) latest = std::max(latest, ToMinutes(job.due_date));
    return std::max<Minutes>(60 * kMinutesPerDay, latest + 30 * kMinutesPerDay);
  }

  std::optional<Minutes> DateMinutes(const std::string& date) const {
    auto at = ParseInstant(date);
    if (!at) return std::nullopt;
    return ToMinutes(*at);
  }

  // Working intervals of a stored calendar over [0, horizon).
  const std::vector<Interval>& CalendarIntervals(CalendarId id) {
    auto cached = calendar_cache_.find(id);
    if (cached != calendar_cache_.end()) return cached->second;
    std::vector<Interval> working{{0, horizon_}};
    for (const Calendar& calendar : snapshot_.calendars) {
      if (calendar.id != id) continue;
      solver::WeeklyPattern pattern;
      const auto day = std::chrono::floor<std::chrono::days>(options_.origin);
      pattern.start_weekday = static_cast<int>(std::chrono::weekday(day).iso_encoding()) - 1;
      pattern.start_minute_of_day = static_cast<int>(
          std::chrono::duration_cast<std::chrono::minutes>(options_.origin - day).count());
      for (const auto& s : calendar.shifts) {
        pattern.shifts.push_back({s.weekday - 1, s.start_minute, s.end_minute});
      }
      for (const auto& b : calendar.breaks) {
        pattern.breaks.push_back({b.weekday - 1, b.start_minute, b.end_minute});
      }
      for (const auto& h : calendar.holidays) {
        auto at = ParseInstant(h.date);
        if (!at) continue;
        pattern.holidays.push_back(
            static_cast<int>((std::chrono::floor<std::chrono::days>(*at) - day).count()));
      }
      for (const auto& e : calendar.exceptions) {
        pattern.exceptions.push_back({Interval{ToMinutes(e.start), ToMinutes(e.end)},
                                      e.kind == CalendarExceptionKind::kWorking});
      }
      working = solver::BuildWorkingIntervals(pattern, horizon_);
    }
    return calendar_cache_.emplace(id, std::move(working)).first->second;
  }

  void MapSkills() {
    for (const Skill& skill : snapshot_.skills) {
      skill_index_[skill.id] = static_cast<int>(out_.problem.skills.size());
      skill_by_code_[skill.code] = static_cast<int>(out_.problem.skills.size());
      out_.problem.skills.push_back({skill.code});
    }
  }

  void MapWorkCenters() {
    for (const WorkCenter& center : snapshot_.work_centers) {
      center_index_[center.id] = static_cast<int>(out_.problem.work_centers.size());
      out_.problem.work_centers.push_back({center.code, center.wip_limit});
    }
  }

  void MapFamilies() {
    std::set<std::string> families;
    for (const auto& [job, tasks] : snapshot_.tasks) {
      for (const Task& task : tasks) {
        if (!task.setup_family.empty()) families.insert(task.setup_family);
      }
    }
    for (const Machine& machine : snapshot_.machines) {
      for (const auto& entry : machine.setup_matrix) {
        families.insert(entry.from_family);
        families.insert(entry.to_family);
      }
    }
    for (const std::string& family : families) {
      family_index_.emplace(family, static_cast<int>(family_index_.size()));
    }
  }

  void MapMachines() {
    const int family_count = static_cast<int>(family_index_.size());
    for (const Machine& machine : snapshot_.machines) {
      const int index = static_cast<int>(out_.problem.machines.size());
      machine_index_[machine.id] = index;
      out_.machine_of_index.push_back(machine.id);
      CalendarId calendar_id = machine.calendar_id;
      int center = -1;
      if (auto it = center_index_.find(machine.work_center_id); it != center_index_.end()) {
        center = it->second;
        if (!calendar_id.valid()) {
          for (const WorkCenter& wc : snapshot_.work_centers) {
            if (wc.id == machine.work_center_id) calendar_id = wc.calendar_id;
          }
        }
      }
      std::vector<Interval> blocked;
      for (const Downtime& d : machine.downtimes) {
        blocked.push_back({ToMinutes(d.start), CeilMinutes(d.end)});
      }
      std::vector<Interval> base = calendar_id.valid() ? CalendarIntervals(calendar_id)
                                                       : std::vector<Interval>{{0, horizon_}};
      const int calendar = static_cast<int>(out_.problem.calendars.size());
      out_.problem.calendars.push_back(
          {"machine " + machine.code, solver::SubtractIntervals(base, blocked)});
      int matrix = -1;
      if (!machine.setup_matrix.empty()) {
        matrix = static_cast<int>(out_.problem.setup_matrices.size());
        solver::SetupMatrix m{
            machine.code, family_count,
            std::vector<Minutes>(static_cast<std::size_t>(family_count) * family_count, 0)};
        for (const auto& entry : machine.setup_matrix) {
          m.minutes[static_cast<std::size_t>(family_index_[entry.from_family]) * family_count +
                    family_index_[entry.to_family]] = entry.minutes;
        }
        out_.problem.setup_matrices.push_back(std::move(m));
      }
      out_.problem.machines.push_back({machine.code, center, calendar, matrix});
    }
  }

  void MapOperators() {
    for (const Operator& op : snapshot_.operators) {
      if (op.status != OperatorStatus::kActive) continue;
      const int index = static_cast<int>(out_.problem.operators.size());
      operator_index_[op.id] = index;
      out_.operator_of_index.push_back(op.id);
      std::vector<Interval> absent;
      std::vector<Interval> overtime;
      for (const Absence& a : op.absences) {
        (a.kind == AbsenceKind::kAbsence ? absent : overtime)
            .push_back({ToMinutes(a.start), ToMinutes(a.end)});
      }
      std::vector<Interval> working = op.calendar_id.valid() ? CalendarIntervals(op.calendar_id)
                                                             : std::vector<Interval>{{0, horizon_}};
      working.insert(working.end(), overtime.begin(), overtime.end());
      working = solver::SubtractIntervals(solver::MergeIntervals(std::move(working)), absent);
      const int calendar = static_cast<int>(out_.problem.calendars.size());
      out_.problem.calendars.push_back({"operator " + op.employee_id, std::move(working)});
      std::vector<solver::OperatorSkill> skills;
      for (const OperatorSkill& s : op.skills) {
        auto it = skill_index_.find(s.skill_id);
        if (it == skill_index_.end()) continue;
        solver::OperatorSkill mapped{it->second, s.level, -solver::kNoTime, solver::kNoTime};
        if (s.certified_on)
          mapped.valid_from = DateMinutes(*s.certified_on).value_or(-solver::kNoTime);
        if (s.expires_on) {
          if (auto until = DateMinutes(*s.expires_on)) mapped.valid_until = *until + kMinutesPerDay;
        }
        skills.push_back(mapped);
      }
      out_.problem.operators.push_back({op.employee_id, calendar, std::move(skills), 0.0});
    }
  }

  // The operator requirements of a mode on `machine`, with the machine's required skills added.
  std::vector<solver::OperatorRequirement> Requirements(const TaskMode& mode,
                                                        const Machine& machine,
                                                        const std::string& where) {
    std::vector<solver::OperatorRequirement> out;
    for (const OperatorRequirement& r : mode.operators) {
      int skill = -1;
      if (auto it = skill_index_.find(r.skill_id); it != skill_index_.end()) skill = it->second;
      if (skill < 0) {
        if (auto it = skill_by_code_.find(r.skill_code); it != skill_by_code_.end())
          skill = it->second;
      }
      if (skill < 0) {
        Defect("skill", where + " needs skill " + r.skill_code + ", which does not exist");
        continue;
      }
      out.push_back({skill, r.min_level, r.count,
                     r.attendance == Attendance::kFull ? solver::Attendance::kFull
                                                       : solver::Attendance::kSetupOnly});
    }
    for (const MachineSkill& required : machine.required_skills) {
      auto it = skill_index_.find(required.skill_id);
      if (it == skill_index_.end()) continue;
      const bool covered = std::any_of(out.begin(), out.end(), [&](const auto& r) {
        return r.skill == it->second && r.min_level >= required.min_level;
      });
      if (covered) continue;
      out.push_back(
          {it->second, required.min_level, 1,
           machine.attended ? solver::Attendance::kFull : solver::Attendance::kSetupOnly});
    }
    for (const auto& r : out) {
      int holders = 0;
      for (const auto& op : out_.problem.operators) {
        for (const auto& s : op.skills) {
          if (s.skill == r.skill && s.level >= r.min_level) ++holders;
        }
      }
      if (holders < r.count) {
        // Once per task and skill, whichever of its machines asked.
        std::string message =
            where + " needs " + std::to_string(r.count) + " active operator(s) with skill " +
            out_.problem.skills[r.skill].code + " at level " + std::to_string(r.min_level) +
            " or above; " + std::to_string(holders) + " found";
        if (reported_.insert(message).second) Defect("skill", std::move(message));
      }
    }
    return out;
  }

  void Defect(std::string rule, std::string message) {
    out_.defects.push_back({std::move(rule), std::move(message), true});
  }

  static std::string TaskName(const Job& job, const Task& task) {
    return "task " + std::to_string(task.sequence) + " (" + task.name + ") of job " +
           job.job_number;
  }

  void AddModes(const Job& job, const Task& task, int op) {
    solver::Operation& operation = out_.problem.operations[op];
    std::vector<std::string> unavailable;
    const std::string where = TaskName(job, task);
    for (std::size_t mi = 0; mi < task.modes.size(); ++mi) {
      const TaskMode& mode = task.modes[mi];
      std::vector<const Machine*> machines;
      for (const Machine& machine : snapshot_.machines) {
        const bool named = (mode.machine_id && *mode.machine_id == machine.id) ||
                           (mode.work_center_id && *mode.work_center_id == machine.work_center_id);
        if (!named) continue;
        if (machine.status != MachineStatus::kAvailable) {
          unavailable.push_back(machine.code + " is " + MachineStatusName(machine.status));
          continue;
        }
        machines.push_back(&machine);
      }
      for (const Machine* machine : machines) {
        std::int64_t base_run = 0;
        if (task.fixed_duration_minutes) {
          base_run = std::max<std::int64_t>(0, *task.fixed_duration_minutes - mode.setup_minutes);
        } else {
          base_run = static_cast<std::int64_t>(
              std::ceil(mode.run_minutes * static_cast<double>(job.quantity) - 1e-9));
        }
        const double efficiency = machine->efficiency > 0 ? machine->efficiency : 1.0;
        solver::Mode m;
        m.machine = machine_index_[machine->id];
        m.setup = mode.setup_minutes;
        m.run = static_cast<Minutes>(std::ceil(static_cast<double>(base_run) / efficiency - 1e-9));
        m.run += task.status == TaskStatus::kInProgress ? 0 : Delay(task);
        m.operators = Requirements(mode, *machine, where);
        operation.modes.push_back(std::move(m));
        out_.task_mode_of[op].push_back(static_cast<int>(mi));
      }
    }
    if (operation.modes.empty()) {
      std::string why = unavailable.empty() ? "its modes name no machine"
                                            : "every machine it could use is unavailable";
      for (std::size_t i = 0; i < unavailable.size(); ++i) {
        why += (i == 0 ? " (" : ", ") + unavailable[i];
      }
      if (!unavailable.empty()) why += ")";
      Defect("no_machine", where + " cannot be planned: " + why);
    }
  }

  // The engine mode of `op` that is the task's mode `task_mode` on `machine` (or the first one).
  int EngineMode(int op, int task_mode, MachineId machine) const {
    auto it = machine_index_.find(machine);
    const int machine_index = it == machine_index_.end() ? -1 : it->second;
    const auto& modes = out_.problem.operations[op].modes;
    for (std::size_t m = 0; m < modes.size(); ++m) {
      if (modes[m].machine == machine_index && out_.task_mode_of[op][m] == task_mode) {
        return static_cast<int>(m);
      }
    }
    for (std::size_t m = 0; m < modes.size(); ++m) {
      if (modes[m].machine == machine_index) return static_cast<int>(m);
    }
    return -1;
  }

  std::vector<int> OperatorIndices(const std::vector<OperatorId>& ids) const {
    std::vector<int> out;
    for (OperatorId id : ids) {
      auto it = operator_index_.find(id);
      if (it == operator_index_.end()) return {};
      out.push_back(it->second);
    }
    return out;
  }

  void FixPlacements(const Task& task, int op) {
    solver::Operation& operation = out_.problem.operations[op];
    if (operation.modes.empty()) return;
    const ScheduleAssignment* ref =
        options_.reference != nullptr ? options_.reference->AssignmentOf(task.id) : nullptr;
    if (ref != nullptr) operation.reference_start = ToMinutes(ref->setup_start);
    if (task.status == TaskStatus::kInProgress) {
      // Started work keeps the resources it runs on: those of the reference plan, else the ones
      // recorded from the floor when the task started.
      solver::FixedPlacement f;
      f.mode = 0;
      int mode_found = ref != nullptr ? EngineMode(op, ref->mode_index, ref->machine_id) : -1;
      if (mode_found >= 0) {
        f.operators = OperatorIndices(ref->operator_ids);
      } else if (task.actuals.machine_id) {
        mode_found = EngineMode(op, -1, *task.actuals.machine_id);
        f.operators = OperatorIndices(task.actuals.operator_ids);
      }
      if (mode_found >= 0) f.mode = mode_found;
      auto& mode = operation.modes[f.mode];
      f.machine = mode.machine;
      f.start = task.actuals.start ? ToMinutes(*task.actuals.start) : 0;
      const Minutes planned = mode.setup + mode.run;
      f.remaining = std::max<Minutes>(1, planned - std::max<Minutes>(0, -f.start)) + Delay(task);
      if (f.operators.size() != RequiredCount(mode)) {
        // The crew on this running task is not known to Takt (started without naming it): the
        // task stays where it is and the plan does not book operators for its remainder.
        f.operators = {};
        if (!mode.operators.empty()) {
          mode.operators.clear();
          out_.notes.push_back({"in_progress_crew_unknown",
                                "running task " + operation.code +
                                    " has no recorded crew; its remaining work books no operators",
                                false});
        }
      }
      operation.in_progress = f;
      return;
    }
    const ScheduleAssignment* pin = nullptr;
    if (options_.pins_from != nullptr) {
      const ScheduleAssignment* a = options_.pins_from->AssignmentOf(task.id);
      if (a != nullptr && (a->pinned || task.pinned)) pin = a;
    }
    if (pin == nullptr && ref != nullptr && options_.frozen_minutes > 0) {
      const Minutes start = ToMinutes(ref->setup_start);
      const Minutes frozen_end = ToMinutes(options_.now) + options_.frozen_minutes;
      if (start >= 0 && start < frozen_end) pin = ref;
    }
    if (pin == nullptr) return;
    const int mode = EngineMode(op, pin->mode_index, pin->machine_id);
    if (mode < 0) return;
    solver::FixedPlacement f;
    f.mode = mode;
    f.machine = operation.modes[mode].machine;
    f.start = ToMinutes(pin->setup_start);
    f.operators = OperatorIndices(pin->operator_ids);
    if (f.operators.size() != RequiredCount(operation.modes[mode])) f.operators = {};
    operation.pinned = f;
  }

  Minutes Delay(const Task& task) const {
    auto it = options_.delays.find(task.id);
    return it == options_.delays.end() ? 0 : std::max<Minutes>(0, it->second);
  }

  static std::size_t RequiredCount(const solver::Mode& mode) {
    std::size_t count = 0;
    for (const auto& r : mode.operators) count += static_cast<std::size_t>(r.count);
    return count;
  }

  void MapJobsAndOperations() {
    for (const Job& job : snapshot_.jobs) {
      if (job.status != JobStatus::kReleased && job.status != JobStatus::kInProgress) {
        if (job.status != JobStatus::kCompleted) {
          out_.notes.push_back({"job_skipped",
                                "job " + job.job_number + " is " + JobStatusName(job.status) +
                                    " and is left out of the plan",
                                false});
        }
        continue;
      }
      const int job_index = static_cast<int>(out_.problem.jobs.size());
      out_.job_of_index.push_back(job.id);
      JobPriority priority = job.priority;
      if (auto it = options_.priority_override.find(job.id);
          it != options_.priority_override.end()) {
        priority = it->second;
      }
      solver::Job mapped;
      mapped.code = job.job_number;
      mapped.release = job.release_date ? std::max<Minutes>(0, ToMinutes(*job.release_date)) : 0;
      mapped.due = ToMinutes(job.due_date);
      mapped.weight = JobPriorityWeight(priority);
      out_.problem.jobs.push_back(mapped);
      auto tasks_it = snapshot_.tasks.find(job.id);
      if (tasks_it == snapshot_.tasks.end()) continue;
      const std::vector<Task>& tasks = tasks_it->second;
      for (const Task& task : tasks) {
        if (task.status == TaskStatus::kCompleted || task.status == TaskStatus::kCancelled)
          continue;
        const int op = static_cast<int>(out_.problem.operations.size());
        solver::Operation operation;
        operation.code = job.job_number + "/" + std::to_string(task.sequence);
        operation.job = job_index;
        operation.interruptible = task.interruptible;
        if (!task.setup_family.empty()) operation.setup_family = family_index_[task.setup_family];
        out_.problem.operations.push_back(std::move(operation));
        out_.problem.jobs[job_index].operations.push_back(op);
        out_.task_of_operation.push_back(task.id);
        out_.task_mode_of.emplace_back();
        out_.operation_of_task[task.id] = op;
        out_.task_by_id[task.id] = &task;
        AddModes(job, task, op);
        FixPlacements(task, op);
      }
      for (const Task& task : tasks) {
        auto after = out_.operation_of_task.find(task.id);
        if (after == out_.operation_of_task.end()) continue;
        for (const PrecedenceLink& link : EffectivePredecessors(tasks, task)) {
          auto before = out_.operation_of_task.find(link.predecessor_id);
          if (before == out_.operation_of_task.end()) continue;
          solver::Precedence p;
          p.before = before->second;
          p.after = after->second;
          switch (link.type) {
            case PrecedenceType::kFinishToStart: p.type = solver::LinkType::kFinishStart; break;
            case PrecedenceType::kStartToStart: p.type = solver::LinkType::kStartStart; break;
            case PrecedenceType::kFinishToFinish: p.type = solver::LinkType::kFinishFinish; break;
            case PrecedenceType::kStartToFinish: p.type = solver::LinkType::kStartFinish; break;
          }
          p.min_lag = link.min_lag_minutes;
          p.max_lag = link.max_lag_minutes.value_or(solver::kNoTime);
          out_.problem.precedences.push_back(p);
        }
      }
    }
  }

  const ShopSnapshot& snapshot_;
  const PlanningOptions& options_;
  PlanningProblem out_;
  Minutes horizon_ = 0;
  std::map<CalendarId, std::vector<Interval>> calendar_cache_;
  std::map<SkillId, int> skill_index_;
  std::map<std::string, int> skill_by_code_;
  std::map<WorkCenterId, int> center_index_;
  std::map<std::string, int> family_index_;
  std::map<MachineId, int> machine_index_;
  std::map<OperatorId, int> operator_index_;
  std::set<std::string> reported_;
};

}  // namespace

PlanningProblem BuildPlanningProblem(const ShopSnapshot& snapshot, const PlanningOptions& options) {
  return Mapper(snapshot, options).Build();
}

PlanningOptions OptionsOfPlan(const Schedule& schedule, Instant now) {
  PlanningOptions options;
  options.origin = schedule.horizon_start;
  options.horizon_end = schedule.horizon_end;
  options.now = now;
  options.reference = &schedule;
  return options;
}

PlanningProblem PlanningAsPlanned(const Schedule& schedule, const ShopSnapshot& snapshot,
                                  Instant now) {
  PlanningProblem planning = BuildPlanningProblem(snapshot, OptionsOfPlan(schedule, now));
  for (auto& op : planning.problem.operations) {
    op.in_progress.reset();
    op.pinned.reset();
  }
  return planning;
}

}  // namespace takt::service
