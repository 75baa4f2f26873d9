#include "api/router.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>

namespace takt::api {
namespace {

using ::testing::ElementsAre;

RouteSpec Route(std::string method, std::string path) {
  RouteSpec spec;
  spec.method = std::move(method);
  spec.path = std::move(path);
  spec.summary = "test route";
  spec.handler = [](Request&) { return EmptyResponse(204); };
  return spec;
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add(Route("GET", "/api/v1/jobs"));
    router_.Add(Route("POST", "/api/v1/jobs"));
    router_.Add(Route("GET", "/api/v1/jobs/{id}"));
    router_.Add(Route("PATCH", "/api/v1/jobs/{id}"));
    router_.Add(Route("GET", "/api/v1/jobs/{id}/tasks"));
    router_.Add(Route("POST", "/api/v1/schedules/compare"));
    router_.Add(Route("GET", "/api/v1/schedules/{id}"));
    router_.Add(Route("PATCH", "/api/v1/schedules/{id}/assignments/{task_id}"));
  }
  Router router_;
};

TEST_F(RouterTest, MatchesLiteralAndParameterRoutes) {
  auto m = router_.Find("GET", "/api/v1/jobs");
  ASSERT_EQ(m.kind, Router::MatchKind::kFound);
  EXPECT_EQ(m.route->path, "/api/v1/jobs");
  m = router_.Find("PATCH", "/api/v1/jobs/42");
  ASSERT_EQ(m.kind, Router::MatchKind::kFound);
  EXPECT_EQ(m.route->method, "PATCH");
  EXPECT_EQ(m.path_params.at("id"), "42");
  m = router_.Find("PATCH", "/api/v1/schedules/7/assignments/9");
  ASSERT_EQ(m.kind, Router::MatchKind::kFound);
  EXPECT_EQ(m.path_params.at("id"), "7");
  EXPECT_EQ(m.path_params.at("task_id"), "9");
}

TEST_F(RouterTest, UnknownPathIsNotFound) {
  EXPECT_EQ(router_.Find("GET", "/api/v1/nothing").kind, Router::MatchKind::kPathNotFound);
  EXPECT_EQ(router_.Find("GET", "/api/v1/jobs/").kind, Router::MatchKind::kPathNotFound);
  EXPECT_EQ(router_.Find("GET", "/api/v1/jobs/1/tasks/2").kind, Router::MatchKind::kPathNotFound);
  EXPECT_EQ(router_.Find("GET", "").kind, Router::MatchKind::kPathNotFound);
  EXPECT_EQ(router_.Find("GET", "api/v1/jobs").kind, Router::MatchKind::kPathNotFound);
}

TEST_F(RouterTest, KnownPathWrongMethodListsAllowedMethods) {
  auto m = router_.Find("DELETE", "/api/v1/jobs/5");
  ASSERT_EQ(m.kind, Router::MatchKind::kMethodNotAllowed);
  EXPECT_THAT(m.allowed_methods, ElementsAre("GET", "PATCH", "HEAD"));
  m = router_.Find("PUT", "/api/v1/jobs");
  ASSERT_EQ(m.kind, Router::MatchKind::kMethodNotAllowed);
  EXPECT_THAT(m.allowed_methods, ElementsAre("GET", "POST", "HEAD"));
}

TEST_F(RouterTest, LiteralSegmentWinsOverParameter) {
  auto m = router_.Find("POST", "/api/v1/schedules/compare");
  ASSERT_EQ(m.kind, Router::MatchKind::kFound);
  EXPECT_EQ(m.route->path, "/api/v1/schedules/compare");
  m = router_.Find("GET", "/api/v1/schedules/12");
  ASSERT_EQ(m.kind, Router::MatchKind::kFound);
  EXPECT_EQ(m.route->path, "/api/v1/schedules/{id}");
}

TEST_F(RouterTest, HeadMatchesGet) {
  auto m = router_.Find("HEAD", "/api/v1/jobs/3");
  ASSERT_EQ(m.kind, Router::MatchKind::kFound);
  EXPECT_EQ(m.route->method, "GET");
}

TEST_F(RouterTest, RejectsBadRegistrations) {
  EXPECT_THROW(router_.Add(Route("GET", "/api/v1/jobs")), std::invalid_argument);
  EXPECT_THROW(router_.Add(Route("GET", "no-slash")), std::invalid_argument);
  EXPECT_THROW(router_.Add(Route("GET", "/a/{bad-name}")), std::invalid_argument);
  EXPECT_THROW(router_.Add(Route("GET", "/a/x{y}")), std::invalid_argument);
  RouteSpec no_handler = Route("GET", "/x");
  no_handler.handler = nullptr;
  EXPECT_THROW(router_.Add(no_handler), std::invalid_argument);
  RouteSpec no_summary = Route("GET", "/y");
  no_summary.summary.clear();
  EXPECT_THROW(router_.Add(no_summary), std::invalid_argument);
}

}  // namespace
}  // namespace takt::api
