#include "api/http/response.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace takt::api {
namespace {

TEST(ResponseTest, ErrorCodesMapToStatuses) {
  EXPECT_EQ(HttpStatusFor(ErrorCode::kInvalidArgument), 422);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kConflict), 409);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kForbidden), 403);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kInternal), 500);
}

TEST(ResponseTest, ProblemJsonCarriesFieldsDetailsAndRequestId) {
  Error error = Error::Conflict("The job was changed by someone else")
                    .WithDetail("current_version", "7")
                    .WithDetail("status", "overwritten?");
  error.field_errors.push_back({"version", "is stale"});
  Response r = ErrorResponse(error, "req-1");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.content_type, "application/problem+json");
  auto body = boost::json::parse(r.body).as_object();
  EXPECT_EQ(body.at("status").as_int64(), 409);
  EXPECT_EQ(body.at("title").as_string(), "Conflict");
  EXPECT_EQ(body.at("code").as_string(), "CONFLICT");
  EXPECT_EQ(body.at("detail").as_string(), "The job was changed by someone else");
  EXPECT_EQ(body.at("request_id").as_string(), "req-1");
  EXPECT_EQ(body.at("current_version").as_string(), "7");
  EXPECT_EQ(body.at("status").as_int64(), 409);  // a detail never overwrites a standard member
  EXPECT_EQ(body.at("errors").as_array().at(0).at("field").as_string(), "version");
  EXPECT_EQ(body.at("type").as_string(), "about:blank");
}

TEST(ResponseTest, AuthAndAvailabilityHeaders) {
  Response unauth = ErrorResponse(Error::Unauthenticated("no token"), "r");
  EXPECT_EQ(unauth.status, 401);
  EXPECT_TRUE(unauth.headers.Get("www-authenticate"));
  Response busy = ErrorResponse(Error::Unavailable("database busy"), "r");
  EXPECT_EQ(busy.status, 503);
  EXPECT_EQ(busy.headers.Get("Retry-After"), "1");
  Response invalid = ErrorResponse(Error::InvalidArgument("bad", {{"a", "is required"}}), "r");
  EXPECT_EQ(invalid.status, 422);
  EXPECT_EQ(boost::json::parse(invalid.body).at("title").as_string(), "Unprocessable Content");
}

TEST(ResponseTest, ProtocolProblemsHaveTheirOwnCode) {
  Response r = ProblemResponse(405, "METHOD_NOT_ALLOWED", "use GET", "abc");
  auto body = boost::json::parse(r.body).as_object();
  EXPECT_EQ(body.at("code").as_string(), "METHOD_NOT_ALLOWED");
  EXPECT_EQ(body.at("status").as_int64(), 405);
  EXPECT_TRUE(body.at("errors").as_array().empty());
}

TEST(HeaderMapTest, CaseInsensitiveSetGetRemove) {
  HeaderMap headers;
  headers.Set("Content-Type", "a");
  headers.Set("content-type", "b");
  headers.Add("Set-Cookie", "x");
  headers.Add("set-cookie", "y");
  EXPECT_EQ(headers.Get("CONTENT-TYPE"), "b");
  EXPECT_EQ(headers.fields().size(), 3u);
  headers.Remove("SET-COOKIE");
  EXPECT_EQ(headers.fields().size(), 1u);
  EXPECT_FALSE(headers.Get("X-Missing"));
}

}  // namespace
}  // namespace takt::api
