#include "api/system_routes.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <memory>
#include <mutex>

#include "api/json_text.hpp"
#include "api/openapi.hpp"
#include "core/permissions.hpp"

namespace takt::api {

namespace {

boost::json::value ObjectSchema(std::initializer_list<std::pair<const char*, const char*>> fields) {
  boost::json::object properties;
  boost::json::array required;
  for (const auto& [name, type] : fields) {
    properties[name] = boost::json::object{{"type", type}};
    required.push_back(boost::json::string(name));
  }
  return boost::json::object{
      {"type", "object"}, {"properties", std::move(properties)}, {"required", std::move(required)}};
}

}  // namespace

void RegisterSystemRoutes(Router& router, SystemRoutesDeps deps) {
  auto shared = std::make_shared<SystemRoutesDeps>(std::move(deps));
  const auto started = std::chrono::steady_clock::now();

  router.Add({.method = "GET",
              .path = "/health/live",
              .permission = std::string(kPublic),
              .summary = "Liveness: the process is up and serving requests",
              .tag = "System",
              .response_schema = ObjectSchema({{"status", "string"}}),
              .handler = [](Request&) {
                return JsonResponse(200, boost::json::object{{"status", "ok"}});
              }});

  router.Add(
      {.method = "GET",
       .path = "/health/ready",
       .permission = std::string(kPublic),
       .summary = "Readiness: the database answers (503 when it does not)",
       .tag = "System",
       .response_schema = ObjectSchema({{"status", "string"}, {"database", "string"}}),
       .handler = [shared](Request& request) {
         Result<void> ready = shared->readiness ? shared->readiness() : Result<void>();
         if (!ready) {
           Error error = Error::Unavailable("Not ready: " + ready.error().message);
           return ErrorResponse(std::move(error).WithDetail("database", "unavailable"),
                                request.request_id);
         }
         return JsonResponse(200, boost::json::object{{"status", "ready"}, {"database", "ok"}});
       }});

  router.Add({.method = "GET",
              .path = "/metrics",
              .permission = std::string(kPublic),
              .summary = "Prometheus metrics (text exposition format 0.0.4)",
              .tag = "System",
              .handler = [shared](Request&) {
                return TextResponse(200, shared->metrics->Render(),
                                    "text/plain; version=0.0.4; charset=utf-8");
              }});

  // The document is generated once, on first request: the route table is fixed by then.
  auto document = std::make_shared<std::string>();
  auto once = std::make_shared<std::once_flag>();
  const Router* table = &router;
  router.Add({.method = "GET",
              .path = "/api/v1/openapi.json",
              .permission = std::string(kPublic),
              .summary = "This API's OpenAPI 3.1 document, generated from the route table",
              .tag = "System",
              .handler = [shared, document, once, table](Request&) {
                std::call_once(
                    *once, [&] { *document = JsonText(BuildOpenApi(*table, shared->version)); });
                return TextResponse(200, *document, "application/json");
              }});

  router.Add(
      {.method = "GET",
       .path = "/api/v1/system/health",
       .permission = permission::kSystemRead,
       .summary = "System health for signed-in users: database, scheduling, version, uptime",
       .tag = "System",
       .response_schema = ObjectSchema({{"status", "string"},
                                        {"database", "string"},
                                        {"scheduling_service", "string"},
                                        {"version", "string"},
                                        {"uptime_s", "number"}}),
       .handler = [shared, started](Request&) {
         const bool database_ok = !shared->readiness || shared->readiness().has_value();
         const double uptime =
             std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
         return JsonResponse(200,
                             boost::json::object{{"status", database_ok ? "ok" : "degraded"},
                                                 {"database", database_ok ? "ok" : "unavailable"},
                                                 {"scheduling_service", shared->scheduling_service},
                                                 {"version", shared->version},
                                                 {"uptime_s", uptime}});
       }});
}

}  // namespace takt::api
