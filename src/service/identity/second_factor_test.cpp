#include "service/identity/second_factor.hpp"

#include <gtest/gtest.h>

#include "service/identity/authentication.hpp"
#include "service/identity/totp.hpp"
#include "service/identity/user_accounts.hpp"
#include "storage/sqlite/sqlite_session_store.hpp"
#include "storage/sqlite/sqlite_user_store.hpp"
#include "storage/storage_test_backends.hpp"

namespace takt::identity {
namespace {

using std::chrono::seconds;

constexpr char kPassword[] = "plan-all-the-things";

class SecondFactorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto user =
        accounts_.Create(Actor::System("cli"),
                         {"planner@shop.example", std::nullopt, {"production_planner"}}, kPassword);
    ASSERT_TRUE(user.has_value());
    me_ = Actor{user->id, user->email, "r"};
  }

  std::string CodeAt(const std::string& secret_base32, Instant at) {
    return Totp::Code(*Totp::Base32Decode(secret_base32),
                      at.time_since_epoch().count() / Totp::kStepSeconds);
  }

  Result<LoginResult> SignIn(std::string_view code) {
    return auth_.Login("planner@shop.example", kPassword, "r", code);
  }

  storage::SqliteBackend backend_;
  storage::sqlite::SqliteUserStore users_;
  storage::sqlite::SqliteSessionStore sessions_;
  PasswordHasher hasher_{PasswordCost::Minimum()};
  AccessTokenCodec codec_{std::string(32, 's')};
  Instant now_ = Instant(seconds(1'800'000'000));
  UserAccounts accounts_{backend_.db(), users_, sessions_, backend_.audit(), hasher_};
  Authentication auth_{backend_.db(), users_, sessions_,      backend_.audit(),
                       hasher_,       codec_, SignInPolicy{}, [this] { return now_; }};
  SecondFactor factor_{backend_.db(), sessions_, backend_.audit(), [this] { return now_; }};
  Actor me_;
};

TEST_F(SecondFactorTest, EnrolConfirmThenEverySignInNeedsAFreshCode) {
  auto enrolment = factor_.Enrol(me_);
  ASSERT_TRUE(enrolment.has_value());
  EXPECT_NE(enrolment->otpauth_uri.find("secret=" + enrolment->secret_base32), std::string::npos);
  EXPECT_TRUE(SignIn("").has_value());  // not confirmed yet: not required
  EXPECT_EQ(factor_.Confirm(me_, "000000").error().code, ErrorCode::kInvalidArgument);
  auto codes = factor_.Confirm(me_, CodeAt(enrolment->secret_base32, now_));
  ASSERT_TRUE(codes.has_value());
  EXPECT_EQ(codes->size(), 10u);
  EXPECT_TRUE(*factor_.IsEnabled(me_.user_id));
  EXPECT_EQ(factor_.Enrol(me_).error().code, ErrorCode::kConflict);

  auto missing = SignIn("");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().message, Authentication::kSecondFactorRequired);
  // The confirming code was spent; the next step's code works once.
  EXPECT_FALSE(SignIn(CodeAt(enrolment->secret_base32, now_)).has_value());
  now_ += seconds(30);
  const std::string next = CodeAt(enrolment->secret_base32, now_);
  EXPECT_TRUE(SignIn(next).has_value());
  EXPECT_FALSE(SignIn(next).has_value());  // replay

  // A recovery code works exactly once, written in any case and with or without the dash.
  std::string upper = codes->front();
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(SignIn(upper).has_value());
  EXPECT_FALSE(SignIn(codes->front()).has_value());
  EXPECT_TRUE(SignIn((*codes)[1]).has_value());

  ASSERT_TRUE(factor_.Disable(me_));
  EXPECT_TRUE(SignIn("").has_value());
  EXPECT_EQ(factor_.Disable(me_).error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace takt::identity
