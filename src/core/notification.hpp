// Notification: an in-app message to everyone holding a role, telling them a record needs their
// next action ("job J-1001 awaits approval"). Read state is per user. `NextActorsForJobStatus`
// is the routing rule of the multi-user job workflow (domain.md roles): who must act after a job
// reaches a status. Plain values and pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/instant.hpp"

namespace takt {

struct Notification {
  std::int64_t id = 0;
  std::string recipient_role;
  std::string kind;         // e.g. "job.awaiting_approval"
  std::string entity_type;  // e.g. "job"
  std::string entity_id;
  std::string message;
  Instant created_at{};
  bool read = false;  // for the user who asked
};

struct NotificationRoute {
  std::string kind;
  std::vector<std::string> roles;
  std::string verb;  // "awaits approval", ...
};

// Who acts next when a job enters `status` ("PLANNED" for a new job); empty roles when nobody
// needs telling.
NotificationRoute NextActorsForJobStatus(std::string_view status);

}  // namespace takt
