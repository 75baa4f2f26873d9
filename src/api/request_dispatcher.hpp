// RequestDispatcher: the request pipeline between the HTTP server and the handlers:
//   1. route lookup: unknown path -> 404 ROUTE_NOT_FOUND; known path, other method -> 405
//      METHOD_NOT_ALLOWED with an Allow header (both problem+json);
//   2. authentication for every non-public route: no or malformed `Authorization: Bearer` -> 401
//      (WWW-Authenticate: Bearer); the Authenticator's error otherwise; then authorisation: a
//      principal lacking the route's permission -> 403 (kAnyUser routes only need a principal);
//   3. the handler, inside the last-resort catch: an escaping exception becomes 500 problem+json
//      carrying the request id, and is logged with it.
// The dispatcher fills Request::path_params, route_pattern and principal. It holds references to
// the Router and the Authenticator (which must outlive it) and is thread-safe as long as the route
// table is not modified while requests are served.
#pragma once

#include "api/authenticator.hpp"
#include "api/http/request.hpp"
#include "api/http/response.hpp"
#include "api/rate_limiter.hpp"
#include "api/router.hpp"

namespace takt::api {

class RequestDispatcher {
 public:
  // `authenticator` may be null: every non-public route then answers 503 (identity not wired).
  RequestDispatcher(const Router& router, Authenticator* authenticator)
      : router_(router), authenticator_(authenticator) {}

  Response Dispatch(Request& request) const;

  // Optional: token buckets per IP (after routing) and per user (after authentication); an
  // exhausted bucket answers 429 RATE_LIMITED with Retry-After. Must outlive the dispatcher.
  void SetRateLimiter(RateLimiter* limiter) { rate_limiter_ = limiter; }

 private:
  // Sets request.principal or returns the 401/403/503 response to send instead.
  std::optional<Response> Authorize(const RouteSpec& route, Request& request) const;

  const Router& router_;
  Authenticator* authenticator_;
  RateLimiter* rate_limiter_ = nullptr;
};

}  // namespace takt::api
