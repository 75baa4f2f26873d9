// The job life cycle (domain.md "Job states"):
//
//   PLANNED --approve--> APPROVED --release--> RELEASED --(first task starts)--> IN_PROGRESS
//   IN_PROGRESS --(last task completes)--> COMPLETED
//   PLANNED/APPROVED/RELEASED/IN_PROGRESS --hold--> ON_HOLD --resume--> (the state before the hold)
//   any non-terminal --cancel--> CANCELLED;  COMPLETED and CANCELLED are terminal.
//
// People ask for a target status (PATCH /jobs/{id}/status); IN_PROGRESS and COMPLETED are reached
// only through task progress. An illegal request is kConflict naming the current status and the
// allowed targets (details "current_status" and "allowed", a comma-separated list). Stateless
// free functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/job.hpp"

namespace takt {

// What a transition means; the API maps each to a permission (approve -> jobs:approve, ...).
enum class JobAction { kApprove, kRelease, kStart, kComplete, kHold, kResume, kCancel };

// Who drives the change: a person through the status endpoint, or task progress on the floor.
enum class TransitionOrigin { kPerson, kTaskProgress };

const char* JobActionName(JobAction action);  // "approve", "release", ...

struct JobTransition {
  JobStatus from = JobStatus::kPlanned;
  JobStatus to = JobStatus::kPlanned;
  JobAction action = JobAction::kApprove;
  // The state to remember while ON_HOLD (set on hold, cleared on resume and cancel).
  std::optional<JobStatus> status_before_hold;
};

// The statuses a person may ask for from `current` (the resume target is `before_hold`).
std::vector<JobStatus> AllowedJobTargets(JobStatus current, std::optional<JobStatus> before_hold);

// Checks a requested change and returns what it means, or kConflict with the allowed targets.
// Asking for the status a job already has is a conflict too (nothing would change).
Result<JobTransition> PlanJobTransition(JobStatus current, std::optional<JobStatus> before_hold,
                                        JobStatus target, TransitionOrigin origin);

// Who changed a job's (or task's) status, when and why; stored beside the audit entry.
struct StatusChange {
  std::string from;
  std::string to;
  std::string actor;
  Instant at{};
  std::string reason;
};

}  // namespace takt
