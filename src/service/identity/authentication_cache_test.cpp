// Authenticate answers repeat tokens from its PrincipalCache; these tests warm the cache first and
// then check that every change that must take effect at once still does on the very next call,
// including a change committed through another connection (as `takt user` in another process).
#include <gtest/gtest.h>

#include "service/identity/authentication.hpp"
#include "service/identity/role_catalog.hpp"
#include "service/identity/user_accounts.hpp"
#include "storage/sqlite/sqlite_session_store.hpp"
#include "storage/sqlite/sqlite_user_store.hpp"
#include "storage/storage_test_backends.hpp"

namespace takt::identity {
namespace {

using std::chrono::seconds;

class AuthenticationCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto user = accounts_.Create(admin_, {"lead@shop.example", "Lee Lead", {"night_lead"}},
                                 "lead-all-the-things");
    ASSERT_TRUE(user.has_value()) << user.error().message;
    user_ = *user;
    auto login = auth_.Login("lead@shop.example", "lead-all-the-things", "r");
    ASSERT_TRUE(login.has_value()) << login.error().message;
    token_ = login->access_token;
    // Warm the cache: the second call must be a hit.
    ASSERT_TRUE(auth_.Authenticate(token_).has_value());
    auto again = auth_.Authenticate(token_);
    ASSERT_TRUE(again.has_value());
    ASSERT_TRUE(again->HasPermission(permission::kUsersRead));
    ASSERT_EQ(auth_.cached_tokens(), 1u);
  }

  // A role created before the user, so the tests can change its grants.
  RoleDefinition NightLead(std::vector<std::string> grants) {
    return RoleDefinition{"night_lead", "Night shift lead", std::move(grants)};
  }

  storage::SqliteBackend backend_;
  storage::sqlite::SqliteUserStore users_;
  storage::sqlite::SqliteSessionStore sessions_;
  PasswordHasher hasher_{PasswordCost::Minimum()};
  AccessTokenCodec codec_{std::string(32, 'k')};
  Instant now_ = Instant(seconds(1'800'000'000));
  Actor admin_ = Actor::System("cli");
  RoleCatalog roles_{backend_.db(), users_, backend_.audit()};
  bool role_created_ = [this] {
    auto created = roles_.Create(admin_, NightLead({"jobs:read", "users:read"}));
    EXPECT_TRUE(created.has_value()) << (created ? "" : created.error().message);
    return created.has_value();
  }();
  UserAccounts accounts_{backend_.db(), users_, sessions_, backend_.audit(), hasher_};
  Authentication auth_{backend_.db(), users_, sessions_,      backend_.audit(),
                       hasher_,       codec_, SignInPolicy{}, [this] { return now_; }};
  User user_;
  std::string token_;
};

TEST_F(AuthenticationCacheTest, RevokedGrantOfARoleAppliesOnTheNextRequest) {
  ASSERT_TRUE(roles_.Update(admin_, NightLead({"jobs:read"})).has_value());
  auto principal = auth_.Authenticate(token_);
  ASSERT_TRUE(principal.has_value()) << principal.error().message;
  EXPECT_FALSE(principal->HasPermission(permission::kUsersRead));
  EXPECT_TRUE(principal->HasPermission(permission::kJobsRead));
}

TEST_F(AuthenticationCacheTest, DeactivatedUsersTokenIsRefusedAtOnce) {
  ASSERT_TRUE(accounts_.SetActive(admin_, "lead@shop.example", false).has_value());
  auto principal = auth_.Authenticate(token_);
  ASSERT_FALSE(principal.has_value());
  EXPECT_EQ(principal.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(principal.error().message, "invalid token: the user is deactivated");
}

TEST_F(AuthenticationCacheTest, RoleChangeOfTheUserAppliesOnTheNextRequest) {
  UserChanges changes;
  changes.roles = std::vector<std::string>{"viewer"};
  ASSERT_TRUE(accounts_.Update(admin_, user_.id, changes, std::nullopt).has_value());
  auto principal = auth_.Authenticate(token_);
  ASSERT_TRUE(principal.has_value());
  EXPECT_EQ(principal->roles, std::vector<std::string>{"viewer"});
  EXPECT_FALSE(principal->HasPermission(permission::kUsersRead));
}

TEST_F(AuthenticationCacheTest, LogoutRevokesTheCachedTokenAtOnce) {
  ASSERT_TRUE(auth_.Logout(token_, "r").has_value());
  auto principal = auth_.Authenticate(token_);
  ASSERT_FALSE(principal.has_value());
  EXPECT_EQ(principal.error().message, "invalid token: the token was revoked");
}

TEST_F(AuthenticationCacheTest, PasswordResetRevokesTheCachedTokenAtOnce) {
  ASSERT_TRUE(accounts_.SetPassword(admin_, "lead@shop.example", "a-brand-new-password"));
  EXPECT_FALSE(auth_.Authenticate(token_).has_value());
}

TEST_F(AuthenticationCacheTest, DeletedUsersTokenIsRefusedAtOnce) {
  ASSERT_TRUE(accounts_.Delete(admin_, "lead@shop.example").has_value());
  EXPECT_FALSE(auth_.Authenticate(token_).has_value());
}

TEST_F(AuthenticationCacheTest, ChangesCommittedByAnotherConnectionApplyAtOnce) {
  // A second database handle on the same file plays another process (e.g. `takt user`).
  storage::sqlite::SqliteOptions options;
  options.path = (backend_.dir.path() / "takt.db").string();
  options.checkpoint_wal_pages = 0;
  auto other = storage::sqlite::SqliteDatabase::Open(options);
  ASSERT_TRUE(other.has_value()) << other.error().message;
  storage::sqlite::SqliteAuditLog other_audit;
  UserAccounts other_accounts(**other, users_, sessions_, other_audit, hasher_);
  ASSERT_TRUE(other_accounts.SetActive(admin_, "lead@shop.example", false).has_value());
  EXPECT_FALSE(auth_.Authenticate(token_).has_value());
  ASSERT_TRUE(other_accounts.SetActive(admin_, "lead@shop.example", true).has_value());
  EXPECT_TRUE(auth_.Authenticate(token_).has_value());
}

TEST_F(AuthenticationCacheTest, RawSqlChangesApplyAtOnce) {
  // Even a change no use case made (an operator with a SQL shell) bumps the epoch: the triggers
  // live in the database, not in Takt's code.
  ASSERT_TRUE(backend_.database->ExecuteRawSql(
      "DELETE FROM role_permissions WHERE role = 'night_lead' AND permission = 'users:read'"));
  auto principal = auth_.Authenticate(token_);
  ASSERT_TRUE(principal.has_value());
  EXPECT_FALSE(principal->HasPermission(permission::kUsersRead));
  ASSERT_TRUE(backend_.database->ExecuteRawSql("UPDATE users SET active = 0"));
  EXPECT_FALSE(auth_.Authenticate(token_).has_value());
}

TEST_F(AuthenticationCacheTest, ACachedTokenStillExpires) {
  now_ += seconds(900 + 60);
  EXPECT_TRUE(auth_.Authenticate(token_).has_value());
  now_ += seconds(1);
  auto expired = auth_.Authenticate(token_);
  ASSERT_FALSE(expired.has_value());
  EXPECT_EQ(expired.error().code, ErrorCode::kUnauthenticated);
}

TEST_F(AuthenticationCacheTest, AnAlteredTokenIsNotServedFromTheCache) {
  std::string forged = token_;
  forged.back() = forged.back() == 'A' ? 'B' : 'A';
  auto refused = auth_.Authenticate(forged);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(auth_.cached_tokens(), 1u);
}

TEST_F(AuthenticationCacheTest, UnrelatedWritesKeepTheCacheValid) {
  auto before =
      backend_.db().Read([&](storage::Transaction& tx) { return sessions_.SecurityEpoch(tx); });
  ASSERT_TRUE(before.has_value());
  // A failed sign-in touches only login_failures and the audit log.
  ASSERT_FALSE(auth_.Login("lead@shop.example", "not-the-password", "r").has_value());
  auto after =
      backend_.db().Read([&](storage::Transaction& tx) { return sessions_.SecurityEpoch(tx); });
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(*after, *before);
}

}  // namespace
}  // namespace takt::identity
