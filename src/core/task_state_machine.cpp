#include "core/task_state_machine.hpp"

#include <algorithm>
#include <string>

namespace takt {
namespace {

std::string JoinNames(const std::vector<TaskStatus>& statuses) {
  std::string out;
  for (TaskStatus s : statuses) {
    if (!out.empty()) out += ",";
    out += TaskStatusName(s);
  }
  return out;
}

const Task* FindBySequence(const std::vector<Task>& tasks, std::int64_t sequence) {
  for (const Task& t : tasks) {
    if (t.sequence == sequence) return &t;
  }
  return nullptr;
}

const Task* FindById(const std::vector<Task>& tasks, TaskId id) {
  for (const Task& t : tasks) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

bool HasStarted(TaskStatus s) {
  return s == TaskStatus::kInProgress || s == TaskStatus::kCompleted;
}

}  // namespace

std::vector<TaskStatus> AllowedTaskTargets(TaskStatus current) {
  switch (current) {
    case TaskStatus::kPending: return {TaskStatus::kReady, TaskStatus::kCancelled};
    case TaskStatus::kReady:
      return {TaskStatus::kPending, TaskStatus::kScheduled, TaskStatus::kInProgress,
              TaskStatus::kCancelled};
    case TaskStatus::kScheduled:
      return {TaskStatus::kReady, TaskStatus::kInProgress, TaskStatus::kCancelled};
    case TaskStatus::kInProgress: return {TaskStatus::kCompleted, TaskStatus::kFailed};
    case TaskStatus::kFailed: return {TaskStatus::kReady, TaskStatus::kCancelled};
    case TaskStatus::kCompleted:
    case TaskStatus::kCancelled: return {};
  }
  return {};
}

Result<TaskStatus> CheckTaskTransition(TaskStatus current, TaskStatus target) {
  const std::vector<TaskStatus> allowed = AllowedTaskTargets(current);
  if (std::find(allowed.begin(), allowed.end(), target) != allowed.end()) return target;

  std::string message;
  if (target == TaskStatus::kCompleted && !HasStarted(current)) {
    message = std::string("task has not started (it is ") + TaskStatusName(current) +
              "); start it before completing it";
  } else if (target == TaskStatus::kFailed && current != TaskStatus::kInProgress) {
    message =
        std::string("only a task in progress can fail; this task is ") + TaskStatusName(current);
  } else if (target == TaskStatus::kInProgress && current == TaskStatus::kPending) {
    message = "task is PENDING: its job is not released or its predecessors are not finished";
  } else {
    message = std::string("task is ") + TaskStatusName(current) + "; it cannot move to " +
              TaskStatusName(target);
  }
  message += allowed.empty() ? "; no transition is allowed from this state"
                             : "; allowed: " + JoinNames(allowed);
  return Fail(Error::Conflict(std::move(message))
                  .WithDetail("current_status", TaskStatusName(current))
                  .WithDetail("allowed", JoinNames(allowed)));
}

std::vector<PrecedenceLink> EffectivePredecessors(const std::vector<Task>& job_tasks,
                                                  const Task& task) {
  std::vector<PrecedenceLink> links;
  if (!task.predecessors.empty()) {
    for (PrecedenceLink link : task.predecessors) {
      const Task* pred = link.predecessor_id.valid()
                             ? FindById(job_tasks, link.predecessor_id)
                             : FindBySequence(job_tasks, link.predecessor_sequence);
      if (pred == nullptr) continue;
      link.predecessor_id = pred->id;
      link.predecessor_sequence = pred->sequence;
      links.push_back(link);
    }
    return links;
  }
  const Task* previous = nullptr;
  for (const Task& t : job_tasks) {
    if (t.sequence < task.sequence && t.status != TaskStatus::kCancelled &&
        (previous == nullptr || t.sequence > previous->sequence)) {
      previous = &t;
    }
  }
  if (previous != nullptr) {
    PrecedenceLink link;
    link.predecessor_id = previous->id;
    link.predecessor_sequence = previous->sequence;
    links.push_back(link);
  }
  return links;
}

bool PredecessorsSatisfied(const std::vector<Task>& job_tasks, const Task& task) {
  for (const PrecedenceLink& link : EffectivePredecessors(job_tasks, task)) {
    const Task* pred = FindById(job_tasks, link.predecessor_id);
    if (pred == nullptr || pred->status == TaskStatus::kCancelled) continue;
    // FF and SF links bound this task's finish, not its start.
    if (link.type == PrecedenceType::kFinishToStart && pred->status != TaskStatus::kCompleted) {
      return false;
    }
    if (link.type == PrecedenceType::kStartToStart && !HasStarted(pred->status)) return false;
  }
  return true;
}

}  // namespace takt
