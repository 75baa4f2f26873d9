// The audit-trail JSON of a User: id, email, display_name, roles, active, version. It never
// contains the password hash. Pure function; thread-safe.
#pragma once

#include <string>

#include "core/user.hpp"

namespace takt::identity {

std::string UserAuditJson(const User& user);

}  // namespace takt::identity
