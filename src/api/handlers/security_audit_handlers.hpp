// Security audit route (api.md "Identity"), registered by app/ wiring:
//   GET /api/v1/audit/security   audit:read   ?action=&user_id=&actor_user_id=&from=&to=&limit=
//                                             (1-500, default 50)&cursor= -> {items: [event],
//                                             next_cursor}; oldest first, cursor = next_cursor
// An event is {sequence, occurred_at, action, entity_type, entity_id, actor_user_id, actor_email,
// request_id, details} where details is the entry's recorded facts (never a password or hash).
// Unknown or malformed parameters are 422 naming the parameter. The service must outlive the
// router.
#pragma once

#include "api/router.hpp"
#include "service/identity/security_audit.hpp"

namespace takt::api {

void RegisterSecurityAuditRoutes(Router& router, identity::SecurityAudit& audit);

}  // namespace takt::api
