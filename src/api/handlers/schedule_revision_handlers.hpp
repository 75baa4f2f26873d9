// Routes that revise a plan (api.md "Schedules"), registered by RegisterScheduleRoutes:
//   PATCH /api/v1/schedules/{id}/assignments/{task_id}  schedules:update
//         {machine_id?, start?, operator_ids?, pinned?}: a manual move or lock of a DRAFT's task,
//         checked by the schedule checker (409 listing every newly broken rule; nothing changes)
//   PATCH /api/v1/schedules/{id}/reschedule             schedules:reschedule
//         {new_jobs?, priority_override?: {job_id: priority}, machine_down?: {machine_id, start?,
//          end? | duration_minutes?}, delays?: {task_id: extra minutes}, reason, frozen_minutes?,
//          time_limit_s?, seed?}
//         -> {schedule, optimization_result, conflicts_resolved, jobs_rescheduled, tasks_moved,
//             churn}
// The service must outlive the router.
#pragma once

#include "api/router.hpp"
#include "service/scheduling/schedule_service.hpp"

namespace takt::api {

void RegisterScheduleRevisionRoutes(Router& router, service::ScheduleService& schedules);

}  // namespace takt::api
