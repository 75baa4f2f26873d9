// ScheduleService::Reschedule: a published or active plan revised after a breakdown, a rush job,
// a priority change or delays reported from the floor. The new revision keeps finished work,
// work in progress (actual start and resources) and the frozen window of the old plan, minimises
// churn against it, and takes its place (same status; the old one becomes SUPERSEDED).
#include <set>

#include "core/schedule_state_machine.hpp"
#include "service/scheduling/schedule_service.hpp"

namespace takt::service {

Result<void> ScheduleService::AddBreakdown(const Actor& actor, MachineId machine_id,
                                           const Downtime& downtime) {
  auto errors = ValidateDowntime(downtime, "machine_down");
  if (!errors.empty()) {
    return Fail(Error::InvalidArgument("the breakdown window is invalid", std::move(errors)));
  }
  return stores_.database
      .Write(
          actor,
          [&](storage::Transaction& tx) -> Result<bool> {
            auto machine = stores_.machines.Find(tx, machine_id);
            if (!machine) return Fail(machine.error());
            if (!*machine)
              return Fail(Error::NotFound("machine " + machine_id.ToString() + " does not exist"));
            Machine next = **machine;
            next.downtimes.push_back(downtime);
            auto saved = stores_.machines.Update(tx, next, (*machine)->version);
            if (!saved) return Fail(saved.error());
            auto ok = stores_.audit.Append(
                tx, {"machine.downtime.add", "machine", machine_id.ToString(), "",
                     "{\"kind\":\"BREAKDOWN\",\"start\":\"" + FormatInstant(downtime.start) +
                         "\",\"end\":\"" + FormatInstant(downtime.end) + "\"}"});
            if (!ok) return Fail(ok.error());
            return true;
          })
      .map([](bool) {});
}

Result<RescheduleOutcome> ScheduleService::Reschedule(const Actor& actor, ScheduleId id,
                                                      const RescheduleRequest& request) {
  auto limit = optimizer_.TimeLimit(request.time_limit_s);
  if (!limit) return Fail(limit.error());
  auto permit = optimizer_.TryWaitPermit();
  if (!permit) return Fail(permit.error());
  auto source = Get(id);
  if (!source) return Fail(source.error());
  if (source->status != ScheduleStatus::kPublished && source->status != ScheduleStatus::kActive) {
    return Fail(Error::Conflict(std::string("only a PUBLISHED or ACTIVE schedule is rescheduled; "
                                            "this one is ") +
                                ScheduleStatusName(source->status))
                    .WithDetail("current_status", ScheduleStatusName(source->status)));
  }
  std::vector<FieldError> errors;
  if (request.reason.empty()) errors.push_back({"reason", "is required"});
  if (request.frozen_minutes < 0) errors.push_back({"frozen_minutes", "must be >= 0"});
  auto checked = stores_.database.Read([&](storage::Transaction& tx) -> Result<bool> {
    auto job_errors = CheckJobs(tx, request.new_jobs, "new_jobs");
    if (!job_errors) return Fail(job_errors.error());
    errors.insert(errors.end(), job_errors->begin(), job_errors->end());
    for (const auto& [job, priority] : request.priority_override) {
      if (std::find(source->job_ids.begin(), source->job_ids.end(), job) == source->job_ids.end() &&
          std::find(request.new_jobs.begin(), request.new_jobs.end(), job) ==
              request.new_jobs.end()) {
        errors.push_back({"priority_override." + job.ToString(), "is not a job of this schedule"});
      }
    }
    for (const auto& [task, minutes] : request.delays) {
      const std::string field = "delays." + task.ToString();
      if (minutes < 1) errors.push_back({field, "must be at least 1 minute"});
      if (source->AssignmentOf(task) == nullptr) {
        errors.push_back({field, "is not a task of this schedule"});
      }
    }
    if (request.machine_down) {
      auto exists = stores_.machines.Exists(tx, request.machine_down->machine_id);
      if (!exists) return Fail(exists.error());
      if (!*exists) errors.push_back({"machine_down.machine_id", "machine does not exist"});
    }
    return true;
  });
  if (!checked) return Fail(checked.error());
  if (!errors.empty()) {
    return Fail(Error::InvalidArgument("the reschedule request is invalid", std::move(errors)));
  }
  // The revision starts at the next whole minute, after anything the floor has just reported.
  const Instant now = std::chrono::ceil<std::chrono::minutes>(InstantNow());
  if (request.machine_down) {
    Downtime downtime;
    downtime.kind = DowntimeKind::kBreakdown;
    downtime.start = request.machine_down->start.value_or(now);
    downtime.end = request.machine_down->end.value_or(
        downtime.start + std::chrono::minutes(request.machine_down->duration_minutes));
    downtime.reason = request.reason;
    auto added = AddBreakdown(actor, request.machine_down->machine_id, downtime);
    if (!added) return Fail(added.error());
  }
  // What the old plan breaks under the new facts: the conflicts this revision resolves.
  RescheduleOutcome outcome;
  if (auto old_violations = Validate(id); old_violations) {
    outcome.conflicts_resolved = static_cast<int>(ViolationFields(*old_violations).size());
  }
  auto draft = stores_.database.Write(actor, [&](storage::Transaction& tx) -> Result<Schedule> {
    Schedule next;
    next.name = source->name;
    next.job_ids = source->job_ids;
    for (JobId job : request.new_jobs) next.job_ids.push_back(job);
    next.horizon_start = std::max(now, source->horizon_start);
    if (source->horizon_end && *source->horizon_end > next.horizon_start) {
      next.horizon_end = source->horizon_end;
    }
    next.objective = source->objective;
    next.revision = source->revision + 1;
    next.parent_id = source->id;
    next.created_by = actor.email;
    auto stored = stores_.schedules.Insert(tx, next);
    if (!stored) return Fail(stored.error());
    auto ok = stores_.audit.Append(
        tx, {"schedule.reschedule", "schedule", stored->id.ToString(), "",
             "{\"parent_id\":\"" + id.ToString() +
                 "\",\"revision\":" + std::to_string(stored->revision) +
                 ",\"reason_length\":" + std::to_string(request.reason.size()) + "}"});
    if (!ok) return Fail(ok.error());
    return stored;
  });
  if (!draft) return Fail(draft.error());
  RescheduleFacts facts;
  facts.frozen_minutes = request.frozen_minutes;
  facts.priority_override = request.priority_override;
  facts.delays = request.delays;
  auto run = optimizer_.Start(actor, draft->id, {*limit, request.seed}, std::nullopt, facts);
  if (!run) {
    (void)Cancel(actor, draft->id, "rescheduling could not start");
    return Fail(run.error());
  }
  auto finished = optimizer_.Wait(
      run->id, std::chrono::milliseconds(static_cast<std::int64_t>(*limit * 1000) + 60'000));
  if (!finished) return Fail(finished.error());
  if (finished->state != RunState::kSucceeded) {
    (void)Cancel(actor, draft->id, "rescheduling failed: " + finished->message);
    if (finished->outcome == RunOutcome::kInfeasible) {
      return Fail(Error::InvalidArgument("no plan satisfies every hard constraint",
                                         {{"reschedule", finished->message}}));
    }
    return Fail(Error::Conflict("rescheduling did not finish: " + finished->message));
  }
  // The revision takes the old plan's place.
  auto published =
      Transition(actor, draft->id, ScheduleStatus::kPublished, request.reason, std::nullopt);
  if (!published) return Fail(published.error());
  if (source->status == ScheduleStatus::kActive) {
    auto executed = Execute(actor, draft->id);  // supersedes the old active plan
    if (!executed) return Fail(executed.error());
  }
  auto current_source = Get(id);
  if (current_source && current_source->status != ScheduleStatus::kSuperseded) {
    auto superseded =
        Transition(actor, id, ScheduleStatus::kSuperseded, request.reason, std::nullopt);
    if (!superseded) return Fail(superseded.error());
  }
  auto result = Get(draft->id);
  if (!result) return Fail(result.error());
  std::set<JobId> moved_jobs;
  for (const auto& a : result->assignments) {
    const ScheduleAssignment* old = source->AssignmentOf(a.task_id);
    if (old == nullptr) continue;
    const auto shift =
        std::chrono::duration_cast<std::chrono::minutes>(a.setup_start - old->setup_start).count();
    if (shift != 0 || a.machine_id != old->machine_id) {
      outcome.churn_minutes += shift < 0 ? -shift : shift;
      ++outcome.tasks_moved;
      moved_jobs.insert(a.job_id);
    }
  }
  for (JobId job : request.new_jobs) moved_jobs.insert(job);
  outcome.jobs_rescheduled = static_cast<int>(moved_jobs.size());
  outcome.schedule = std::move(*result);
  outcome.run = *finished;
  return outcome;
}

}  // namespace takt::service
