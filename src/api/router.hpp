// Router: the table of every HTTP route of the server, and the source of the OpenAPI document.
// Route groups register themselves from app/ wiring through functions such as
// `RegisterJobRoutes(Router&, JobService&)`, each calling `Router::Add` once per route at start-up.
// After start-up the table is read-only and `Find` may be called from any number of threads.
//
// Path patterns are literal segments and `{name}` parameters: "/api/v1/jobs/{id}/tasks". A literal
// segment wins over a parameter at the same position ("/schedules/compare" before
// "/schedules/{id}"). Matching is exact (no trailing-slash folding).
//
// Access: `permission` is the "resource:action" a principal needs (checked by the
// RequestDispatcher before the handler runs: 401 without a valid token, 403 without the
// permission). `kPublic` ("") means no authentication at all; `kAnyUser` means a valid token is
// required but no particular permission (e.g. /auth/me, /auth/logout).
#pragma once

#include <boost/json/value.hpp>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "api/http/request.hpp"
#include "api/http/response.hpp"

namespace takt::api {

using Handler = std::function<Response(Request&)>;

inline constexpr std::string_view kPublic = "";
inline constexpr std::string_view kAnyUser = "@authenticated";

struct RouteSpec {
  std::string method{};      // "GET", "POST", "PATCH", "PUT", "DELETE"
  std::string path{};        // pattern, e.g. "/api/v1/jobs/{id}"
  std::string permission{};  // "jobs:create"; kPublic; or kAnyUser
  std::string summary{};     // one line for the OpenAPI document, e.g. "Create a job"
  std::string tag{};         // OpenAPI group, e.g. "Jobs"
  // JSON Schema (a boost::json object) of the request body; null when the route takes no body.
  boost::json::value request_schema{};
  // JSON Schema of the success response body; null for "any JSON object" or no body.
  boost::json::value response_schema{};
  int success_status = 200;  // 201 for creates, 202 for accepted work, 204 for deletes
  Handler handler{};
};

class Router {
 public:
  enum class MatchKind { kFound, kPathNotFound, kMethodNotAllowed };
  struct Match {
    MatchKind kind = MatchKind::kPathNotFound;
    const RouteSpec* route = nullptr;  // set when kFound
    std::map<std::string, std::string, std::less<>> path_params;
    std::vector<std::string> allowed_methods;  // set when kMethodNotAllowed (for the Allow header)
  };

  // Adds a route. Throws std::invalid_argument (a start-up programming error) for a malformed
  // pattern, a missing handler or summary, or a duplicate method + pattern.
  void Add(RouteSpec spec);

  // Finds the route for `method` and a decoded `path`. HEAD matches GET routes.
  Match Find(std::string_view method, std::string_view path) const;

  // Every route in registration order (for the OpenAPI document and tests).
  const std::vector<RouteSpec>& routes() const { return routes_; }

 private:
  struct Segment {
    bool is_param = false;
    std::string text;  // literal text or parameter name
  };
  struct Pattern {
    std::vector<Segment> segments;
    int literal_count = 0;
  };
  static Pattern Compile(std::string_view path);

  std::vector<RouteSpec> routes_;
  std::vector<Pattern> patterns_;  // parallel to routes_
};

}  // namespace takt::api
