#include "service/identity/totp.hpp"

#include <gtest/gtest.h>

namespace takt::identity {
namespace {

using std::chrono::seconds;
using std::chrono::sys_seconds;

// RFC 6238 appendix B, SHA-1 secret "12345678901234567890".
TEST(TotpTest, Rfc6238Vectors) {
  const std::string secret = "12345678901234567890";
  EXPECT_EQ(Totp::Code(secret, 59 / 30, 8), "94287082");
  EXPECT_EQ(Totp::Code(secret, 1111111109 / 30, 8), "07081804");
  EXPECT_EQ(Totp::Code(secret, 1234567890 / 30, 8), "89005924");
  EXPECT_EQ(Totp::Code(secret, 20000000000 / 30, 8), "65353130");
  EXPECT_EQ(Totp::Code(secret, 59 / 30), "287082");
}

TEST(TotpTest, MatchesWithinTheWindowOnly) {
  const std::string secret = "12345678901234567890";
  const sys_seconds now{seconds(1111111109)};
  const std::int64_t step = 1111111109 / 30;
  EXPECT_EQ(Totp::MatchStep(secret, Totp::Code(secret, step), now), step);
  EXPECT_EQ(Totp::MatchStep(secret, Totp::Code(secret, step - 1), now), step - 1);
  EXPECT_FALSE(Totp::MatchStep(secret, Totp::Code(secret, step + 2), now));
  EXPECT_FALSE(Totp::MatchStep(secret, "12345", now));
  EXPECT_FALSE(Totp::MatchStep(secret, "abcdef", now));
}

TEST(TotpTest, Base32RoundTrip) {
  EXPECT_EQ(Totp::Base32Encode("12345678901234567890"), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  EXPECT_EQ(Totp::Base32Decode("gezdgnbvgy3tqojqgezdgnbvgy3tqojq"), "12345678901234567890");
  EXPECT_FALSE(Totp::Base32Decode("GEZ1"));
  const std::string secret = Totp::NewSecret();
  EXPECT_EQ(secret.size(), 20u);
  EXPECT_EQ(Totp::Base32Decode(Totp::Base32Encode(secret)), secret);
}

}  // namespace
}  // namespace takt::identity
