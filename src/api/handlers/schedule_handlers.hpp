// Schedule and optimization routes (api.md "Schedules"), registered by app/ wiring:
//   POST  /api/v1/schedules                       schedules:create    {name, job_ids?,
//   horizon_start,
//                                                                      horizon_end?, objective?} ->
//                                                                      DRAFT
//   GET   /api/v1/schedules                       schedules:read      ?status=&limit=&offset=
//   GET   /api/v1/schedules/{id}                  schedules:read      ?assignments=false to omit
//   them POST  /api/v1/schedules/optimize              schedules:optimize  create + optimize in one
//   call POST  /api/v1/schedules/{id}/optimize         schedules:optimize  202 {run_id}; ?wait=true
//   -> 200 GET   /api/v1/optimization-runs/{id}          schedules:read POST
//   /api/v1/optimization-runs/{id}/cancel   schedules:optimize GET /api/v1/schedules/{id}/validate
//   schedules:read      {violations} GET   /api/v1/schedules/{id}/conflicts        schedules:read
//   {conflicts} PATCH /api/v1/schedules/{id}/assignments/{task_id}  schedules:update  manual move /
//   lock POST  /api/v1/schedules/{id}/publish|execute|complete|cancel GET
//   /api/v1/schedules/{id}/status           schedules:read PATCH /api/v1/schedules/{id}/reschedule
//   schedules:reschedule
// Analytics, reports, drawings and comparisons are in schedule_insight_handlers.hpp.
// Infeasible requests answer 422 with the planner-readable reasons; a full solver queue 503.
// The services must outlive the router.
#pragma once

#include "api/router.hpp"
#include "service/scheduling/schedule_optimizer.hpp"
#include "service/scheduling/schedule_service.hpp"

namespace takt::api {

void RegisterScheduleRoutes(Router& router, service::ScheduleService& schedules,
                            service::ScheduleOptimizer& optimizer);

}  // namespace takt::api
