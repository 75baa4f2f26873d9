#include "storage/utc_text.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace takt::storage {
namespace {

using std::chrono::milliseconds;
using std::chrono::system_clock;

TEST(UtcTextTest, WritesMillisecondsAndZulu) {
  EXPECT_EQ(FormatUtc(system_clock::time_point{}), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatUtc(system_clock::time_point{milliseconds{1'795'509'296'005}}),
            "2026-11-24T08:34:56.005Z");
  EXPECT_EQ(FormatUtc(system_clock::time_point{milliseconds{951'782'400'120}}),
            "2000-02-29T00:00:00.120Z");
  EXPECT_EQ(FormatUtc(system_clock::time_point{milliseconds{-1}}), "1969-12-31T23:59:59.999Z");
}

TEST(UtcTextTest, TextSortsInTimeOrder) {
  const auto base = system_clock::time_point{milliseconds{1'700'000'000'000}};
  std::string previous = FormatUtc(base);
  for (int step = 1; step < 5000; step += 37) {
    std::string next = FormatUtc(base + milliseconds{step * 997});
    EXPECT_LT(previous, next);
    previous = next;
  }
  EXPECT_EQ(UtcNowText().size(), 24u);
}

}  // namespace
}  // namespace takt::storage
