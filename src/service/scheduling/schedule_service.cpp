#include "service/scheduling/schedule_service.hpp"

#include <set>

#include "core/schedule_state_machine.hpp"
#include "core/task_state_machine.hpp"
#include "service/scheduling/plan_mapping.hpp"
#include "service/scheduling/planning_problem.hpp"
#include "service/scheduling/schedule_objective.hpp"
#include "solver/check/schedule_checker.hpp"
#include "solver/validate/validate.hpp"

namespace takt::service {
namespace {

std::string Quote(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) >= 0x20) out += c;
  }
  return out + "\"";
}

std::string AuditJson(const Schedule& s) {
  return "{\"id\":\"" + s.id.ToString() + "\",\"name\":" + Quote(s.name) + ",\"status\":\"" +
         ScheduleStatusName(s.status) + "\",\"revision\":" + std::to_string(s.revision) +
         ",\"version\":" + std::to_string(s.version) +
         ",\"assignments\":" + std::to_string(s.assignments.size()) + "}";
}

}  // namespace

std::vector<FieldError> ViolationFields(const std::vector<ScheduleViolation>& violations) {
  constexpr std::size_t kMaxListed = 100;  // a planner reads the first ones; the count says more
  std::vector<FieldError> out;
  std::size_t hard = 0;
  for (const auto& v : violations) {
    if (!v.hard) continue;
    if (++hard <= kMaxListed) out.push_back({v.rule, v.message});
  }
  if (hard > kMaxListed) {
    out.push_back({"more", std::to_string(hard - kMaxListed) + " more violation(s) not listed"});
  }
  return out;
}

Result<std::vector<FieldError>> ScheduleService::CheckJobs(storage::Transaction& tx,
                                                           const std::vector<JobId>& ids,
                                                           const std::string& field) {
  std::vector<FieldError> errors;
  std::set<JobId> seen;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const std::string path = field + "[" + std::to_string(i) + "]";
    if (!seen.insert(ids[i]).second) {
      errors.push_back({path, "job " + ids[i].ToString() + " is listed twice"});
      continue;
    }
    auto job = stores_.jobs.Get(tx, ids[i]);
    if (!job) {
      if (job.error().code != ErrorCode::kNotFound) return Fail(job.error());
      errors.push_back({path, "job " + ids[i].ToString() + " does not exist"});
      continue;
    }
    if (job->status != JobStatus::kReleased && job->status != JobStatus::kInProgress) {
      errors.push_back({path, "job " + job->job_number + " is " + JobStatusName(job->status) +
                                  "; only RELEASED or IN_PROGRESS jobs are scheduled"});
    }
  }
  return errors;
}

Result<Schedule> ScheduleService::Create(const Actor& actor, NewSchedule request,
                                         const std::optional<IdempotentRequest>& idempotency) {
  return stores_.database.Write(actor, [&](storage::Transaction& tx) -> Result<Schedule> {
    if (idempotency) {
      auto seen = stores_.schedules.FindIdempotencyKey(tx, idempotency->key);
      if (!seen) return Fail(seen.error());
      if (*seen) {
        if ((*seen)->fingerprint != idempotency->fingerprint) {
          return Fail(Error::Conflict("this Idempotency-Key was used for another request"));
        }
        return stores_.schedules.Get(tx, (*seen)->schedule_id);
      }
    }
    std::vector<FieldError> errors;
    if (request.name.empty() || request.name.size() > 200) {
      errors.push_back({"name", "must be 1 to 200 characters"});
    }
    if (request.horizon_end && *request.horizon_end <= request.horizon_start) {
      errors.push_back({"horizon_end", "must be after horizon_start"});
    }
    if (auto strategy = ResolveObjective(request.objective, "objective"); !strategy) {
      for (auto& e : strategy.error().field_errors) errors.push_back(e);
    }
    if (request.job_ids.empty()) {
      auto all = SchedulableJobIds(tx, stores_);
      if (!all) return Fail(all.error());
      request.job_ids = std::move(*all);
      if (request.job_ids.empty()) {
        errors.push_back({"job_ids", "no job is RELEASED or IN_PROGRESS; release jobs first"});
      }
    } else {
      auto job_errors = CheckJobs(tx, request.job_ids, "job_ids");
      if (!job_errors) return Fail(job_errors.error());
      errors.insert(errors.end(), job_errors->begin(), job_errors->end());
    }
    if (!errors.empty()) {
      return Fail(Error::InvalidArgument("the schedule request is invalid", std::move(errors)));
    }
    Schedule schedule;
    schedule.name = request.name;
    schedule.job_ids = request.job_ids;
    schedule.horizon_start = request.horizon_start;
    schedule.horizon_end = request.horizon_end;
    schedule.objective = request.objective;
    schedule.created_by = actor.email;
    auto stored = stores_.schedules.Insert(tx, schedule);
    if (!stored) return Fail(stored.error());
    if (idempotency) {
      auto ok = stores_.schedules.RememberIdempotencyKey(
          tx, idempotency->key, {idempotency->fingerprint, stored->id, OptimizationRunId()});
      if (!ok) return Fail(ok.error());
    }
    auto audited = stores_.audit.Append(
        tx, {"schedule.create", "schedule", stored->id.ToString(), "", AuditJson(*stored)});
    if (!audited) return Fail(audited.error());
    return stored;
  });
}

Result<std::vector<ScheduleViolation>> ScheduleService::CheckFeasibility(
    const NewSchedule& request) {
  auto snapshot = stores_.database.Read([&](storage::Transaction& tx) -> Result<ShopSnapshot> {
    std::vector<JobId> ids = request.job_ids;
    if (ids.empty()) {
      auto all = SchedulableJobIds(tx, stores_);
      if (!all) return Fail(all.error());
      ids = std::move(*all);
    } else {
      auto errors = CheckJobs(tx, ids, "job_ids");
      if (!errors) return Fail(errors.error());
      if (!errors->empty()) {
        return Fail(Error::InvalidArgument("the schedule request is invalid", std::move(*errors)));
      }
    }
    return LoadShopSnapshot(tx, stores_, ids);
  });
  if (!snapshot) return Fail(snapshot.error());
  PlanningOptions options;
  options.origin = request.horizon_start;
  options.horizon_end = request.horizon_end;
  options.now = InstantNow();
  PlanningProblem planning = BuildPlanningProblem(*snapshot, options);
  std::vector<ScheduleViolation> defects = planning.defects;
  if (defects.empty()) {
    for (const FieldError& e : solver::Validate(planning.problem)) {
      defects.push_back({e.field, e.message, true});
    }
  }
  return defects;
}

Result<Schedule> ScheduleService::Get(ScheduleId id) {
  return stores_.database.Read(
      [&](storage::Transaction& tx) { return stores_.schedules.Get(tx, id); });
}

Result<Schedule> ScheduleService::GetHeader(ScheduleId id) {
  return stores_.database.Read(
      [&](storage::Transaction& tx) { return stores_.schedules.GetHeader(tx, id); });
}

Result<storage::SchedulePage> ScheduleService::List(const storage::ScheduleFilter& filter) {
  return stores_.database.Read(
      [&](storage::Transaction& tx) { return stores_.schedules.List(tx, filter); });
}

Result<ScheduleService::PlannedShop> ScheduleService::LoadPlannedShop(ScheduleId id) {
  return stores_.database.Read([&](storage::Transaction& tx) -> Result<PlannedShop> {
    auto schedule = stores_.schedules.Get(tx, id);
    if (!schedule) return Fail(schedule.error());
    auto snapshot = LoadShopSnapshot(tx, stores_, schedule->job_ids);
    if (!snapshot) return Fail(snapshot.error());
    return PlannedShop{std::move(*schedule), std::move(*snapshot)};
  });
}

Result<std::vector<ScheduleViolation>> ScheduleService::ValidatePlan(
    const Schedule& schedule, const ShopSnapshot& snapshot) const {
  PlanningProblem planning = BuildPlanningProblem(snapshot, OptionsOfPlan(schedule, InstantNow()));
  EnginePlan plan = ToEnginePlan(planning, schedule);
  // The plan is checked as planned: work that has started since is judged by its planned times.
  // Work that was already running when the plan was made was planned at its actual start; it is a
  // fact of the floor (it may have started before its job's release or outside the calendar) and
  // is held only to its start, resources and end.
  auto& operations = planning.problem.operations;
  for (std::size_t o = 0; o < operations.size(); ++o) {
    auto& op = operations[o];
    const bool running_when_planned = op.in_progress && plan.missing.empty() &&
                                      o < plan.schedule.assignments.size() &&
                                      plan.schedule.assignments[o].setup_start ==
                                          std::max<solver::Minutes>(op.in_progress->start, 0);
    if (!running_when_planned) op.in_progress.reset();
    op.pinned.reset();
  }
  std::vector<ScheduleViolation> violations = planning.defects;
  violations.insert(violations.end(), plan.missing.begin(), plan.missing.end());
  if (plan.missing.empty() && planning.defects.empty()) {
    for (const auto& v : solver::CheckSchedule(planning.problem, plan.schedule)) {
      violations.push_back({v.rule, v.message, true});
    }
  }
  return violations;
}

Result<std::vector<ScheduleViolation>> ScheduleService::Validate(ScheduleId id) {
  auto shop = LoadPlannedShop(id);
  if (!shop) return Fail(shop.error());
  return ValidatePlan(shop->schedule, shop->snapshot);
}

Result<Schedule> ScheduleService::Publish(const Actor& actor, ScheduleId id,
                                          std::optional<std::int64_t> version) {
  auto shop = LoadPlannedShop(id);
  if (!shop) return Fail(shop.error());
  const Schedule& schedule = shop->schedule;
  if (auto ok = CheckScheduleTransition(schedule.status, ScheduleStatus::kPublished); !ok) {
    return Fail(ok.error());
  }
  if (version && *version != schedule.version) {
    return Fail(Error::Conflict("schedule " + id.ToString() + " version " +
                                std::to_string(*version) + " is stale; current version is " +
                                std::to_string(schedule.version))
                    .WithDetail("current_version", std::to_string(schedule.version)));
  }
  if (schedule.assignments.empty()) {
    return Fail(Error::Conflict("the schedule has no plan yet; optimize it before publishing"));
  }
  auto violations = ValidatePlan(schedule, shop->snapshot);
  if (!violations) return Fail(violations.error());
  const bool blocked =
      std::any_of(violations->begin(), violations->end(), [](const auto& v) { return v.hard; });
  auto stored = stores_.database.Write(actor, [&](storage::Transaction& tx) -> Result<Schedule> {
    Schedule next = schedule;
    next.violations = *violations;
    if (!blocked) next.status = ScheduleStatus::kPublished;
    auto saved = stores_.schedules.Update(tx, next, schedule.version, false);
    if (!saved) return Fail(saved.error());
    if (!blocked) {
      auto ok = stores_.audit.Append(tx, {"schedule.publish", "schedule", id.ToString(),
                                          AuditJson(schedule), AuditJson(*saved)});
      if (!ok) return Fail(ok.error());
    }
    return saved;
  });
  if (!stored) return stored;
  if (blocked) {
    Error error = Error::Conflict("the schedule breaks " +
                                  std::to_string(ViolationFields(*violations).size()) +
                                  " hard constraint(s); fix them before publishing")
                      .WithDetail("current_status", ScheduleStatusName(schedule.status));
    error.field_errors = ViolationFields(*violations);
    return Fail(std::move(error));
  }
  return stored;
}

Result<Schedule> ScheduleService::Transition(const Actor& actor, ScheduleId id,
                                             ScheduleStatus target, const std::string& reason,
                                             std::optional<std::int64_t> version) {
  return stores_.database.Write(actor, [&](storage::Transaction& tx) -> Result<Schedule> {
    auto current = stores_.schedules.Get(tx, id);
    if (!current) return Fail(current.error());
    if (auto ok = CheckScheduleTransition(current->status, target); !ok) return Fail(ok.error());
    if (version && *version != current->version) {
      return Fail(Error::Conflict("schedule version " + std::to_string(*version) +
                                  " is stale; current version is " +
                                  std::to_string(current->version))
                      .WithDetail("current_version", std::to_string(current->version)));
    }
    Schedule next = *current;
    next.status = target;
    auto saved = stores_.schedules.Update(tx, next, current->version, false);
    if (!saved) return Fail(saved.error());
    std::string after = AuditJson(*saved);
    if (!reason.empty()) after.insert(after.size() - 1, ",\"reason\":" + Quote(reason));
    auto ok = stores_.audit.Append(tx, {std::string("schedule.") + ScheduleStatusName(target),
                                        "schedule", id.ToString(), AuditJson(*current), after});
    if (!ok) return Fail(ok.error());
    return saved;
  });
}

Result<Schedule> ScheduleService::Execute(const Actor& actor, ScheduleId id) {
  return stores_.database.Write(actor, [&](storage::Transaction& tx) -> Result<Schedule> {
    auto current = stores_.schedules.Get(tx, id);
    if (!current) return Fail(current.error());
    if (auto ok = CheckScheduleTransition(current->status, ScheduleStatus::kActive); !ok) {
      return Fail(ok.error());
    }
    // One active plan per machine: active plans sharing a machine with this one are superseded.
    std::set<MachineId> machines;
    for (const auto& a : current->assignments) machines.insert(a.machine_id);
    auto active = stores_.schedules.List(tx, {{ScheduleStatus::kActive}, 1000, 0});
    if (!active) return Fail(active.error());
    for (const Schedule& header : active->items) {
      auto other = stores_.schedules.Get(tx, header.id);
      if (!other) return Fail(other.error());
      const bool shares = std::any_of(other->assignments.begin(), other->assignments.end(),
                                      [&](const auto& a) { return machines.count(a.machine_id); });
      if (!shares) continue;
      Schedule superseded = *other;
      superseded.status = ScheduleStatus::kSuperseded;
      auto saved = stores_.schedules.Update(tx, superseded, other->version, false);
      if (!saved) return Fail(saved.error());
      auto ok = stores_.audit.Append(tx, {"schedule.SUPERSEDED", "schedule", other->id.ToString(),
                                          AuditJson(*other), AuditJson(*saved)});
      if (!ok) return Fail(ok.error());
    }
    // The plan's READY tasks are now SCHEDULED; PENDING ones become READY as work completes.
    auto tasks = stores_.tasks.ListByJobs(tx, current->job_ids);
    if (!tasks) return Fail(tasks.error());
    for (auto& [job, list] : *tasks) {
      for (const Task& task : list) {
        if (task.status != TaskStatus::kReady || current->AssignmentOf(task.id) == nullptr)
          continue;
        Task next = task;
        next.status = TaskStatus::kScheduled;
        auto saved = stores_.tasks.Update(tx, next, task.version);
        if (!saved) return Fail(saved.error());
        auto ok = stores_.audit.Append(
            tx, {"task.schedule", "task", task.id.ToString(), "{\"status\":\"READY\"}",
                 "{\"status\":\"SCHEDULED\",\"schedule_id\":\"" + id.ToString() + "\"}"});
        if (!ok) return Fail(ok.error());
      }
    }
    Schedule next = *current;
    next.status = ScheduleStatus::kActive;
    auto saved = stores_.schedules.Update(tx, next, current->version, false);
    if (!saved) return Fail(saved.error());
    auto ok = stores_.audit.Append(
        tx, {"schedule.ACTIVE", "schedule", id.ToString(), AuditJson(*current), AuditJson(*saved)});
    if (!ok) return Fail(ok.error());
    return saved;
  });
}

Result<Schedule> ScheduleService::Complete(const Actor& actor, ScheduleId id) {
  return Transition(actor, id, ScheduleStatus::kCompleted, "", std::nullopt);
}

Result<Schedule> ScheduleService::Cancel(const Actor& actor, ScheduleId id,
                                         const std::string& reason) {
  return Transition(actor, id, ScheduleStatus::kCancelled, reason, std::nullopt);
}

Result<ScheduleProgress> ScheduleService::Status(ScheduleId id) {
  return stores_.database.Read([&](storage::Transaction& tx) -> Result<ScheduleProgress> {
    auto schedule = stores_.schedules.Get(tx, id);
    if (!schedule) return Fail(schedule.error());
    auto tasks = stores_.tasks.ListByJobs(tx, schedule->job_ids);
    if (!tasks) return Fail(tasks.error());
    ScheduleProgress out;
    out.status = schedule->status;
    for (JobId job_id : schedule->job_ids) {
      auto job = stores_.jobs.Get(tx, job_id);
      if (!job) return Fail(job.error());
      JobProgressLine line{job_id, job->job_number, job->status};
      for (const Task& task : (*tasks)[job_id]) {
        if (task.status == TaskStatus::kCancelled) continue;
        ++line.total_tasks;
        if (task.status == TaskStatus::kCompleted) ++line.completed_tasks;
        if (task.status == TaskStatus::kInProgress) ++out.in_progress_tasks;
      }
      line.progress_percent =
          line.total_tasks == 0 ? 0.0 : 100.0 * line.completed_tasks / line.total_tasks;
      out.total_tasks += line.total_tasks;
      out.completed_tasks += line.completed_tasks;
      out.jobs.push_back(std::move(line));
    }
    out.total_jobs = static_cast<int>(out.jobs.size());
    out.overall_progress =
        out.total_tasks == 0 ? 0.0 : 100.0 * out.completed_tasks / out.total_tasks;
    return out;
  });
}

}  // namespace takt::service
