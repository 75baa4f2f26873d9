#include "core/error.hpp"

#include <gtest/gtest.h>

#include "core/strong_id.hpp"

namespace takt {
namespace {

Result<int> ParsePositive(int v) {
  if (v <= 0) return Fail(Error::InvalidArgument("must be positive", {{"value", "must be > 0"}}));
  return v;
}

TEST(ErrorTest, ResultCarriesValueOrEveryFieldError) {
  EXPECT_EQ(*ParsePositive(3), 3);
  auto bad = ParsePositive(-1);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(bad.error().field_errors.size(), 1u);
  EXPECT_EQ(bad.error().field_errors[0].field, "value");
  EXPECT_STREQ(ErrorCodeName(ErrorCode::kConflict), "CONFLICT");
}

TEST(ErrorTest, WithDetailKeepsRecoveryFacts) {
  Error e = Error::Conflict("stale version").WithDetail("current_version", "4");
  ASSERT_EQ(e.details.size(), 1u);
  EXPECT_EQ(e.details[0].second, "4");
}

struct JobTag {};
struct MachineTag {};
TEST(StrongIdTest, IdsOfDifferentEntitiesAreDistinctTypes) {
  StrongId<JobTag> job(5);
  EXPECT_TRUE(job.valid());
  EXPECT_FALSE(StrongId<MachineTag>().valid());
  EXPECT_EQ(job.ToString(), "5");
  static_assert(!std::is_convertible_v<StrongId<JobTag>, StrongId<MachineTag>>);
}

}  // namespace
}  // namespace takt
