#include "api/request_dispatcher.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <stdexcept>

namespace takt::api {
namespace {

// Accepts "admin-token", "planner-token" (jobs:read, schedules:*) and "down-token" (store down).
class FakeAuthenticator : public Authenticator {
 public:
  Result<Principal> Authenticate(std::string_view token) override {
    ++calls;
    Principal principal;
    principal.user_id = UserId(7);
    if (token == "admin-token") {
      principal.email = "admin@example.com";
      principal.roles = {"admin"};
      return principal;
    }
    if (token == "planner-token") {
      principal.email = "planner@example.com";
      principal.roles = {"production_planner"};
      principal.permissions = {"jobs:read", "schedules:*"};
      return principal;
    }
    if (token == "down-token") return Fail(Error::Unavailable("token store down"));
    return Fail(Error::Unauthenticated("invalid token"));
  }
  int calls = 0;
};

class RequestDispatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Add("GET", "/public", std::string(kPublic));
    Add("GET", "/me", std::string(kAnyUser));
    Add("GET", "/jobs/{id}", "jobs:read");
    Add("POST", "/jobs", "jobs:create");
    Add("POST", "/schedules/{id}/publish", "schedules:publish");
    router_.Add({.method = "GET",
                 .path = "/boom",
                 .permission = std::string(kPublic),
                 .summary = "throws",
                 .handler = [](Request&) -> Response { throw std::runtime_error("bug"); }});
  }
  void Add(std::string method, std::string path, std::string permission) {
    router_.Add({.method = std::move(method),
                 .path = std::move(path),
                 .permission = std::move(permission),
                 .summary = "test",
                 .handler = [this](Request& request) {
                   seen_ = request;
                   return JsonResponse(200, boost::json::object{{"ok", true}});
                 }});
  }
  Response Call(std::string method, std::string path, const std::string& token = "") {
    Request request;
    request.method = std::move(method);
    request.path = std::move(path);
    request.request_id = "rid-1";
    if (!token.empty()) request.headers.Set("Authorization", "Bearer " + token);
    return dispatcher_.Dispatch(request);
  }
  static std::string CodeOf(const Response& response) {
    return std::string(boost::json::parse(response.body).at("code").as_string());
  }

  Router router_;
  FakeAuthenticator authenticator_;
  RequestDispatcher dispatcher_{router_, &authenticator_};
  Request seen_;
};

TEST_F(RequestDispatcherTest, PublicRouteNeedsNoToken) {
  EXPECT_EQ(Call("GET", "/public").status, 200);
  EXPECT_EQ(authenticator_.calls, 0);
  EXPECT_FALSE(seen_.principal);
  EXPECT_EQ(seen_.route_pattern, "/public");
}

TEST_F(RequestDispatcherTest, MissingOrMalformedTokenIs401WithChallenge) {
  for (const char* header : {"", "Basic abc", "Bearer", "Bearer   ", "bearer"}) {
    Request request;
    request.method = "GET";
    request.path = "/jobs/1";
    if (*header != '\0') request.headers.Set("Authorization", header);
    Response response = dispatcher_.Dispatch(request);
    EXPECT_EQ(response.status, 401) << header;
    EXPECT_TRUE(response.headers.Get("WWW-Authenticate")) << header;
  }
  EXPECT_EQ(authenticator_.calls, 0);
  Response invalid = Call("GET", "/jobs/1", "forged");
  EXPECT_EQ(invalid.status, 401);
  EXPECT_EQ(CodeOf(invalid), "UNAUTHENTICATED");
}

TEST_F(RequestDispatcherTest, SchemeIsCaseInsensitive) {
  Request request;
  request.method = "GET";
  request.path = "/jobs/5";
  request.headers.Set("authorization", "bEaReR planner-token");
  EXPECT_EQ(dispatcher_.Dispatch(request).status, 200);
}

TEST_F(RequestDispatcherTest, PermissionDecides403AndPrincipalReachesHandler) {
  Response ok = Call("GET", "/jobs/5", "planner-token");
  EXPECT_EQ(ok.status, 200);
  ASSERT_TRUE(seen_.principal);
  EXPECT_EQ(seen_.principal->email, "planner@example.com");
  EXPECT_EQ(seen_.PathParam("id"), "5");

  Response denied = Call("POST", "/jobs", "planner-token");
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(CodeOf(denied), "FORBIDDEN");
  EXPECT_EQ(boost::json::parse(denied.body).at("required_permission").as_string(), "jobs:create");
}

TEST_F(RequestDispatcherTest, ResourceWildcardAndAdminRolePassEverything) {
  EXPECT_EQ(Call("POST", "/schedules/3/publish", "planner-token").status, 200);
  EXPECT_EQ(Call("POST", "/jobs", "admin-token").status, 200);
  EXPECT_EQ(Call("GET", "/me", "planner-token").status, 200);
}

TEST_F(RequestDispatcherTest, AuthenticatorOutageIs503NotA401) {
  Response response = Call("GET", "/jobs/1", "down-token");
  EXPECT_EQ(response.status, 503);
  EXPECT_TRUE(response.headers.Get("Retry-After"));
}

TEST_F(RequestDispatcherTest, RoutingProblemsComeBeforeAuthentication) {
  Response missing = Call("GET", "/nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(CodeOf(missing), "ROUTE_NOT_FOUND");
  Response wrong = Call("DELETE", "/jobs/1");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(CodeOf(wrong), "METHOD_NOT_ALLOWED");
  EXPECT_EQ(wrong.headers.Get("Allow"), "GET, HEAD");
  EXPECT_EQ(authenticator_.calls, 0);
}

TEST_F(RequestDispatcherTest, EscapingExceptionBecomes500WithRequestId) {
  Response response = Call("GET", "/boom");
  EXPECT_EQ(response.status, 500);
  auto body = boost::json::parse(response.body);
  EXPECT_EQ(body.at("code").as_string(), "INTERNAL");
  EXPECT_EQ(body.at("request_id").as_string(), "rid-1");
  EXPECT_EQ(response.body.find("bug"), std::string::npos) << "internals must not leak";
}

TEST(RequestDispatcherNoIdentityTest, ProtectedRoutesAre503WithoutAuthenticator) {
  Router router;
  router.Add({.method = "GET",
              .path = "/x",
              .permission = "jobs:read",
              .summary = "x",
              .handler = [](Request&) { return EmptyResponse(204); }});
  RequestDispatcher dispatcher(router, nullptr);
  Request request;
  request.method = "GET";
  request.path = "/x";
  EXPECT_EQ(dispatcher.Dispatch(request).status, 503);
}

}  // namespace
}  // namespace takt::api
