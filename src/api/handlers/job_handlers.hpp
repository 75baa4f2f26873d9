// Job routes (api.md "Jobs"), registered by app/ wiring. Bodies are parsed strictly (unknown
// fields are 422, every bad field reported at once); errors are problem+json.
//   POST   /api/v1/jobs              jobs:create   job + inline `tasks` -> 201, Location, ETag;
//                                                  Idempotency-Key: a retry returns the first
//                                                  result (header Idempotent-Replayed: true)
//   GET    /api/v1/jobs              jobs:read     ?status=&priority=&customer=&due_before=
//                                                  &overdue=&q=&sort=&limit=&offset=|cursor=
//                                                  &include=tasks -> {items, total, next_cursor}
//   GET    /api/v1/jobs/{id}         jobs:read     the job with tasks and status_history; ETag
//   PATCH  /api/v1/jobs/{id}         jobs:update   (a priority-only change: jobs:prioritize too);
//                                                  If-Match or body `version`; stale -> 409
//   DELETE /api/v1/jobs/{id}         jobs:delete   tasks cascade; 409 once work has started
//   PATCH  /api/v1/jobs/{id}/status  by action     {status, reason?, version?}: APPROVED needs
//                                                  jobs:approve, RELEASED jobs:release, ON_HOLD
//                                                  and resuming jobs:hold, CANCELLED jobs:cancel
//   POST   /api/v1/jobs/{id}/tasks   tasks:create  one task -> 201
//   GET    /api/v1/jobs/{id}/tasks   tasks:read    {items, total, next_cursor}
// The services must outlive the router.
#pragma once

#include "api/router.hpp"
#include "service/jobs/job_service.hpp"
#include "service/jobs/task_service.hpp"

namespace takt::api {

void RegisterJobRoutes(Router& router, service::JobService& jobs, service::TaskService& tasks);

}  // namespace takt::api
