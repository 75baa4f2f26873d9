// The schedule life cycle (domain.md "Schedules"):
//
//   DRAFT --publish--> PUBLISHED --execute--> ACTIVE --complete--> COMPLETED
//   DRAFT/PUBLISHED/ACTIVE --cancel--> CANCELLED
//   PUBLISHED/ACTIVE --(a newer revision takes its place)--> SUPERSEDED
//   DRAFT is the only status whose assignments may change (optimize, manual moves).
//
// An illegal request is kConflict naming the current status and the allowed targets (details
// "current_status" and "allowed", comma-separated). Stateless free functions; thread-safe.
#pragma once

#include <vector>

#include "core/error.hpp"
#include "core/schedule.hpp"

namespace takt {

// The statuses reachable from `current` in one step.
std::vector<ScheduleStatus> AllowedScheduleTargets(ScheduleStatus current);

// Ok when `current` may move to `target`; kConflict otherwise.
Result<void> CheckScheduleTransition(ScheduleStatus current, ScheduleStatus target);

// Ok when the plan of a schedule in `current` may be changed in place (DRAFT only); kConflict
// telling the planner to revise (reschedule) instead.
Result<void> CheckScheduleEditable(ScheduleStatus current);

}  // namespace takt
