#include "core/instant.hpp"

#include <gtest/gtest.h>

namespace takt {
namespace {

TEST(Instant, ParsesUtcOffsetsFractionsAndDates) {
  auto z = ParseInstant("2026-11-24T08:30:00Z");
  ASSERT_TRUE(z.has_value());
  EXPECT_EQ(FormatInstant(*z), "2026-11-24T08:30:00Z");
  EXPECT_EQ(ParseInstant("2026-11-24T10:30:00+02:00"), z);
  EXPECT_EQ(ParseInstant("2026-11-24T07:30:00.123-01:00"), z);
  EXPECT_EQ(FormatInstant(*ParseInstant("2026-11-24")), "2026-11-24T00:00:00Z");
  EXPECT_EQ(ParseInstant("1970-01-01T00:00:00Z")->time_since_epoch().count(), 0);
}

TEST(Instant, RejectsMalformedText) {
  for (const char* bad :
       {"", "2026-11-24T08:30:00", "2026-13-01", "2026-02-30", "2026-11-24T25:00:00Z",
        "2026-11-24T08:30Z", "yesterday", "2026-11-24T08:30:00+0200", "2026-11-24T08:30:00Zjunk"}) {
    EXPECT_FALSE(ParseInstant(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace takt
