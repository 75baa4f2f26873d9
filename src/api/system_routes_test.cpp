#include "api/system_routes.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "api/openapi.hpp"

namespace takt::api {
namespace {

Response Get(const Router& router, const std::string& path) {
  auto match = router.Find("GET", path);
  EXPECT_EQ(match.kind, Router::MatchKind::kFound) << path;
  Request request;
  request.method = "GET";
  request.path = path;
  request.request_id = "rid";
  return match.route->handler(request);
}

TEST(SystemRoutesTest, ReadyFollowsTheReadinessCheck) {
  RequestMetrics metrics("1.2.3");
  bool database_up = true;
  Router router;
  RegisterSystemRoutes(router, {.metrics = &metrics,
                                .readiness = [&]() -> Result<void> {
                                  if (database_up) return {};
                                  return Fail(Error::Unavailable("database is busy"));
                                },
                                .version = "1.2.3"});
  EXPECT_EQ(Get(router, "/health/ready").status, 200);
  database_up = false;
  Response down = Get(router, "/health/ready");
  EXPECT_EQ(down.status, 503);
  EXPECT_EQ(down.content_type, "application/problem+json");
  EXPECT_TRUE(down.headers.Get("Retry-After"));
  EXPECT_EQ(Get(router, "/health/live").status, 200);
  auto health = boost::json::parse(Get(router, "/api/v1/system/health").body);
  EXPECT_EQ(health.at("status").as_string(), "degraded");
  EXPECT_EQ(health.at("database").as_string(), "unavailable");
  EXPECT_EQ(health.at("version").as_string(), "1.2.3");
}

TEST(SystemRoutesTest, MetricsRenderRecordedRequests) {
  RequestMetrics metrics("1.2.3");
  metrics.Record("GET", "/api/v1/jobs/{id}", 200, 0.003);
  metrics.Record("GET", "/api/v1/jobs/{id}", 200, 0.2);
  metrics.Record("POST", "/api/v1/jobs", 422, 0.001);
  Router router;
  RegisterSystemRoutes(router, {.metrics = &metrics, .version = "1.2.3"});
  Response response = Get(router, "/metrics");
  EXPECT_EQ(response.content_type.rfind("text/plain", 0), 0u);
  const std::string& text = response.body;
  EXPECT_NE(text.find("takt_build_info{version=\"1.2.3\"} 1"), std::string::npos);
  EXPECT_NE(text.find("takt_http_requests_total{method=\"GET\",route=\"/api/v1/jobs/{id}\","
                      "status=\"200\"} 2"),
            std::string::npos);
  // 0.003 s falls in le=0.005 and above; 0.2 s only from le=0.25.
  EXPECT_NE(text.find("route=\"/api/v1/jobs/{id}\",status=\"200\",le=\"0.005\"} 1"),
            std::string::npos);
  EXPECT_NE(text.find("route=\"/api/v1/jobs/{id}\",status=\"200\",le=\"0.25\"} 2"),
            std::string::npos);
  EXPECT_NE(text.find("status=\"422\",le=\"+Inf\"} 1"), std::string::npos);
}

TEST(OpenApiTest, DocumentListsEveryRouteWithPermissionAndParameters) {
  RequestMetrics metrics("1.0.0");
  Router router;
  RegisterSystemRoutes(router, {.metrics = &metrics, .version = "1.0.0"});
  router.Add({.method = "PATCH",
              .path = "/api/v1/jobs/{id}",
              .permission = "jobs:update",
              .summary = "Update a job",
              .tag = "Jobs",
              .request_schema = boost::json::object{{"type", "object"}},
              .handler = [](Request&) { return EmptyResponse(204); }});
  auto doc = BuildOpenApi(router, "1.0.0").as_object();
  EXPECT_EQ(doc.at("openapi").as_string(), "3.1.0");
  const auto& paths = doc.at("paths").as_object();
  std::size_t operations = 0;
  for (const auto& path : paths) operations += path.value().as_object().size();
  EXPECT_EQ(operations, router.routes().size());
  const auto& patch = paths.at("/api/v1/jobs/{id}").at("patch").as_object();
  EXPECT_EQ(patch.at("x-permission").as_string(), "jobs:update");
  EXPECT_NE(std::string(patch.at("description").as_string()).find("jobs:update"),
            std::string::npos);
  EXPECT_EQ(patch.at("parameters").as_array().at(0).at("name").as_string(), "id");
  EXPECT_TRUE(patch.at("responses").as_object().contains("403"));
  EXPECT_TRUE(patch.at("responses").as_object().contains("422"));
  EXPECT_TRUE(patch.contains("requestBody"));
  const auto& live = paths.at("/health/live").at("get").as_object();
  EXPECT_EQ(live.at("x-permission").as_string(), "public");
  EXPECT_TRUE(live.at("security").as_array().empty());
  EXPECT_EQ(paths.at("/api/v1/system/health").at("get").at("x-permission").as_string(),
            "system:read");
}

}  // namespace
}  // namespace takt::api
