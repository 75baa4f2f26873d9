// Task routes (api.md "Tasks"), registered by app/ wiring. Errors are problem+json; bodies are
// parsed strictly.
//   GET    /api/v1/tasks/{id}           tasks:read    the task; ETag
//   PATCH  /api/v1/tasks/{id}           tasks:update  fields, modes, links, pinned, and `status`
//                                                     READY (rework / unschedule), SCHEDULED or
//                                                     CANCELLED; If-Match or body version
//   DELETE /api/v1/tasks/{id}           tasks:delete  409 once started
//   PATCH  /api/v1/tasks/{id}/start     tasks:execute {start_time?, machine_id?, operator_ids?}
//                                                     (the resources it runs on; see
//                                                     service::TaskStartResources)
//   PATCH  /api/v1/tasks/{id}/complete  tasks:execute {completion_time?, produced_quantity?,
//                                                      scrap_quantity?, quality_notes?}
//   PATCH  /api/v1/tasks/{id}/fail      tasks:execute {reason}
// Floor events answer {task, job} so a client sees the job's status and progress move.
// Who may execute which task: a holder of tasks:execute_any any task; a quality inspector
// (tasks:quality) inspection tasks (operation_code starting with "INSP" or "QC"); anyone else with
// tasks:execute only tasks `is_assigned` says are assigned to them (by a published schedule). When
// no assignment source is wired, such a request is 403 with a message saying so.
// The service must outlive the router.
#pragma once

#include <functional>

#include "api/router.hpp"
#include "core/principal.hpp"
#include "service/jobs/task_service.hpp"

namespace takt::api {

// True when the task is assigned to the user by the active schedule.
using TaskAssignmentCheck = std::function<bool(TaskId, UserId)>;

void RegisterTaskRoutes(Router& router, service::TaskService& tasks,
                        const TaskAssignmentCheck& is_assigned = {});

}  // namespace takt::api
