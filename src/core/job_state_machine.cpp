#include "core/job_state_machine.hpp"

#include <algorithm>

namespace takt {
namespace {

bool IsHoldable(JobStatus s) {
  return s == JobStatus::kPlanned || s == JobStatus::kApproved || s == JobStatus::kReleased ||
         s == JobStatus::kInProgress;
}

// Targets reachable only through task progress.
std::vector<JobStatus> AutomaticTargets(JobStatus current) {
  if (current == JobStatus::kReleased) return {JobStatus::kInProgress};
  if (current == JobStatus::kInProgress) return {JobStatus::kCompleted};
  return {};
}

std::string JoinNames(const std::vector<JobStatus>& statuses) {
  std::string out;
  for (JobStatus s : statuses) {
    if (!out.empty()) out += ",";
    out += JobStatusName(s);
  }
  return out;
}

Error IllegalTransition(JobStatus current, JobStatus target, const std::vector<JobStatus>& allowed,
                        const std::string& why) {
  std::string message = std::string("job is ") + JobStatusName(current) + "; it cannot move to " +
                        JobStatusName(target);
  if (!why.empty()) message += " (" + why + ")";
  message += allowed.empty() ? "; no transition is allowed from this state"
                             : "; allowed: " + JoinNames(allowed);
  return Error::Conflict(std::move(message))
      .WithDetail("current_status", JobStatusName(current))
      .WithDetail("allowed", JoinNames(allowed));
}

}  // namespace

const char* JobActionName(JobAction action) {
  switch (action) {
    case JobAction::kApprove: return "approve";
    case JobAction::kRelease: return "release";
    case JobAction::kStart: return "start";
    case JobAction::kComplete: return "complete";
    case JobAction::kHold: return "hold";
    case JobAction::kResume: return "resume";
    case JobAction::kCancel: return "cancel";
  }
  return "approve";
}

std::vector<JobStatus> AllowedJobTargets(JobStatus current, std::optional<JobStatus> before_hold) {
  std::vector<JobStatus> out;
  switch (current) {
    case JobStatus::kPlanned: out = {JobStatus::kApproved}; break;
    case JobStatus::kApproved: out = {JobStatus::kReleased}; break;
    case JobStatus::kOnHold:
      if (before_hold && IsHoldable(*before_hold)) out.push_back(*before_hold);
      break;
    default: break;
  }
  if (IsHoldable(current)) out.push_back(JobStatus::kOnHold);
  if (!IsTerminal(current)) out.push_back(JobStatus::kCancelled);
  return out;
}

Result<JobTransition> PlanJobTransition(JobStatus current, std::optional<JobStatus> before_hold,
                                        JobStatus target, TransitionOrigin origin) {
  const std::vector<JobStatus> allowed = AllowedJobTargets(current, before_hold);
  JobTransition t{current, target, JobAction::kApprove, std::nullopt};

  if (origin == TransitionOrigin::kTaskProgress) {
    const std::vector<JobStatus> automatic = AutomaticTargets(current);
    if (std::find(automatic.begin(), automatic.end(), target) == automatic.end()) {
      return Fail(IllegalTransition(current, target, automatic, "task progress"));
    }
    t.action = target == JobStatus::kInProgress ? JobAction::kStart : JobAction::kComplete;
    return t;
  }

  if (std::find(allowed.begin(), allowed.end(), target) == allowed.end()) {
    std::string why;
    if (target == JobStatus::kInProgress)
      why = "a job becomes IN_PROGRESS when its first task starts";
    if (target == JobStatus::kCompleted) why = "a job completes when its last task completes";
    if (target == current) why = "it already is";
    return Fail(IllegalTransition(current, target, allowed, why));
  }
  switch (target) {
    case JobStatus::kApproved: t.action = JobAction::kApprove; break;
    case JobStatus::kReleased: t.action = JobAction::kRelease; break;
    case JobStatus::kOnHold:
      t.action = JobAction::kHold;
      t.status_before_hold = current;
      break;
    case JobStatus::kCancelled: t.action = JobAction::kCancel; break;
    default: t.action = JobAction::kResume; break;  // back to the state before the hold
  }
  if (current == JobStatus::kOnHold && target != JobStatus::kCancelled) {
    t.action = JobAction::kResume;
  }
  return t;
}

}  // namespace takt
