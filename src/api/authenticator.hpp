// Authenticator: the port through which the HTTP pipeline turns a bearer token into a Principal.
// Identity (service/auth, P3) implements it; app/ wires the implementation into the
// RequestDispatcher. Implementations must be thread-safe: Authenticate is called concurrently from
// every request-handling thread. Return kUnauthenticated for a missing, malformed, expired or
// revoked token (the pipeline answers 401 with WWW-Authenticate: Bearer); any other error code is
// rendered with its own status (e.g. kUnavailable → 503 when the token store is down).
#pragma once

#include <string_view>

#include "core/error.hpp"
#include "core/principal.hpp"

namespace takt::api {

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // `bearer_token` is the text after "Bearer " in the Authorization header (never empty).
  virtual Result<Principal> Authenticate(std::string_view bearer_token) = 0;
  // Told when an authenticated caller is refused a route for lack of `permission` (the pipeline
  // answers 403 right after); identity records it in the security audit. Must not throw.
  virtual void PermissionDenied(const Principal& /*principal*/, std::string_view /*permission*/,
                                std::string_view /*method*/, std::string_view /*path*/,
                                std::string_view /*request_id*/) {}
};

}  // namespace takt::api
