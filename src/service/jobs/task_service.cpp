#include "service/jobs/task_service.hpp"

#include <algorithm>
#include <set>

#include "core/job_validation.hpp"
#include "core/task_state_machine.hpp"
#include "service/jobs/job_audit_json.hpp"
#include "service/jobs/job_service.hpp"
#include "service/jobs/task_resources.hpp"

namespace takt::service {
namespace {

// Clock skew a floor terminal may have; later timestamps are refused as "in the future".
constexpr std::chrono::minutes kClockTolerance{5};

Error NotWorkable(const Job& job) {
  return Error::Conflict(std::string("job ") + job.job_number + " is " + JobStatusName(job.status) +
                         "; its tasks can run only while it is RELEASED or IN_PROGRESS")
      .WithDetail("job_status", JobStatusName(job.status));
}

Error Finished(const Task& task, const char* what) {
  return Error::Conflict(std::string("task is ") + TaskStatusName(task.status) + "; " + what)
      .WithDetail("current_status", TaskStatusName(task.status));
}

bool IsBlank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

}  // namespace

Result<TaskService::Loaded> TaskService::Load(storage::Transaction& tx, TaskId id,
                                              std::optional<std::int64_t> expected) {
  auto task = storage_.tasks.Get(tx, id);
  if (!task) return Fail(task.error());
  if (auto ok = CheckVersion("task", id.value(), task->version, expected); !ok) {
    return Fail(ok.error());
  }
  auto job = storage_.jobs.Get(tx, task->job_id);
  if (!job) return Fail(job.error());
  auto siblings = storage_.tasks.ListByJob(tx, task->job_id);
  if (!siblings) return Fail(siblings.error());
  return Loaded{std::move(*task), std::move(*job), std::move(*siblings)};
}

Result<TaskEvent> TaskService::Settle(storage::Transaction& tx, JobId job_id, TaskId task_id) {
  auto job = storage_.jobs.Get(tx, job_id);
  if (!job) return Fail(job.error());
  auto tasks = storage_.tasks.ListByJob(tx, job_id);
  if (!tasks) return Fail(tasks.error());
  auto ready = lifecycle_.RefreshReadiness(tx, *job, std::move(*tasks));
  if (!ready) return Fail(ready.error());
  auto settled = lifecycle_.CompleteIfFinished(tx, *job, *ready);
  if (!settled) return Fail(settled.error());
  auto fresh = storage_.jobs.Get(tx, job_id);  // derived progress reflects the change
  if (!fresh) return Fail(fresh.error());
  Task task;
  for (const Task& t : *ready) {
    if (t.id == task_id) task = t;
  }
  return TaskEvent{std::move(task), std::move(*fresh)};
}

Result<TaskEvent> TaskService::AddTask(const Actor& actor, JobId job_id, Task task) {
  task.job_id = job_id;
  task.id = TaskId{};
  task.status = TaskStatus::kPending;
  task.actuals = {};
  std::vector<FieldError> errors = ValidateTask(task, "");
  return database_.Write(actor, [&](storage::Transaction& tx) -> Result<TaskEvent> {
    auto job = storage_.jobs.Get(tx, job_id);
    if (!job) return Fail(job.error());
    if (IsTerminal(job->status)) {
      return Fail(Error::Conflict(std::string("job is ") + JobStatusName(job->status) +
                                  "; tasks can no longer be added")
                      .WithDetail("current_status", JobStatusName(job->status)));
    }
    auto missing = ResolveTaskResources(storage_.tasks, tx, {&task}, {""});
    if (!missing) return Fail(missing.error());
    for (FieldError& e : *missing) errors.push_back(std::move(e));
    if (!errors.empty()) {
      return Fail(Error::InvalidArgument("the task is invalid; nothing was created", errors));
    }
    auto inserted = storage_.tasks.Insert(tx, task);
    if (!inserted) return Fail(inserted.error());
    if (auto ok = lifecycle_.Audit(tx, "task.create", "task", inserted->id.ToString(), "",
                                   TaskAuditJson(*inserted));
        !ok) {
      return Fail(ok.error());
    }
    return Settle(tx, job_id, inserted->id);
  });
}

Result<std::vector<Task>> TaskService::ListTasks(JobId job_id) {
  return database_.Read([&](storage::Transaction& tx) -> Result<std::vector<Task>> {
    if (auto job = storage_.jobs.Get(tx, job_id); !job) return Fail(job.error());
    return storage_.tasks.ListByJob(tx, job_id);
  });
}

Result<std::map<JobId, std::vector<Task>>> TaskService::ListTasksOfJobs(
    const std::vector<JobId>& job_ids) {
  return database_.Read(
      [&](storage::Transaction& tx) { return storage_.tasks.ListByJobs(tx, job_ids); });
}

Result<Task> TaskService::GetTask(TaskId id) {
  return database_.Read([&](storage::Transaction& tx) { return storage_.tasks.Get(tx, id); });
}

Result<TaskEvent> TaskService::UpdateTask(const Actor& actor, TaskId id, TaskPatch patch,
                                          std::optional<std::int64_t> expected_version) {
  return database_.Write(actor, [&](storage::Transaction& tx) -> Result<TaskEvent> {
    auto loaded = Load(tx, id, expected_version);
    if (!loaded) return Fail(loaded.error());
    const Task& current = loaded->task;
    if (current.status == TaskStatus::kCompleted || current.status == TaskStatus::kCancelled) {
      return Fail(Finished(current, "a finished task can no longer be edited"));
    }
    Task next = current;
    if (patch.sequence) next.sequence = *patch.sequence;
    if (patch.name) next.name = *patch.name;
    if (patch.operation_code) next.operation_code = *patch.operation_code;
    if (patch.setup_minutes) next.setup_minutes = *patch.setup_minutes;
    if (patch.run_minutes_per_unit) next.run_minutes_per_unit = *patch.run_minutes_per_unit;
    if (patch.fixed_duration_minutes) next.fixed_duration_minutes = *patch.fixed_duration_minutes;
    if (patch.modes) next.modes = *patch.modes;
    if (patch.setup_family) next.setup_family = *patch.setup_family;
    if (patch.predecessors) next.predecessors = *patch.predecessors;
    if (patch.interruptible) next.interruptible = *patch.interruptible;
    if (patch.pinned) next.pinned = *patch.pinned;
    if (patch.quality_notes) next.actuals.quality_notes = *patch.quality_notes;
    std::string action = "task.update";
    if (patch.status && *patch.status != current.status) {
      const TaskStatus target = *patch.status;
      if (target != TaskStatus::kReady && target != TaskStatus::kScheduled &&
          target != TaskStatus::kCancelled) {
        return Fail(Error::InvalidArgument(
            "use PATCH /tasks/{id}/start, /complete or /fail for floor events",
            {{"status", "may only be READY, SCHEDULED or CANCELLED here"}}));
      }
      if (auto ok = CheckTaskTransition(current.status, target); !ok) return Fail(ok.error());
      if (target == TaskStatus::kReady && !PredecessorsSatisfied(loaded->siblings, current)) {
        return Fail(Error::Conflict("the task's predecessors are not finished; it cannot be READY")
                        .WithDetail("current_status", TaskStatusName(current.status)));
      }
      if (current.status == TaskStatus::kFailed && target == TaskStatus::kReady) {
        next.actuals.start.reset();  // rework starts afresh
        next.actuals.end.reset();
        next.actuals.machine_id.reset();
        next.actuals.operator_ids.clear();
        action = "task.rework";
      }
      if (target == TaskStatus::kCancelled) action = "task.cancel";
      next.status = target;
    }
    std::vector<FieldError> errors = ValidateTask(next, "");
    std::vector<Task> siblings = loaded->siblings;
    for (Task& t : siblings) {
      if (t.id == id) t = next;
    }
    for (const FieldError& e : ValidateTaskList(siblings, "tasks")) {
      if (e.field == "tasks") errors.push_back({"predecessors", "would form a precedence cycle"});
    }
    auto missing = ResolveTaskResources(storage_.tasks, tx, {&next}, {""});
    if (!missing) return Fail(missing.error());
    for (FieldError& e : *missing) errors.push_back(std::move(e));
    if (!errors.empty()) {
      return Fail(Error::InvalidArgument("the change is invalid; nothing was changed", errors));
    }
    auto saved = lifecycle_.SaveTask(tx, current, next, action);
    if (!saved) return Fail(saved.error());
    return Settle(tx, current.job_id, id);
  });
}

Result<void> TaskService::DeleteTask(const Actor& actor, TaskId id,
                                     std::optional<std::int64_t> expected_version) {
  return database_.Write(actor, [&](storage::Transaction& tx) -> Result<void> {
    auto loaded = Load(tx, id, expected_version);
    if (!loaded) return Fail(loaded.error());
    const Task& task = loaded->task;
    if (task.status == TaskStatus::kInProgress || task.status == TaskStatus::kCompleted) {
      return Fail(Finished(task, "work on it has started; it cannot be deleted"));
    }
    if (auto ok = storage_.tasks.Delete(tx, id, task.version); !ok) return ok;
    if (auto ok =
            lifecycle_.Audit(tx, "task.delete", "task", id.ToString(), TaskAuditJson(task), "");
        !ok) {
      return ok;
    }
    auto settled = Settle(tx, task.job_id, id);
    if (!settled) return Fail(settled.error());
    return {};
  });
}

namespace {

// Checks and fills the resources a task starts on (see TaskStartResources).
Result<void> ResolveStartResources(storage::TaskStore& store, storage::Transaction& tx,
                                   const Task& task, const TaskStartResources& wanted,
                                   TaskActuals& actuals) {
  storage::ResourceRefs refs;
  if (wanted.machine_id) refs.machines.insert(*wanted.machine_id);
  for (const OperatorId& op : wanted.operator_ids) refs.operators.insert(op);
  auto known = store.FindResources(tx, refs);
  if (!known) return Fail(known.error());
  std::vector<FieldError> errors;
  if (wanted.machine_id) {
    const MachineId machine = *wanted.machine_id;
    bool fits = false;
    for (const TaskMode& mode : task.modes) {
      if (mode.machine_id == machine) fits = true;
      auto wc = known->machine_work_center.find(machine);
      if (mode.work_center_id && wc != known->machine_work_center.end() &&
          wc->second == *mode.work_center_id) {
        fits = true;
      }
    }
    if (!known->machines.count(machine)) {
      errors.push_back({"machine_id", "machine " + machine.ToString() + " does not exist"});
    } else if (!fits) {
      errors.push_back({"machine_id", "machine " + machine.ToString() +
                                          " is not one of the task's modes (its machines or the "
                                          "machines of its work centers)"});
    }
    actuals.machine_id = machine;
  } else if (task.modes.size() == 1 && task.modes[0].machine_id) {
    actuals.machine_id = task.modes[0].machine_id;
  }
  std::set<OperatorId> seen;
  for (std::size_t i = 0; i < wanted.operator_ids.size(); ++i) {
    const OperatorId op = wanted.operator_ids[i];
    const std::string field = "operator_ids[" + std::to_string(i) + "]";
    if (!known->operators.count(op)) {
      errors.push_back({field, "operator " + op.ToString() + " does not exist"});
    } else if (!seen.insert(op).second) {
      errors.push_back({field, "operator " + op.ToString() + " is listed twice"});
    }
  }
  if (!errors.empty()) {
    return Fail(Error::InvalidArgument("the start is invalid; nothing was changed", errors));
  }
  actuals.operator_ids = wanted.operator_ids;
  return {};
}

}  // namespace

Result<TaskEvent> TaskService::StartTask(const Actor& actor, TaskId id,
                                         std::optional<Instant> start_time,
                                         const TaskStartResources& resources) {
  const Instant now = InstantNow();
  if (start_time && *start_time > now + kClockTolerance) {
    return Fail(Error::InvalidArgument("start_time is in the future",
                                       {{"start_time", "must not be in the future"}}));
  }
  return database_.Write(actor, [&](storage::Transaction& tx) -> Result<TaskEvent> {
    auto loaded = Load(tx, id, std::nullopt);
    if (!loaded) return Fail(loaded.error());
    const Job& job = loaded->job;
    if (job.status != JobStatus::kReleased && job.status != JobStatus::kInProgress) {
      return Fail(NotWorkable(job));
    }
    const Task& current = loaded->task;
    if (auto ok = CheckTaskTransition(current.status, TaskStatus::kInProgress); !ok) {
      return Fail(ok.error());
    }
    Task started = current;
    started.status = TaskStatus::kInProgress;
    started.actuals.start = start_time.value_or(now);
    started.actuals.end.reset();
    if (auto ok = ResolveStartResources(storage_.tasks, tx, current, resources, started.actuals);
        !ok) {
      return Fail(ok.error());
    }
    auto saved = lifecycle_.SaveTask(tx, current, started, "task.start");
    if (!saved) return Fail(saved.error());
    if (job.status == JobStatus::kReleased) {
      auto moved =
          lifecycle_.Transition(tx, job, JobStatus::kInProgress, TransitionOrigin::kTaskProgress,
                                "task " + std::to_string(current.sequence) + " started");
      if (!moved) return Fail(moved.error());
    }
    return Settle(tx, job.id, id);
  });
}

Result<TaskEvent> TaskService::CompleteTask(const Actor& actor, TaskId id,
                                            const TaskCompletion& completion) {
  const Instant now = InstantNow();
  std::vector<FieldError> errors;
  if (completion.completion_time && *completion.completion_time > now + kClockTolerance) {
    errors.push_back({"completion_time", "must not be in the future"});
  }
  if (completion.produced_quantity && *completion.produced_quantity < 0) {
    errors.push_back({"produced_quantity", "must be >= 0"});
  }
  if (completion.scrap_quantity && *completion.scrap_quantity < 0) {
    errors.push_back({"scrap_quantity", "must be >= 0"});
  }
  if (completion.quality_notes && completion.quality_notes->size() > 4000) {
    errors.push_back({"quality_notes", "must be at most 4000 characters"});
  }
  if (!errors.empty()) {
    return Fail(Error::InvalidArgument("the completion is invalid; nothing was changed", errors));
  }
  return database_.Write(actor, [&](storage::Transaction& tx) -> Result<TaskEvent> {
    auto loaded = Load(tx, id, std::nullopt);
    if (!loaded) return Fail(loaded.error());
    const Task& current = loaded->task;
    if (auto ok = CheckTaskTransition(current.status, TaskStatus::kCompleted); !ok) {
      return Fail(ok.error());
    }
    const Instant started = current.actuals.start.value_or(now);
    const Instant end = completion.completion_time.value_or(std::max(now, started));
    if (end < started) {
      return Fail(Error::InvalidArgument(
          "completion_time is before the task started",
          {{"completion_time", "must not be before the task's start (" +
                                   FormatInstant(*current.actuals.start) + ")"}}));
    }
    Task done = current;
    done.status = TaskStatus::kCompleted;
    done.actuals.end = end;
    if (completion.produced_quantity) done.actuals.produced_quantity = completion.produced_quantity;
    if (completion.scrap_quantity) done.actuals.scrap_quantity = completion.scrap_quantity;
    if (completion.quality_notes) done.actuals.quality_notes = *completion.quality_notes;
    auto saved = lifecycle_.SaveTask(tx, current, done, "task.complete");
    if (!saved) return Fail(saved.error());
    return Settle(tx, current.job_id, id);
  });
}

Result<TaskEvent> TaskService::FailTask(const Actor& actor, TaskId id, const std::string& reason) {
  if (IsBlank(reason)) {
    return Fail(
        Error::InvalidArgument("a reason is required to fail a task", {{"reason", "is required"}}));
  }
  if (reason.size() > 2000) {
    return Fail(Error::InvalidArgument("reason is too long",
                                       {{"reason", "must be at most 2000 characters"}}));
  }
  return database_.Write(actor, [&](storage::Transaction& tx) -> Result<TaskEvent> {
    auto loaded = Load(tx, id, std::nullopt);
    if (!loaded) return Fail(loaded.error());
    const Task& current = loaded->task;
    if (auto ok = CheckTaskTransition(current.status, TaskStatus::kFailed); !ok) {
      return Fail(ok.error());
    }
    Task failed = current;
    failed.status = TaskStatus::kFailed;
    failed.actuals.failure_reason = reason;
    auto saved = lifecycle_.SaveTask(tx, current, failed, "task.fail");
    if (!saved) return Fail(saved.error());
    return Settle(tx, current.job_id, id);
  });
}

}  // namespace takt::service
