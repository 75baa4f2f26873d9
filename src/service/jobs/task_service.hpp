// TaskService: the use cases of tasks (operations): add to a job, read, edit, delete, and the shop
// floor's start / complete / fail, which drive the job: the first task to start moves a RELEASED
// job to IN_PROGRESS, the last to complete moves it to COMPLETED, and a completion makes the tasks
// waiting on it READY. Every mutation is one Database::Write transaction with its audit entries.
// Errors as in job_service.hpp; completing a task that never started is kConflict saying so.
//
// Thread-safety: safe to call from any thread.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "service/jobs/job_lifecycle.hpp"
#include "storage/database.hpp"

namespace takt::service {

// PATCH /tasks/{id}: absent members stay as they are. `status` may only be READY (rework of a
// FAILED task, or un-scheduling), SCHEDULED or CANCELLED; start/complete/fail have their own calls.
struct TaskPatch {
  std::optional<std::int64_t> sequence;
  std::optional<std::string> name;
  std::optional<std::string> operation_code;
  std::optional<std::int64_t> setup_minutes;
  std::optional<double> run_minutes_per_unit;
  std::optional<std::optional<std::int64_t>> fixed_duration_minutes;  // inner nullopt clears it
  std::optional<std::vector<TaskMode>> modes;
  std::optional<std::string> setup_family;
  std::optional<std::vector<PrecedenceLink>> predecessors;
  std::optional<bool> interruptible;
  std::optional<bool> pinned;
  std::optional<TaskStatus> status;
  std::optional<std::string> quality_notes;
};

struct TaskCompletion {
  std::optional<Instant> completion_time;  // default: now
  std::optional<std::int64_t> produced_quantity;
  std::optional<std::int64_t> scrap_quantity;
  std::optional<std::string> quality_notes;
};

// The resources a task starts on. Without a machine, a task whose only mode names one machine
// records that machine; otherwise the machine must be one of its modes' machines or belong to one
// of its modes' work centers. Operators must exist.
struct TaskStartResources {
  std::optional<MachineId> machine_id;
  std::vector<OperatorId> operator_ids;
};

// A task after a floor event, with its job as it is now (status and progress may have moved).
struct TaskEvent {
  Task task;
  Job job;
};

class TaskService {
 public:
  TaskService(storage::Database& database, const JobStorage& storage)
      : database_(database), storage_(storage), lifecycle_(storage) {}

  Result<TaskEvent> AddTask(const Actor& actor, JobId job_id, Task task);
  Result<std::vector<Task>> ListTasks(JobId job_id);
  // The tasks of several jobs in one read (a page of jobs), keyed by job.
  Result<std::map<JobId, std::vector<Task>>> ListTasksOfJobs(const std::vector<JobId>& job_ids);
  Result<Task> GetTask(TaskId id);
  Result<TaskEvent> UpdateTask(const Actor& actor, TaskId id, TaskPatch patch,
                               std::optional<std::int64_t> expected_version);
  Result<void> DeleteTask(const Actor& actor, TaskId id,
                          std::optional<std::int64_t> expected_version);

  Result<TaskEvent> StartTask(const Actor& actor, TaskId id, std::optional<Instant> start_time,
                              const TaskStartResources& resources = {});
  Result<TaskEvent> CompleteTask(const Actor& actor, TaskId id, const TaskCompletion& completion);
  Result<TaskEvent> FailTask(const Actor& actor, TaskId id, const std::string& reason);

 private:
  // Loads the task and its job, checking the expected version of the task.
  struct Loaded {
    Task task;
    Job job;
    std::vector<Task> siblings;  // all tasks of the job, including this one
  };
  Result<Loaded> Load(storage::Transaction& tx, TaskId id, std::optional<std::int64_t> expected);
  // After a task changed: refresh readiness and complete the job when done.
  Result<TaskEvent> Settle(storage::Transaction& tx, JobId job_id, TaskId task_id);

  storage::Database& database_;
  JobStorage storage_;
  JobLifecycle lifecycle_;
};

}  // namespace takt::service
