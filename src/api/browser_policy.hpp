// BrowserPolicy: what every response tells a browser, and cross-origin access.
//   - Security headers on every response (unless a handler set its own): Content-Security-Policy
//     "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'" (the API
//     serves data, never pages or scripts), X-Frame-Options DENY, Referrer-Policy no-referrer,
//     X-Content-Type-Options nosniff, and Cross-Origin-Resource-Policy same-origin for requests
//     from origins not on the list. No Strict-Transport-Security: Takt speaks plain HTTP and TLS
//     terminates at the proxy in front of it, which is where HSTS belongs.
//   - CORS from an allow-list of exact origins ("https://plan.example.com"); "*" is refused at
//     configuration time (credentials are bearer tokens, the list must be explicit). A request
//     whose Origin is listed gets Access-Control-Allow-Origin (that origin), Vary: Origin and
//     Access-Control-Expose-Headers; a preflight (OPTIONS with Access-Control-Request-Method)
//     from a listed origin is answered 204 with the allowed methods and headers and max age; from
//     an unlisted origin 403 CORS_ORIGIN_DENIED. Requests without Origin are not affected.
//
// Thread-safety: immutable after construction; safe to share between request threads.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "api/http/request.hpp"
#include "api/http/response.hpp"

namespace takt::api {

class BrowserPolicy {
 public:
  explicit BrowserPolicy(std::vector<std::string> allowed_origins);

  // The response to a CORS preflight, or nullopt when `request` is not one.
  std::optional<Response> Preflight(const Request& request) const;

  // Adds the security and CORS headers to `response`.
  void Apply(const Request& request, Response& response) const;

  // Parses "https://a.example, https://b.example" (empty: no origin allowed); the problem naming
  // the rule for "*" or an entry that is not scheme://host[:port].
  static std::optional<std::string> OriginListProblem(const std::string& text);
  static std::vector<std::string> ParseOrigins(const std::string& text);

 private:
  bool Allowed(const Request& request) const;

  std::set<std::string, std::less<>> origins_;
};

}  // namespace takt::api
