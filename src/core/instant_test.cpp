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

TEST(Instant, FormatsEveryFieldWithFixedWidths) {
  using namespace std::chrono;
  EXPECT_EQ(FormatInstant(Instant{}), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatInstant(*ParseInstant("2024-02-29T07:05:09Z")), "2024-02-29T07:05:09Z");
  EXPECT_EQ(FormatInstant(*ParseInstant("9999-12-31T23:59:59Z")), "9999-12-31T23:59:59Z");
  EXPECT_EQ(FormatInstant(*ParseInstant("0001-01-01T00:00:00Z")), "0001-01-01T00:00:00Z");
  EXPECT_EQ(FormatInstant(Instant{seconds{-1}}), "1969-12-31T23:59:59Z");
  // Beyond four-digit years the general path still answers.
  EXPECT_EQ(FormatInstant(Instant{sys_days{year{10000} / 1 / 1}.time_since_epoch()}),
            "10000-01-01T00:00:00Z");
  // Every second of a range of days round-trips through text (sampled with a stride).
  const Instant start = *ParseInstant("1999-12-30T00:00:00Z");
  for (std::int64_t s = 0; s < std::int64_t{5} * 86400; s += 7919) {
    const Instant at = start + seconds{s * 37};
    EXPECT_EQ(ParseInstant(FormatInstant(at)), at) << FormatInstant(at);
  }
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
