#include "api/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace takt::api {
namespace {

using std::chrono::seconds;

TEST(RateLimiterTest, ClassifiesRoutes) {
  EXPECT_EQ(RateLimiter::Classify("POST", "/api/v1/auth/login"), RouteClass::kAuth);
  EXPECT_EQ(RateLimiter::Classify("POST", "/api/v1/auth/refresh"), RouteClass::kAuth);
  EXPECT_EQ(RateLimiter::Classify("GET", "/api/v1/auth/me"), RouteClass::kRead);
  EXPECT_EQ(RateLimiter::Classify("POST", "/api/v1/solve"), RouteClass::kSolve);
  EXPECT_EQ(RateLimiter::Classify("POST", "/api/v1/schedules/4/optimize"), RouteClass::kSolve);
  EXPECT_EQ(RateLimiter::Classify("PATCH", "/api/v1/jobs/4"), RouteClass::kWrite);
  EXPECT_EQ(RateLimiter::Classify("GET", "/api/v1/jobs"), RouteClass::kRead);
  EXPECT_EQ(RateLimiter::Classify("GET", "/health/ready"), RouteClass::kExempt);
  RateLimiter limiter({});
  for (int i = 0; i < 10000; ++i) EXPECT_FALSE(limiter.Admit(RouteClass::kExempt, "ip", ""));
}

TEST(RateLimiterTest, BurstThenRefusalWithRetryAfterThenRefill) {
  RateLimiter limiter({.auth_per_minute = 3});
  const auto t0 = RateLimiter::Clock::time_point() + seconds(1000);
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(limiter.Admit(RouteClass::kAuth, "1.2.3.4", "", t0));
  auto refused = limiter.Admit(RouteClass::kAuth, "1.2.3.4", "", t0);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(*refused, 20);  // one token every 20 s at 3 per minute
  EXPECT_FALSE(limiter.Admit(RouteClass::kAuth, "5.6.7.8", "", t0));  // another IP
  EXPECT_FALSE(limiter.Admit(RouteClass::kRead, "1.2.3.4", "", t0));  // another class
  EXPECT_TRUE(limiter.Admit(RouteClass::kAuth, "1.2.3.4", "", t0 + seconds(19)));
  EXPECT_FALSE(limiter.Admit(RouteClass::kAuth, "1.2.3.4", "", t0 + seconds(20)));
}

TEST(RateLimiterTest, UserBucketFollowsTheUserAcrossAddresses) {
  RateLimiter limiter({.write_per_minute = 2});
  const auto t0 = RateLimiter::Clock::time_point() + seconds(1000);
  EXPECT_FALSE(limiter.Admit(RouteClass::kWrite, "10.0.0.1", "u7", t0));
  EXPECT_FALSE(limiter.Admit(RouteClass::kWrite, "10.0.0.2", "u7", t0));
  EXPECT_TRUE(limiter.Admit(RouteClass::kWrite, "10.0.0.3", "u7", t0));
  EXPECT_FALSE(limiter.Admit(RouteClass::kWrite, "10.0.0.3", "u8", t0));
}

TEST(RateLimiterTest, ZeroDisablesAClass) {
  RateLimiter limiter({.read_per_minute = 0});
  for (int i = 0; i < 1000; ++i) EXPECT_FALSE(limiter.Admit(RouteClass::kRead, "ip", "u"));
}

}  // namespace
}  // namespace takt::api
