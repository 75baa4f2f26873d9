// Identity routes (api.md "Identity"), registered by app/ wiring:
//   POST /api/v1/auth/login  public      {email, password} -> 200 {access_token, token_type
//                                          "Bearer", expires_in (seconds), user}; 401 "invalid
//                                          email or password" for every kind of failure
//   GET  /api/v1/auth/me     any user    the caller's user, with `permissions` expanded
//   GET  /api/v1/roles       roles:read  {items: [{name, description, permissions}], total}
//   GET  /api/v1/users       users:read  {items: [user...], total}
//   POST /api/v1/users       users:manage {email, display_name?, roles, password} -> 201 user
// A user is {id, email, display_name, roles, role (the first role), active, created_at, version};
// neither the password nor its hash ever leaves the server. Bodies are parsed strictly (unknown
// fields are 422). The services must outlive the router.
#pragma once

#include "api/router.hpp"
#include "service/identity/authentication.hpp"
#include "service/identity/user_accounts.hpp"

namespace takt::api {

void RegisterAuthRoutes(Router& router, identity::Authentication& authentication,
                        identity::UserAccounts& accounts);

}  // namespace takt::api
