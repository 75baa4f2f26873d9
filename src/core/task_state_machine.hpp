// The task life cycle (domain.md "Task states"):
//
//   PENDING --(predecessors done, job released)--> READY --(scheduled)--> SCHEDULED
//   READY/SCHEDULED --start--> IN_PROGRESS --complete--> COMPLETED
//   IN_PROGRESS --fail--> FAILED --rework--> READY
//   SCHEDULED --unschedule--> READY;  READY --(a predecessor reopened)--> PENDING
//   any non-terminal except IN_PROGRESS --cancel--> CANCELLED;  COMPLETED, CANCELLED are terminal.
//
// Readiness follows the precedence links: a task is READY when its job is RELEASED or IN_PROGRESS
// and every predecessor has reached the point its link needs to let it start (finished for FS,
// started for SS; FF and SF bound only the finish).
// Without explicit links a task follows the previous sequence of its job (finish-to-start).
// Stateless free functions; thread-safe.
#pragma once

#include <vector>

#include "core/error.hpp"
#include "core/task.hpp"

namespace takt {

std::vector<TaskStatus> AllowedTaskTargets(TaskStatus current);

// OK, or kConflict naming the current status and the allowed targets (details "current_status",
// "allowed"); completing a task that never started says so.
Result<TaskStatus> CheckTaskTransition(TaskStatus current, TaskStatus target);

// The links that govern `task` within its job: its explicit links, or, without any, finish-to-start
// after the task with the next lower sequence. Predecessor ids are filled from `job_tasks`.
std::vector<PrecedenceLink> EffectivePredecessors(const std::vector<Task>& job_tasks,
                                                  const Task& task);

// True when every effective predecessor of `task` is far enough along for it to start.
bool PredecessorsSatisfied(const std::vector<Task>& job_tasks, const Task& task);

}  // namespace takt
