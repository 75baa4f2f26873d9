#include "service/jobs/job_lifecycle.hpp"

#include "core/task_state_machine.hpp"
#include "service/jobs/job_audit_json.hpp"

namespace takt::service {

std::string ActorName(const storage::Transaction& tx) {
  const Actor* actor = tx.actor();
  if (actor == nullptr || actor->email.empty()) return "system";
  return actor->email;
}

Result<void> JobLifecycle::Audit(storage::Transaction& tx, const std::string& action,
                                 const std::string& entity_type, const std::string& entity_id,
                                 std::string before_json, std::string after_json) {
  if (storage_.on_change) {
    JobChange change{action, entity_type, entity_id, after_json.empty() ? before_json : after_json};
    tx.OnCommit([sink = storage_.on_change, change = std::move(change)] { sink(change); });
  }
  auto entry = storage_.audit.Append(
      tx, {action, entity_type, entity_id, std::move(before_json), std::move(after_json)});
  if (!entry) return Fail(entry.error());
  return {};
}

Result<Job> JobLifecycle::Transition(storage::Transaction& tx, const Job& job, JobStatus target,
                                     TransitionOrigin origin, const std::string& reason) {
  auto plan = PlanJobTransition(job.status, job.status_before_hold, target, origin);
  if (!plan) return Fail(plan.error());
  Job next = job;
  next.status = plan->to;
  next.status_before_hold = plan->status_before_hold;
  auto stored = storage_.jobs.Update(tx, next, job.version);
  if (!stored) return Fail(stored.error());
  StatusChange change{JobStatusName(job.status), JobStatusName(plan->to), ActorName(tx),
                      InstantNow(), reason};
  if (auto ok = storage_.jobs.AppendStatusChange(tx, job.id, change); !ok) return Fail(ok.error());
  if (auto ok = Audit(tx, std::string("job.") + JobActionName(plan->action), "job",
                      job.id.ToString(), JobAuditJson(job), JobAuditJson(*stored));
      !ok) {
    return Fail(ok.error());
  }
  return stored;
}

Result<std::vector<Task>> JobLifecycle::RefreshReadiness(storage::Transaction& tx, const Job& job,
                                                         std::vector<Task> tasks) {
  if (job.status != JobStatus::kReleased && job.status != JobStatus::kInProgress) return tasks;
  // One pass suffices: a PENDING task promoted here is not yet started, so it cannot unblock
  // another PENDING task (FS needs completion, SS needs a start).
  std::vector<Task> snapshot = tasks;
  for (Task& task : tasks) {
    if (task.status != TaskStatus::kPending || !PredecessorsSatisfied(snapshot, task)) continue;
    Task ready = task;
    ready.status = TaskStatus::kReady;
    auto saved = SaveTask(tx, task, ready, "task.ready");
    if (!saved) return Fail(saved.error());
    task = std::move(*saved);
  }
  return tasks;
}

Result<Job> JobLifecycle::CompleteIfFinished(storage::Transaction& tx, const Job& job,
                                             const std::vector<Task>& tasks) {
  if (job.status != JobStatus::kInProgress) return job;
  bool any = false;
  for (const Task& task : tasks) {
    if (task.status == TaskStatus::kCancelled) continue;
    if (task.status != TaskStatus::kCompleted) return job;
    any = true;
  }
  if (!any) return job;
  return Transition(tx, job, JobStatus::kCompleted, TransitionOrigin::kTaskProgress,
                    "last task completed");
}

Result<Task> JobLifecycle::SaveTask(storage::Transaction& tx, const Task& before, const Task& after,
                                    const std::string& action) {
  auto stored = storage_.tasks.Update(tx, after, before.version);
  if (!stored) return Fail(stored.error());
  if (auto ok = Audit(tx, action, "task", before.id.ToString(), TaskAuditJson(before),
                      TaskAuditJson(*stored));
      !ok) {
    return Fail(ok.error());
  }
  return stored;
}

}  // namespace takt::service
