// System routes: the operational endpoints of api.md, registered by app/ wiring.
//   GET /health/live           public; 200 {"status":"ok"} while the process serves requests
//   GET /health/ready          public; 200 when `readiness` succeeds, else 503 problem+json
//   GET /metrics               public; Prometheus text exposition of RequestMetrics
//   GET /api/v1/openapi.json   public; OpenAPI 3.1 generated from the router table (openapi.hpp)
//   GET /api/v1/system/health  system:read; {status, database, scheduling_service, version,
//                              uptime_s}
// The callbacks are called on request threads and must be thread-safe; the Router and
// RequestMetrics must outlive the server.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "api/request_metrics.hpp"
#include "api/router.hpp"
#include "core/error.hpp"

namespace takt::api {

struct SystemRoutesDeps {
  RequestMetrics* metrics = nullptr;
  // Checks the database (e.g. Database::Ping); an error makes /health/ready answer 503.
  std::function<Result<void>()> readiness{};
  std::string version{};
  // How scheduling runs in this deployment, reported by /api/v1/system/health
  // (e.g. "in_process" for the single-machine shape).
  std::string scheduling_service = "in_process";
};

void RegisterSystemRoutes(Router& router, SystemRoutesDeps deps);

}  // namespace takt::api
