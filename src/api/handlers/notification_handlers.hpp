// Notification routes (api.md), registered by app/ wiring:
//   GET   /api/v1/notifications            notifications:read  ?unread=true|false&limit=1-200
//                                           (default 50)&cursor= -> {items: [notification],
//                                           next_cursor}; the caller's, oldest first
//   PATCH /api/v1/notifications/{id}/read  notifications:read  -> the notification, read: true;
//                                           404 when it is not addressed to the caller
// A notification is {id, kind, entity_type, entity_id, message, recipient_role, created_at,
// read}. NotifyJobWorkflow is the job workflow's trigger: after a successful job creation (201
// on POST /api/v1/jobs) or status change (200 on PATCH /api/v1/jobs/{id}/status) it tells the
// roles that act next, from the job in the response. The service must outlive the router.
#pragma once

#include "api/router.hpp"
#include "service/notifications/notification_center.hpp"

namespace takt::api {

void RegisterNotificationRoutes(Router& router, service::NotificationCenter& center);

// Best effort: a failure is logged, the response is unchanged.
void NotifyJobWorkflow(service::NotificationCenter& center, const Request& request,
                       const Response& response);

}  // namespace takt::api
