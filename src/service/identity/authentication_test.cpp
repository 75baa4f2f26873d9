#include "service/identity/authentication.hpp"

#include <gtest/gtest.h>

#include "service/identity/user_accounts.hpp"
#include "storage/sqlite/sqlite_session_store.hpp"
#include "storage/sqlite/sqlite_user_store.hpp"
#include "storage/storage_test_backends.hpp"

namespace takt::identity {
namespace {

using std::chrono::seconds;

class AuthenticationTest : public ::testing::Test {
 protected:
  storage::SqliteBackend backend_;
  storage::sqlite::SqliteUserStore users_;
  storage::sqlite::SqliteSessionStore sessions_;
  PasswordHasher hasher_{PasswordCost::Minimum()};
  AccessTokenCodec codec_{std::string(32, 's')};
  Instant now_ = Instant(seconds(1'800'000'000));
  UserAccounts accounts_{backend_.db(), users_, sessions_, backend_.audit(), hasher_};
  Authentication auth_{backend_.db(), users_, sessions_,      backend_.audit(),
                       hasher_,       codec_, SignInPolicy{}, [this] { return now_; }};
  Actor admin_ = Actor::System("cli");

  User CreatePlanner() {
    auto user =
        accounts_.Create(admin_, {"Planner@Shop.Example", "Pat Planner", {"production_planner"}},
                         "plan-all-the-things");
    EXPECT_TRUE(user.has_value()) << (user ? "" : user.error().message);
    return user.value_or(User{});
  }

  std::vector<storage::AuditEntry> Audit() {
    auto page = backend_.db().Read(
        [&](storage::Transaction& tx) { return backend_.audit().Page(tx, 0, 1000); });
    EXPECT_TRUE(page.has_value());
    return page.value_or(std::vector<storage::AuditEntry>{});
  }
};

TEST_F(AuthenticationTest, LoginIssuesATokenThatAuthenticates) {
  const User planner = CreatePlanner();
  auto login = auth_.Login("  PLANNER@shop.example", "plan-all-the-things", "req-1");
  ASSERT_TRUE(login.has_value()) << login.error().message;
  EXPECT_EQ(login->expires_in, seconds(900));
  EXPECT_EQ(login->user.id, planner.id);
  auto claims = codec_.Verify(login->access_token, now_);
  ASSERT_TRUE(claims.has_value());
  EXPECT_EQ(claims->expires_at, now_ + seconds(900));

  auto principal = auth_.Authenticate(login->access_token);
  ASSERT_TRUE(principal.has_value()) << principal.error().message;
  EXPECT_EQ(principal->user_id, planner.id);
  EXPECT_EQ(principal->email, "planner@shop.example");
  EXPECT_EQ(principal->roles, std::vector<std::string>{"production_planner"});
  EXPECT_EQ(principal->token_id, claims->token_id);
  EXPECT_TRUE(principal->HasPermission(permission::kSchedulesOptimize));
  EXPECT_FALSE(principal->HasPermission(permission::kSchedulesPublish));
  EXPECT_FALSE(principal->HasPermission(permission::kUsersManage));
}

TEST_F(AuthenticationTest, FailuresLookTheSameWhetherOrNotTheEmailExists) {
  CreatePlanner();
  auto wrong_password = auth_.Login("planner@shop.example", "not-the-password", "r");
  auto unknown_email = auth_.Login("nobody@shop.example", "plan-all-the-things", "r");
  auto malformed_email = auth_.Login("not an email", "plan-all-the-things", "r");
  for (const auto* r : {&wrong_password, &unknown_email, &malformed_email}) {
    ASSERT_FALSE(r->has_value());
    EXPECT_EQ(r->error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(r->error().message, "invalid email or password");
  }
}

TEST_F(AuthenticationTest, DeactivatedUserCannotLogInAndItsTokensStopWorking) {
  CreatePlanner();
  auto login = auth_.Login("planner@shop.example", "plan-all-the-things", "r");
  ASSERT_TRUE(login.has_value());
  ASSERT_TRUE(accounts_.SetActive(admin_, "planner@shop.example", false).has_value());
  auto principal = auth_.Authenticate(login->access_token);
  ASSERT_FALSE(principal.has_value());
  EXPECT_EQ(principal.error().code, ErrorCode::kUnauthenticated);
  auto again = auth_.Login("planner@shop.example", "plan-all-the-things", "r");
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().message, "invalid email or password");

  ASSERT_TRUE(accounts_.SetActive(admin_, "planner@shop.example", true).has_value());
  EXPECT_TRUE(auth_.Authenticate(login->access_token).has_value());
}

TEST_F(AuthenticationTest, DeletedUsersTokenFails) {
  CreatePlanner();
  auto login = auth_.Login("planner@shop.example", "plan-all-the-things", "r");
  ASSERT_TRUE(login.has_value());
  ASSERT_TRUE(accounts_.Delete(admin_, "planner@shop.example").has_value());
  auto principal = auth_.Authenticate(login->access_token);
  ASSERT_FALSE(principal.has_value());
  EXPECT_EQ(principal.error().code, ErrorCode::kUnauthenticated);
}

TEST_F(AuthenticationTest, TokenExpiresAfterTtlPlusSkew) {
  CreatePlanner();
  auto login = auth_.Login("planner@shop.example", "plan-all-the-things", "r");
  ASSERT_TRUE(login.has_value());
  now_ += seconds(900 + 60);
  EXPECT_TRUE(auth_.Authenticate(login->access_token).has_value());
  now_ += seconds(1);
  auto expired = auth_.Authenticate(login->access_token);
  ASSERT_FALSE(expired.has_value());
  EXPECT_EQ(expired.error().code, ErrorCode::kUnauthenticated);
}

TEST_F(AuthenticationTest, AuditRecordsAttemptsButNeverSecrets) {
  const User planner = CreatePlanner();
  ASSERT_TRUE(auth_.Login("planner@shop.example", "plan-all-the-things", "req-ok"));
  ASSERT_FALSE(auth_.Login("planner@shop.example", "wrong-password-1", "req-bad"));
  const auto entries = Audit();
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].action, "user.create");
  EXPECT_EQ(entries[1].action, "auth.login");
  EXPECT_EQ(entries[1].actor_user_id, planner.id.value());
  EXPECT_EQ(entries[1].request_id, "req-ok");
  EXPECT_EQ(entries[2].action, "auth.login_failed");
  EXPECT_NE(entries[2].after_json.find("wrong_password"), std::string::npos);
  for (const auto& e : entries) {
    for (const std::string& text : {e.before_json, e.after_json}) {
      EXPECT_EQ(text.find("plan-all-the-things"), std::string::npos);
      EXPECT_EQ(text.find("wrong-password-1"), std::string::npos);
      EXPECT_EQ(text.find("$argon2id$"), std::string::npos);
    }
  }
}

TEST_F(AuthenticationTest, LoginUpgradesAWeakerHash) {
  PasswordHasher stronger({2, std::size_t{16} * 1024});
  Authentication auth(backend_.db(), users_, sessions_, backend_.audit(), stronger, codec_,
                      SignInPolicy{}, [this] { return now_; });
  const User planner = CreatePlanner();
  ASSERT_TRUE(stronger.NeedsRehash(planner.password_hash));
  auto login = auth.Login("planner@shop.example", "plan-all-the-things", "r");
  ASSERT_TRUE(login.has_value());
  auto stored = accounts_.Get(planner.id);
  ASSERT_TRUE(stored.has_value());
  EXPECT_FALSE(stronger.NeedsRehash(stored->password_hash));
  EXPECT_TRUE(stronger.Verify(stored->password_hash, "plan-all-the-things"));
}

TEST_F(AuthenticationTest, CreateReportsEveryBadFieldAndWritesNothing) {
  auto bad = accounts_.Create(admin_, {"no-at-sign", std::nullopt, {"wizard!"}}, "short");
  ASSERT_FALSE(bad.has_value());
  std::vector<std::string> fields;
  for (const auto& f : bad.error().field_errors) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"email", "roles[0]", "password"}));

  auto unknown_role = accounts_.Create(admin_, {"a@shop.example", std::nullopt, {"wizard"}},
                                       "long enough password");
  ASSERT_FALSE(unknown_role.has_value());
  EXPECT_EQ(unknown_role.error().field_errors.at(0).field, "roles[0]");
  CreatePlanner();
  auto duplicate = accounts_.Create(admin_, {"planner@SHOP.example", std::nullopt, {"viewer"}},
                                    "long enough password");
  ASSERT_FALSE(duplicate.has_value());
  EXPECT_EQ(duplicate.error().code, ErrorCode::kConflict);
  auto all = accounts_.List();
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(all->size(), 1u);
}

TEST_F(AuthenticationTest, AdminRoleGrantsEverything) {
  ASSERT_TRUE(accounts_.Create(admin_, {"root@shop.example", std::nullopt, {"admin"}},
                               "an admin password"));
  auto login = auth_.Login("root@shop.example", "an admin password", "r");
  ASSERT_TRUE(login.has_value());
  auto principal = auth_.Authenticate(login->access_token);
  ASSERT_TRUE(principal.has_value());
  for (const auto& p : AllPermissions()) EXPECT_TRUE(principal->HasPermission(p)) << p;
}

}  // namespace
}  // namespace takt::identity
