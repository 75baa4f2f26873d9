#include "service/identity/principal_cache.hpp"

#include <gtest/gtest.h>

namespace takt::identity {
namespace {

using std::chrono::seconds;
using std::chrono::sys_seconds;

const sys_seconds kNow{seconds(1'800'000'000)};

Principal Someone(std::int64_t id, std::string role) {
  Principal principal;
  principal.user_id = UserId(id);
  principal.email = "user" + std::to_string(id) + "@shop.example";
  principal.roles = {std::move(role)};
  principal.permissions = {"jobs:read"};
  return principal;
}

PrincipalCache::Validity Window() { return {kNow - seconds(60), kNow + seconds(900)}; }

TEST(PrincipalCacheTest, AnswersOnlyForTheSameTokenEpochAndWindow) {
  PrincipalCache cache;
  cache.Store("token-a", Someone(1, "viewer"), Window(), 7, kNow);
  auto hit = cache.Find("token-a", 7, kNow);
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->user_id, UserId(1));
  EXPECT_EQ(hit->roles, std::vector<std::string>{"viewer"});
  EXPECT_FALSE(cache.Find("token-a", 8, kNow).has_value());
  EXPECT_FALSE(cache.Find("token-b", 7, kNow).has_value());
  EXPECT_FALSE(cache.Find("token-", 7, kNow).has_value());
  EXPECT_TRUE(cache.Find("token-a", 7, kNow + seconds(900)).has_value());
  EXPECT_FALSE(cache.Find("token-a", 7, kNow + seconds(901)).has_value());
  EXPECT_TRUE(cache.Find("token-a", 7, kNow - seconds(60)).has_value());
  EXPECT_FALSE(cache.Find("token-a", 7, kNow - seconds(61)).has_value());
}

TEST(PrincipalCacheTest, ANewerEpochReplacesAnOlderOneButNotTheReverse) {
  PrincipalCache cache;
  cache.Store("token", Someone(1, "viewer"), Window(), 5, kNow);
  cache.Store("token", Someone(1, "planner"), Window(), 6, kNow);
  ASSERT_TRUE(cache.Find("token", 6, kNow).has_value());
  EXPECT_EQ(cache.Find("token", 6, kNow)->roles, std::vector<std::string>{"planner"});
  // A slow request that read epoch 5 finishes last: it must not bring the old answer back.
  cache.Store("token", Someone(1, "viewer"), Window(), 5, kNow);
  EXPECT_EQ(cache.Find("token", 6, kNow)->roles, std::vector<std::string>{"planner"});
  EXPECT_FALSE(cache.Find("token", 5, kNow).has_value());
}

TEST(PrincipalCacheTest, StaysWithinItsCapacity) {
  PrincipalCache cache(3);
  for (int i = 0; i < 3; ++i) {
    cache.Store("old-" + std::to_string(i), Someone(i + 1, "viewer"), Window(), 1, kNow);
  }
  EXPECT_EQ(cache.size(), 3u);
  // Full: entries of an older epoch go first.
  cache.Store("new-0", Someone(9, "viewer"), Window(), 2, kNow);
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_TRUE(cache.Find("new-0", 2, kNow).has_value());
  cache.Store("new-1", Someone(10, "viewer"), Window(), 2, kNow);
  cache.Store("new-2", Someone(11, "viewer"), Window(), 2, kNow);
  // Full of current entries: everything goes, the newcomer stays.
  cache.Store("new-3", Someone(12, "viewer"), Window(), 2, kNow);
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_TRUE(cache.Find("new-3", 2, kNow).has_value());
  PrincipalCache off(0);
  off.Store("token", Someone(1, "viewer"), Window(), 1, kNow);
  EXPECT_EQ(off.size(), 0u);
}

}  // namespace
}  // namespace takt::identity
