// Notification routes (api.md), registered by app/ wiring:
//   GET   /api/v1/notifications            notifications:read  ?unread=true|false&limit=1-200
//                                           (default 50)&cursor= -> {items: [notification],
//                                           next_cursor}; the caller's, oldest first
//   PATCH /api/v1/notifications/{id}/read  notifications:read  -> the notification, read: true;
//                                           404 when it is not addressed to the caller
// A notification is {id, kind, entity_type, entity_id, message, recipient_role, created_at,
// read}. They are written by the job workflow itself (service::JobService, in the transaction of a
// job's creation or status change). The service must outlive the router.
#pragma once

#include "api/router.hpp"
#include "service/notifications/notification_center.hpp"

namespace takt::api {

void RegisterNotificationRoutes(Router& router, service::NotificationCenter& center);

}  // namespace takt::api
