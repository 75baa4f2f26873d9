// Principal: who is making a request, as established by authentication. The api layer's
// Authenticator (api/authenticator.hpp) turns a bearer token into a Principal; handlers read it
// from Request::principal to decide ownership ("my notifications", "tasks assigned to me") and to
// record the actor on audit entries. A Principal is a plain value: copy it freely; it is immutable
// once built and safe to share between threads.
//
// Permissions are "resource:action" strings ("jobs:create"). `HasPermission` grants everything to
// the "admin" role and to the wildcard permission "*", and grants "resource:<any>" to a holder of
// "resource:*".
#pragma once

#include <algorithm>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/strong_id.hpp"

namespace takt {

struct UserTag;
using UserId = StrongId<UserTag>;

struct Principal {
  UserId user_id;
  std::string email;
  std::vector<std::string> roles;                  // role names, e.g. {"production_planner"}
  std::set<std::string, std::less<>> permissions;  // the union of the roles' permissions
  std::string token_id;    // id of the access token used (for logout / revocation)
  std::string session_id;  // sign-in session of that token (kept when the password changes)

  bool HasRole(std::string_view role) const {
    return std::find(roles.begin(), roles.end(), role) != roles.end();
  }

  bool HasPermission(std::string_view permission) const {
    if (HasRole("admin") || permissions.contains(std::string_view("*"))) return true;
    if (permissions.contains(permission)) return true;
    const auto colon = permission.find(':');
    if (colon == std::string_view::npos) return false;
    std::string wildcard(permission.substr(0, colon));
    wildcard += ":*";
    return permissions.contains(wildcard);
  }
};

}  // namespace takt
