// Sign-in routes (api.md "Identity"), registered by app/ wiring:
//   POST /api/v1/auth/login  public     {email, password} -> 200 {access_token, token_type
//                                        "Bearer", expires_in (seconds), user}; 401 "invalid
//                                        email or password" for every kind of failure
//   GET  /api/v1/auth/me     any user   the caller's user, with `permissions` expanded
//   PATCH /api/v1/users/me/password
//                            any user   {current_password, new_password} -> 204; a wrong
//                                        current password is 422 on "current_password"
// Users and roles administration lives in user_admin_handlers.hpp. User JSON: identity_dto.hpp.
// Bodies are parsed strictly (unknown fields are 422); sign-in answers carry
// Cache-Control: no-store. The services must outlive the router.
#pragma once

#include "api/router.hpp"
#include "service/identity/authentication.hpp"
#include "service/identity/user_accounts.hpp"

namespace takt::api {

void RegisterAuthRoutes(Router& router, identity::Authentication& authentication,
                        identity::UserAccounts& accounts);

}  // namespace takt::api
