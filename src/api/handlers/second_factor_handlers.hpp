// Second-factor routes (docs/identity.md "Second factor"), registered by app/ wiring; all for the
// signed-in user about their own account:
//   GET  /api/v1/auth/second-factor          -> {enabled}
//   POST /api/v1/auth/second-factor          -> {secret, otpauth_uri}: a new, unconfirmed TOTP
//                                               secret (409 while one is enabled)
//   POST /api/v1/auth/second-factor/confirm  {code} -> {recovery_codes: [10]}, shown once
//   POST /api/v1/auth/second-factor/disable  {password} -> 204 (422 on "password" when wrong)
// Answers carry Cache-Control: no-store. The services must outlive the router.
#pragma once

#include "api/router.hpp"
#include "service/identity/second_factor.hpp"
#include "service/identity/user_accounts.hpp"

namespace takt::api {

void RegisterSecondFactorRoutes(Router& router, identity::SecondFactor& second_factor,
                                identity::UserAccounts& accounts);

}  // namespace takt::api
