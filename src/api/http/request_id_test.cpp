#include "api/http/request_id.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>
#include <thread>

namespace takt::api {
namespace {

TEST(RequestIdTest, GeneratedIdsAreValidHexAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = GenerateRequestId();
    ASSERT_EQ(id.size(), 32u);
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
    EXPECT_TRUE(IsValidRequestId(id));
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(RequestIdTest, GeneratedIdsStartWithTheMillisecondClockSoLaterIdsSortLater) {
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  std::string first = GenerateRequestId();
  const auto stamped = static_cast<long long>(std::stoull(first.substr(0, 12), nullptr, 16));
  EXPECT_LE(millis, stamped);
  EXPECT_LT(stamped - millis, 60'000) << first;
  std::this_thread::sleep_for(std::chrono::milliseconds(3));
  std::string later = GenerateRequestId();
  EXPECT_LT(first, later);
  EXPECT_LT(first.substr(0, 12), later.substr(0, 12));
}

TEST(RequestIdTest, AcceptsASafeClientIdAndReplacesAnUnsafeOne) {
  EXPECT_EQ(AcceptOrGenerateRequestId("client-id_1.2"), "client-id_1.2");
  EXPECT_NE(AcceptOrGenerateRequestId("bad id\r\n"), "bad id\r\n");
  EXPECT_EQ(AcceptOrGenerateRequestId("").size(), 32u);
  EXPECT_EQ(AcceptOrGenerateRequestId(std::string(129, 'a')).size(), 32u);
}

}  // namespace
}  // namespace takt::api
