#include "service/jobs/job_service.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/job_validation.hpp"
#include "service/jobs/job_audit_json.hpp"
#include "service/jobs/task_resources.hpp"
#include "service/notifications/job_status_notice.hpp"

namespace takt::service {
namespace {

// Orders inline tasks so that every task comes after the tasks its explicit links name (the store
// resolves a link against tasks already stored). Validation has excluded cycles.
std::vector<std::size_t> InsertionOrder(const std::vector<Task>& tasks) {
  std::map<std::int64_t, std::size_t> by_sequence;
  for (std::size_t i = 0; i < tasks.size(); ++i) by_sequence[tasks[i].sequence] = i;
  std::vector<std::size_t> order;
  std::vector<bool> placed(tasks.size(), false);
  while (order.size() < tasks.size()) {
    bool progress = false;
    for (const auto& [sequence, i] : by_sequence) {
      if (placed[i]) continue;
      bool ready = true;
      for (const PrecedenceLink& link : tasks[i].predecessors) {
        auto it = by_sequence.find(link.predecessor_sequence);
        if (it != by_sequence.end() && !placed[it->second]) ready = false;
      }
      if (!ready) continue;
      placed[i] = true;
      order.push_back(i);
      progress = true;
    }
    if (!progress) break;
  }
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    if (!placed[i]) order.push_back(i);
  }
  return order;
}

}  // namespace

Result<void> CheckVersion(const char* entity, std::int64_t id, std::int64_t current,
                          std::optional<std::int64_t> expected) {
  if (!expected || *expected == current) return {};
  return Fail(Error::Conflict(std::string(entity) + " " + std::to_string(id) +
                              " was changed by someone else (version " + std::to_string(*expected) +
                              " is stale; current version is " + std::to_string(current) +
                              "); reload it and retry")
                  .WithDetail("current_version", std::to_string(current)));
}

Result<JobDetail> JobService::Load(storage::Transaction& tx, JobId id) {
  auto job = storage_.jobs.Get(tx, id);
  if (!job) return Fail(job.error());
  auto tasks = storage_.tasks.ListByJob(tx, id);
  if (!tasks) return Fail(tasks.error());
  auto history = storage_.jobs.StatusHistory(tx, id);
  if (!history) return Fail(history.error());
  return JobDetail{std::move(*job), std::move(*tasks), std::move(*history)};
}

Result<void> JobService::NotifyNextActors(storage::Transaction& tx, const Job& job) {
  if (storage_.notifications == nullptr) return {};
  auto told = StoreJobStatusNotices(*storage_.notifications, tx, job.id.ToString(), job.job_number,
                                    JobStatusName(job.status), job.updated_at);
  if (!told) return Fail(told.error());
  return {};
}

Result<CreatedJob> JobService::CreateJob(const Actor& actor, NewJob request,
                                         const std::optional<IdempotencyKey>& idempotency) {
  Job& job = request.job;
  job.job_number = NormalizeJobNumber(job.job_number);
  job.status = JobStatus::kPlanned;
  job.status_before_hold.reset();
  job.created_by = actor.email.empty() ? "system" : actor.email;
  for (Task& task : request.tasks) {
    task.status = TaskStatus::kPending;
    task.actuals = {};
  }
  std::vector<FieldError> errors = ValidateJob(job);
  for (FieldError& e : ValidateTaskList(request.tasks, "tasks")) errors.push_back(std::move(e));

  return database_.Write(actor, [&](storage::Transaction& tx) -> Result<CreatedJob> {
    if (idempotency) {
      auto seen = storage_.jobs.FindIdempotencyKey(tx, idempotency->key);
      if (!seen) return Fail(seen.error());
      if (*seen) {
        if ((*seen)->fingerprint != idempotency->fingerprint) {
          return Fail(Error::Conflict(
              "Idempotency-Key '" + idempotency->key +
              "' was already used for a different request; use a new key for a new job"));
        }
        auto detail = Load(tx, (*seen)->job_id);
        if (!detail) return Fail(detail.error());
        return CreatedJob{std::move(*detail), true};
      }
    }
    std::vector<Task*> refs;
    std::vector<std::string> prefixes;
    for (std::size_t i = 0; i < request.tasks.size(); ++i) {
      refs.push_back(&request.tasks[i]);
      prefixes.push_back("tasks[" + std::to_string(i) + "]");
    }
    auto missing = ResolveTaskResources(storage_.tasks, tx, refs, prefixes);
    if (!missing) return Fail(missing.error());
    for (FieldError& e : *missing) errors.push_back(std::move(e));
    if (!errors.empty()) {
      return Fail(Error::InvalidArgument("the job is invalid; nothing was created (" +
                                             std::to_string(errors.size()) + " problem" +
                                             (errors.size() == 1 ? "" : "s") + ")",
                                         errors));
    }
    auto existing = storage_.jobs.FindByNumber(tx, job.job_number);
    if (!existing) return Fail(existing.error());
    if (*existing) {
      Error duplicate =
          Error::Conflict("a job with job_number " + job.job_number + " already exists")
              .WithDetail("existing_id", (*existing)->ToString());
      duplicate.field_errors.push_back(
          {"job_number", "must be unique; this value is already taken"});
      return Fail(std::move(duplicate));
    }
    auto stored = storage_.jobs.Insert(tx, job);
    if (!stored) return Fail(stored.error());
    if (auto ok = lifecycle_.Audit(tx, "job.create", "job", stored->id.ToString(), "",
                                   JobAuditJson(*stored));
        !ok) {
      return Fail(ok.error());
    }
    std::vector<Task> tasks;
    tasks.reserve(request.tasks.size());
    for (std::size_t i : InsertionOrder(request.tasks)) {
      Task& task = request.tasks[i];
      task.job_id = stored->id;
      auto inserted = storage_.tasks.Insert(tx, task);
      if (!inserted) {
        Error e = inserted.error();
        for (FieldError& f : e.field_errors) f.field = prefixes[i] + "." + f.field;
        return Fail(std::move(e));
      }
      if (auto ok = lifecycle_.Audit(tx, "task.create", "task", inserted->id.ToString(), "",
                                     TaskAuditJson(*inserted));
          !ok) {
        return Fail(ok.error());
      }
      tasks.push_back(std::move(*inserted));
    }
    if (auto ok = NotifyNextActors(tx, *stored); !ok) return Fail(ok.error());
    if (idempotency) {
      if (auto ok = storage_.jobs.RememberIdempotencyKey(tx, idempotency->key,
                                                         idempotency->fingerprint, stored->id);
          !ok) {
        return Fail(ok.error());
      }
    }
    // The answer is what was written (the stores return rows as stored), ordered as Load orders
    // it; a new job has no status history yet. No re-read inside the write transaction.
    std::sort(tasks.begin(), tasks.end(),
              [](const Task& a, const Task& b) { return a.sequence < b.sequence; });
    return CreatedJob{JobDetail{std::move(*stored), std::move(tasks), {}}, false};
  });
}

Result<JobDetail> JobService::GetJob(JobId id) {
  return database_.Read([&](storage::Transaction& tx) { return Load(tx, id); });
}

Result<JobList> JobService::ListJobs(const storage::JobFilter& filter) {
  return database_.Read([&](storage::Transaction& tx) -> Result<JobList> {
    auto page = storage_.jobs.List(tx, filter);
    if (!page) return Fail(page.error());
    return JobList{std::move(page->items), page->total};
  });
}

Result<Job> JobService::UpdateJob(const Actor& actor, JobId id, const JobPatch& patch,
                                  std::optional<std::int64_t> expected_version) {
  return database_.Write(actor, [&](storage::Transaction& tx) -> Result<Job> {
    auto current = storage_.jobs.Get(tx, id);
    if (!current) return Fail(current.error());
    if (auto ok = CheckVersion("job", id.value(), current->version, expected_version); !ok) {
      return Fail(ok.error());
    }
    if (IsTerminal(current->status)) {
      return Fail(Error::Conflict(std::string("job is ") + JobStatusName(current->status) +
                                  "; a finished job can no longer be edited")
                      .WithDetail("current_status", JobStatusName(current->status)));
    }
    Job next = *current;
    if (patch.job_number) next.job_number = NormalizeJobNumber(*patch.job_number);
    if (patch.customer_name) next.customer_name = *patch.customer_name;
    if (patch.part_number) next.part_number = *patch.part_number;
    if (patch.quantity) next.quantity = *patch.quantity;
    if (patch.priority) next.priority = *patch.priority;
    if (patch.release_date) next.release_date = *patch.release_date;
    if (patch.due_date) next.due_date = *patch.due_date;
    if (patch.notes) next.notes = *patch.notes;
    if (patch.compliance_requirements)
      next.compliance_requirements = *patch.compliance_requirements;
    if (auto errors = ValidateJob(next); !errors.empty()) {
      return Fail(Error::InvalidArgument("the change is invalid; nothing was changed", errors));
    }
    auto stored = storage_.jobs.Update(tx, next, current->version);
    if (!stored) return Fail(stored.error());
    if (auto ok = lifecycle_.Audit(tx, "job.update", "job", id.ToString(), JobAuditJson(*current),
                                   JobAuditJson(*stored));
        !ok) {
      return Fail(ok.error());
    }
    return stored;
  });
}

Result<void> JobService::DeleteJob(const Actor& actor, JobId id,
                                   std::optional<std::int64_t> expected_version) {
  return database_.Write(actor, [&](storage::Transaction& tx) -> Result<void> {
    auto current = storage_.jobs.Get(tx, id);
    if (!current) return Fail(current.error());
    if (auto ok = CheckVersion("job", id.value(), current->version, expected_version); !ok) {
      return ok;
    }
    const bool started =
        current->status == JobStatus::kInProgress || current->status == JobStatus::kCompleted ||
        current->status_before_hold == JobStatus::kInProgress || current->actual_start.has_value();
    if (started) {
      return Fail(Error::Conflict(std::string("job is ") + JobStatusName(current->status) +
                                  " and work on it has started; it cannot be deleted (cancel "
                                  "it instead)")
                      .WithDetail("current_status", JobStatusName(current->status)));
    }
    if (auto ok = storage_.jobs.Delete(tx, id, current->version); !ok) return ok;
    return lifecycle_.Audit(tx, "job.delete", "job", id.ToString(), JobAuditJson(*current), "");
  });
}

Result<JobDetail> JobService::ChangeStatus(const Actor& actor, JobId id, JobStatus target,
                                           const std::string& reason,
                                           std::optional<std::int64_t> expected_version) {
  // Approval is a signed-off decision (quality review, management release of the order); holds
  // and cancellations stop work. Each of them must say why.
  if ((target == JobStatus::kApproved || target == JobStatus::kOnHold ||
       target == JobStatus::kCancelled) &&
      reason.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Fail(Error::InvalidArgument(
        "a reason is required to approve, hold or cancel a job",
        {{"reason", "is required when the status is APPROVED, ON_HOLD or CANCELLED"}}));
  }
  if (reason.size() > 2000) {
    return Fail(Error::InvalidArgument("reason is too long",
                                       {{"reason", "must be at most 2000 characters"}}));
  }
  return database_.Write(actor, [&](storage::Transaction& tx) -> Result<JobDetail> {
    auto current = storage_.jobs.Get(tx, id);
    if (!current) return Fail(current.error());
    if (auto ok = CheckVersion("job", id.value(), current->version, expected_version); !ok) {
      return Fail(ok.error());
    }
    auto moved = lifecycle_.Transition(tx, *current, target, TransitionOrigin::kPerson, reason);
    if (!moved) return Fail(moved.error());
    auto tasks = storage_.tasks.ListByJob(tx, id);
    if (!tasks) return Fail(tasks.error());
    if (moved->status == JobStatus::kCancelled) {
      for (const Task& task : *tasks) {
        if (task.status == TaskStatus::kCompleted || task.status == TaskStatus::kCancelled) {
          continue;
        }
        Task cancelled = task;
        cancelled.status = TaskStatus::kCancelled;
        if (auto ok = lifecycle_.SaveTask(tx, task, cancelled, "task.cancel"); !ok) {
          return Fail(ok.error());
        }
      }
    } else {
      auto ready = lifecycle_.RefreshReadiness(tx, *moved, *tasks);
      if (!ready) return Fail(ready.error());
      // Work may have finished while the job was on hold: resuming then completes it.
      if (auto done = lifecycle_.CompleteIfFinished(tx, *moved, *ready); !done) {
        return Fail(done.error());
      }
    }
    auto detail = Load(tx, id);
    if (!detail) return Fail(detail.error());
    if (auto ok = NotifyNextActors(tx, detail->job); !ok) return Fail(ok.error());
    return detail;
  });
}

}  // namespace takt::service
