// JobLifecycle: the steps shared by the job and task use cases that run INSIDE one write
// transaction: moving a job through its state machine (with history and audit), promoting tasks to
// READY as their job is released and their predecessors finish, completing a job when its last task
// completes, and saving a task with its audit entry. It owns nothing; it borrows the stores.
//
// Every method takes the caller's write Transaction; the actor is the transaction's. Thread-safety:
// stateless apart from the borrowed stores, which are themselves thread-safe.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/job_state_machine.hpp"
#include "core/task.hpp"
#include "storage/audit_log.hpp"
#include "storage/job_store.hpp"
#include "storage/notification_store.hpp"
#include "storage/task_store.hpp"

namespace takt::service {

// One committed change of a job or task, as published to live subscribers (the WebSocket hub):
// `action` is the audit action ("job.create", "job.release", "task.start", ...), `document` the
// entity's JSON after the change (before it, for a deletion; task documents carry job_id).
struct JobChange {
  std::string action;
  std::string entity_type;  // "job" or "task"
  std::string entity_id;
  std::string document;
};

// Receives changes after their transaction has committed (never for a rolled-back one), on the
// committing thread; it must be quick and thread-safe.
using JobChangeSink = std::function<void(const JobChange&)>;

// The stores the job use cases work through (borrowed; they outlive the services), an optional
// sink for committed changes, and an optional notification store: when set, creating a job and
// changing its status notify the roles that act next (service/notifications/job_status_notice.hpp)
// in the same transaction, so the notifications commit with the change or not at all.
struct JobStorage {
  storage::JobStore& jobs;
  storage::TaskStore& tasks;
  storage::AuditLog& audit;
  JobChangeSink on_change = {};
  storage::NotificationStore* notifications = nullptr;
};

class JobLifecycle {
 public:
  explicit JobLifecycle(const JobStorage& storage) : storage_(storage) {}

  // Moves `job` to `target` (checked by the state machine), records who/when/why in the status
  // history and an audit entry "job.status"; returns the job as stored.
  Result<Job> Transition(storage::Transaction& tx, const Job& job, JobStatus target,
                         TransitionOrigin origin, const std::string& reason);

  // When `job` is RELEASED or IN_PROGRESS, moves every PENDING task whose predecessors allow it to
  // READY (audit "task.ready"). Returns the job's tasks as they are now.
  Result<std::vector<Task>> RefreshReadiness(storage::Transaction& tx, const Job& job,
                                             std::vector<Task> tasks);

  // Completes an IN_PROGRESS job whose non-cancelled tasks are all COMPLETED; returns the job as
  // it is now.
  Result<Job> CompleteIfFinished(storage::Transaction& tx, const Job& job,
                                 const std::vector<Task>& tasks);

  // Writes `after` over `before` (version-checked against before.version) with an audit entry
  // `action` ("task.start", ...); returns the task as stored.
  Result<Task> SaveTask(storage::Transaction& tx, const Task& before, const Task& after,
                        const std::string& action);

  // Appends an audit entry for a job or task and, when a sink is wired, publishes the change
  // after commit.
  Result<void> Audit(storage::Transaction& tx, const std::string& action,
                     const std::string& entity_type, const std::string& entity_id,
                     std::string before_json, std::string after_json);

 private:
  JobStorage storage_;
};

// The actor's name as recorded in status histories ("system" for the server itself).
std::string ActorName(const storage::Transaction& tx);

}  // namespace takt::service
