// Sign-in sessions: refresh-token rotation and reuse detection, logout, revocation on password
// change, lockout and unlock, against the real SQLite stores.
#include <gtest/gtest.h>

#include <algorithm>

#include "service/identity/authentication.hpp"
#include "service/identity/user_accounts.hpp"
#include "storage/sqlite/sqlite_session_store.hpp"
#include "storage/sqlite/sqlite_user_store.hpp"
#include "storage/storage_test_backends.hpp"

namespace takt::identity {
namespace {

using std::chrono::seconds;

constexpr char kPassword[] = "plan-all-the-things";

class SignInSessionTest : public ::testing::Test {
 protected:
  static SignInPolicy Policy() {
    SignInPolicy policy;
    policy.access_token_ttl = seconds(300);
    policy.refresh_token_ttl = seconds(3600);
    policy.lockout_threshold = 3;
    policy.lockout_duration = seconds(600);
    return policy;
  }

  storage::SqliteBackend backend_;
  storage::sqlite::SqliteUserStore users_;
  storage::sqlite::SqliteSessionStore sessions_;
  PasswordHasher hasher_{PasswordCost::Minimum()};
  AccessTokenCodec codec_{std::string(32, 's')};
  Instant now_ = Instant(seconds(1'800'000'000));
  UserAccounts accounts_{backend_.db(), users_, sessions_, backend_.audit(), hasher_};
  Authentication auth_{backend_.db(), users_, sessions_, backend_.audit(),
                       hasher_,       codec_, Policy(),  [this] { return now_; }};
  Actor admin_ = Actor::System("cli");
  User planner_;

  void SetUp() override {
    auto user = accounts_.Create(
        admin_, {"planner@shop.example", std::nullopt, {"production_planner"}}, kPassword);
    ASSERT_TRUE(user.has_value());
    planner_ = *user;
  }

  LoginResult SignIn() {
    auto login = auth_.Login("planner@shop.example", kPassword, "r");
    EXPECT_TRUE(login.has_value()) << (login ? "" : login.error().message);
    return login.value_or(LoginResult{});
  }

  int CountAudit(const std::string& action) {
    auto page = backend_.db().Read(
        [&](storage::Transaction& tx) { return backend_.audit().Page(tx, 0, 1000); });
    EXPECT_TRUE(page.has_value());
    return static_cast<int>(std::count_if(page->begin(), page->end(),
                                          [&](const auto& e) { return e.action == action; }));
  }
};

TEST_F(SignInSessionTest, RefreshRotatesAndReuseRevokesTheWholeSession) {
  const LoginResult login = SignIn();
  EXPECT_EQ(login.refresh_expires_in, seconds(3600));
  ASSERT_FALSE(login.refresh_token.empty());
  EXPECT_EQ(login.refresh_token.find('.'), std::string::npos);

  auto second = auth_.Refresh(login.refresh_token, "r2");
  ASSERT_TRUE(second.has_value()) << second.error().message;
  EXPECT_NE(second->refresh_token, login.refresh_token);
  EXPECT_NE(second->access_token, login.access_token);
  EXPECT_TRUE(auth_.Authenticate(second->access_token).has_value());

  // The spent token comes back: 401, and every token of the session dies with it.
  auto reused = auth_.Refresh(login.refresh_token, "r3");
  ASSERT_FALSE(reused.has_value());
  EXPECT_EQ(reused.error().code, ErrorCode::kUnauthenticated);
  EXPECT_FALSE(auth_.Refresh(second->refresh_token, "r4").has_value());
  EXPECT_FALSE(auth_.Authenticate(second->access_token).has_value());
  EXPECT_FALSE(auth_.Authenticate(login.access_token).has_value());
  EXPECT_EQ(CountAudit("auth.refresh_reuse"), 1);

  // Another session of the same user is untouched.
  const LoginResult other = SignIn();
  EXPECT_TRUE(auth_.Authenticate(other.access_token).has_value());
}

TEST_F(SignInSessionTest, TokensAreNotInterchangeableAndRefreshExpires) {
  const LoginResult login = SignIn();
  EXPECT_EQ(auth_.Authenticate(login.refresh_token).error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(auth_.Refresh(login.access_token, "r").error().code, ErrorCode::kUnauthenticated);
  EXPECT_FALSE(auth_.Refresh("", "r").has_value());
  EXPECT_FALSE(auth_.Refresh(std::string(300, 'a'), "r").has_value());
  now_ += seconds(3601);
  EXPECT_FALSE(auth_.Refresh(login.refresh_token, "r").has_value());
}

TEST_F(SignInSessionTest, LogoutRevokesTheTokenAndItsSession) {
  const LoginResult login = SignIn();
  const LoginResult other = SignIn();
  ASSERT_TRUE(auth_.Logout(login.access_token, "r"));
  auto after = auth_.Authenticate(login.access_token);
  ASSERT_FALSE(after.has_value());
  EXPECT_EQ(after.error().code, ErrorCode::kUnauthenticated);
  EXPECT_FALSE(auth_.Refresh(login.refresh_token, "r").has_value());
  EXPECT_TRUE(auth_.Authenticate(other.access_token).has_value());
  EXPECT_EQ(CountAudit("auth.token_revoked"), 1);
  EXPECT_FALSE(auth_.Logout("not-a-token", "r").has_value());
}

TEST_F(SignInSessionTest, PasswordChangeEndsOtherSessionsOnly) {
  const LoginResult mine = SignIn();
  const LoginResult elsewhere = SignIn();
  auto principal = auth_.Authenticate(mine.access_token);
  ASSERT_TRUE(principal.has_value());
  ASSERT_TRUE(accounts_.ChangeOwnPassword({planner_.id, planner_.email, "r"}, kPassword,
                                          "another-long-secret", principal->session_id));
  EXPECT_TRUE(auth_.Authenticate(mine.access_token).has_value());
  EXPECT_FALSE(auth_.Authenticate(elsewhere.access_token).has_value());
  EXPECT_FALSE(auth_.Refresh(elsewhere.refresh_token, "r").has_value());

  // A reset by an operator ends every session, the caller's included.
  ASSERT_TRUE(accounts_.SetPassword(admin_, "planner@shop.example", "reset-by-the-operator"));
  EXPECT_FALSE(auth_.Authenticate(mine.access_token).has_value());
}

TEST_F(SignInSessionTest, WrongPasswordsLockTheAccountUntilUnlockOrExpiry) {
  for (int i = 0; i < 3; ++i) {
    auto denied = auth_.Login("planner@shop.example", "wrong-password-x", "r");
    ASSERT_FALSE(denied.has_value());
  }
  // Locked: even the right password gets exactly the same answer as a wrong one.
  auto locked = auth_.Login("planner@shop.example", kPassword, "r");
  ASSERT_FALSE(locked.has_value());
  auto unknown = auth_.Login("nobody@shop.example", kPassword, "r");
  EXPECT_EQ(locked.error().code, unknown.error().code);
  EXPECT_EQ(locked.error().message, unknown.error().message);
  EXPECT_EQ(CountAudit("auth.lockout"), 1);

  now_ += seconds(601);
  EXPECT_TRUE(auth_.Login("planner@shop.example", kPassword, "r").has_value());

  for (int i = 0; i < 3; ++i) (void)auth_.Login("planner@shop.example", "wrong-password-x", "r");
  EXPECT_FALSE(auth_.Login("planner@shop.example", kPassword, "r").has_value());
  ASSERT_TRUE(accounts_.Unlock(admin_, planner_.id));
  EXPECT_TRUE(auth_.Login("planner@shop.example", kPassword, "r").has_value());
  EXPECT_EQ(CountAudit("user.unlock"), 1);
  EXPECT_EQ(accounts_.Unlock(admin_, UserId(999)).error().code, ErrorCode::kNotFound);
}

TEST_F(SignInSessionTest, SuccessResetsTheFailureCount) {
  for (int i = 0; i < 2; ++i) (void)auth_.Login("planner@shop.example", "wrong-password-x", "r");
  SignIn();
  for (int i = 0; i < 2; ++i) (void)auth_.Login("planner@shop.example", "wrong-password-x", "r");
  EXPECT_TRUE(auth_.Login("planner@shop.example", kPassword, "r").has_value());
}

}  // namespace
}  // namespace takt::identity
