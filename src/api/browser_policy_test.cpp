#include "api/browser_policy.hpp"

#include <gtest/gtest.h>

namespace takt::api {
namespace {

Request From(std::string method, std::optional<std::string> origin) {
  Request request;
  request.method = std::move(method);
  request.path = "/api/v1/jobs";
  request.request_id = "r";
  if (origin) request.headers.Set("Origin", *origin);
  return request;
}

TEST(BrowserPolicyTest, SecurityHeadersOnEveryResponse) {
  BrowserPolicy policy({});
  Response response = EmptyResponse(204);
  policy.Apply(From("GET", std::nullopt), response);
  EXPECT_NE(response.headers.Get("Content-Security-Policy")->find("frame-ancestors 'none'"),
            std::string::npos);
  EXPECT_EQ(response.headers.Get("X-Frame-Options"), "DENY");
  EXPECT_EQ(response.headers.Get("Referrer-Policy"), "no-referrer");
  EXPECT_EQ(response.headers.Get("X-Content-Type-Options"), "nosniff");
  EXPECT_FALSE(response.headers.Has("Access-Control-Allow-Origin"));
}

TEST(BrowserPolicyTest, CorsOnlyForListedOrigins) {
  BrowserPolicy policy(
      BrowserPolicy::ParseOrigins(" https://plan.example , http://localhost:5173"));
  Response ok = EmptyResponse(200);
  policy.Apply(From("GET", "https://plan.example"), ok);
  EXPECT_EQ(ok.headers.Get("Access-Control-Allow-Origin"), "https://plan.example");
  EXPECT_EQ(ok.headers.Get("Vary"), "Origin");
  Response other = EmptyResponse(200);
  policy.Apply(From("GET", "https://evil.example"), other);
  EXPECT_FALSE(other.headers.Has("Access-Control-Allow-Origin"));

  Request preflight = From("OPTIONS", "http://localhost:5173");
  EXPECT_FALSE(policy.Preflight(preflight).has_value());  // no Access-Control-Request-Method
  preflight.headers.Set("Access-Control-Request-Method", "PATCH");
  auto allowed = policy.Preflight(preflight);
  ASSERT_TRUE(allowed.has_value());
  EXPECT_EQ(allowed->status, 204);
  EXPECT_NE(allowed->headers.Get("Access-Control-Allow-Methods")->find("PATCH"), std::string::npos);
  Request hostile = From("OPTIONS", "https://evil.example");
  hostile.headers.Set("Access-Control-Request-Method", "DELETE");
  EXPECT_EQ(policy.Preflight(hostile)->status, 403);
}

TEST(BrowserPolicyTest, OriginListRules) {
  EXPECT_FALSE(BrowserPolicy::OriginListProblem(""));
  EXPECT_FALSE(BrowserPolicy::OriginListProblem("https://a.example,https://b.example:8443"));
  EXPECT_TRUE(BrowserPolicy::OriginListProblem("*"));
  EXPECT_TRUE(BrowserPolicy::OriginListProblem("a.example"));
  EXPECT_TRUE(BrowserPolicy::OriginListProblem("https://a.example/path"));
}

}  // namespace
}  // namespace takt::api
