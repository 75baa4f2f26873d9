// What planners read off schedules (api.md "Schedules"), all schedules:read:
//   GET  /api/v1/schedules/{id}/analytics        KPIs, utilization by machine and operator, WIP by
//                                                work center, lateness by job
//   GET  /api/v1/schedules/{id}/report           ?format=json (default) | csv
//   GET  /api/v1/schedules/{id}/gantt.svg        the plan drawn by machine
//   GET  /api/v1/schedules/{id}/recommendations  what would improve the plan
//   GET  /api/v1/schedules/{id}/explain/{task_id}  why the task starts where it does
//   POST /api/v1/schedules/compare {schedule_ids} KPIs side by side and, for two, a task-level diff
// The service must outlive the router.
#pragma once

#include "api/router.hpp"
#include "service/scheduling/schedule_service.hpp"

namespace takt::api {

void RegisterScheduleInsightRoutes(Router& router, service::ScheduleService& schedules);

}  // namespace takt::api
