#include "service/identity/user_accounts.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "service/identity/role_catalog.hpp"
#include "storage/sqlite/sqlite_session_store.hpp"
#include "storage/sqlite/sqlite_user_store.hpp"
#include "storage/storage_test_backends.hpp"

namespace takt::identity {
namespace {

class UserAccountsTest : public ::testing::Test {
 protected:
  storage::SqliteBackend backend_;
  storage::sqlite::SqliteUserStore users_;
  PasswordHasher hasher_{PasswordCost::Minimum()};
  storage::sqlite::SqliteSessionStore sessions_;
  UserAccounts accounts_{backend_.db(), users_, sessions_, backend_.audit(), hasher_};
  RoleCatalog roles_{backend_.db(), users_, backend_.audit()};
  Actor cli_ = Actor::System("cli");

  User Create(const std::string& email, std::vector<std::string> roles) {
    auto user = accounts_.Create(cli_, {email, std::nullopt, std::move(roles)}, "a long password");
    EXPECT_TRUE(user.has_value()) << (user ? "" : user.error().message);
    return user.value_or(User{});
  }
  std::vector<std::string> AuditActions() {
    auto page = backend_.db().Read(
        [&](storage::Transaction& tx) { return backend_.audit().Page(tx, 0, 1000); });
    std::vector<std::string> actions;
    for (const auto& e : page.value_or(std::vector<storage::AuditEntry>{})) {
      actions.push_back(e.action);
    }
    return actions;
  }
};

TEST_F(UserAccountsTest, UpdateChangesOnlyWhatIsGiven) {
  const User u = Create("op@shop.example", {"machine_operator"});
  UserChanges changes;
  changes.roles = std::vector<std::string>{"floor_supervisor"};
  auto updated = accounts_.Update(cli_, u.id, changes, std::nullopt);
  ASSERT_TRUE(updated.has_value()) << updated.error().message;
  EXPECT_EQ(updated->roles, std::vector<std::string>{"floor_supervisor"});
  EXPECT_EQ(updated->display_name, "op");
  EXPECT_TRUE(updated->active);
  EXPECT_EQ(updated->version, 2);

  UserChanges rename;
  rename.display_name = "  Olga  ";
  auto renamed = accounts_.Update(cli_, u.id, rename, 2);
  ASSERT_TRUE(renamed.has_value());
  EXPECT_EQ(renamed->display_name, "Olga");
  auto stale = accounts_.Update(cli_, u.id, rename, 2);
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  EXPECT_EQ(AuditActions(),
            (std::vector<std::string>{"user.create", "user.update", "user.update"}));
}

TEST_F(UserAccountsTest, UpdateReportsEveryBadFieldAndChangesNothing) {
  const User u = Create("op@shop.example", {"machine_operator"});
  UserChanges changes;
  changes.display_name = "";
  changes.roles = std::vector<std::string>{"viewer", "viewer"};
  auto bad = accounts_.Update(cli_, u.id, changes, std::nullopt);
  ASSERT_FALSE(bad.has_value());
  std::vector<std::string> fields;
  for (const auto& f : bad.error().field_errors) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"display_name", "roles[1]"}));

  UserChanges unknown;
  unknown.roles = std::vector<std::string>{"wizard"};
  auto missing_role = accounts_.Update(cli_, u.id, unknown, std::nullopt);
  ASSERT_FALSE(missing_role.has_value());
  EXPECT_EQ(missing_role.error().field_errors.at(0).field, "roles[0]");
  EXPECT_EQ(accounts_.Get(u.id)->version, 1);

  auto nobody = accounts_.Update(cli_, UserId(999), UserChanges{}, std::nullopt);
  ASSERT_FALSE(nobody.has_value());
  EXPECT_EQ(nobody.error().code, ErrorCode::kNotFound);
}

TEST_F(UserAccountsTest, NobodyDeactivatesOrDeletesTheirOwnAccount) {
  const User admin = Create("root@shop.example", {"admin"});
  const Actor self{admin.id, admin.email, "r"};
  UserChanges off;
  off.active = false;
  auto deactivated = accounts_.Update(self, admin.id, off, std::nullopt);
  ASSERT_FALSE(deactivated.has_value());
  EXPECT_EQ(deactivated.error().field_errors.at(0).field, "active");
  auto deleted = accounts_.DeleteById(self, admin.id);
  ASSERT_FALSE(deleted.has_value());
  EXPECT_EQ(deleted.error().code, ErrorCode::kConflict);

  const User other = Create("other@shop.example", {"viewer"});
  EXPECT_TRUE(accounts_.Update(self, other.id, off, std::nullopt).has_value());
  EXPECT_TRUE(accounts_.DeleteById(self, other.id).has_value());
  EXPECT_EQ(accounts_.Get(other.id).error().code, ErrorCode::kNotFound);
}

TEST_F(UserAccountsTest, RolesCanBeAddedEditedAndRemovedWithinLimits) {
  auto created = roles_.Create(cli_, {"night_lead", "Night shift lead", {"jobs:read", "tasks:*"}});
  ASSERT_TRUE(created.has_value()) << created.error().message;
  const User u = Create("night@shop.example", {"night_lead"});
  EXPECT_EQ(u.roles, std::vector<std::string>{"night_lead"});

  auto edited = roles_.Update(cli_, {"night_lead", "Lead", {"schedules:read"}});
  ASSERT_TRUE(edited.has_value());
  EXPECT_EQ(edited->permissions, std::vector<std::string>{"schedules:read"});

  auto held = roles_.Delete(cli_, "night_lead");
  ASSERT_FALSE(held.has_value());
  EXPECT_EQ(held.error().code, ErrorCode::kConflict);
  ASSERT_TRUE(accounts_.DeleteById(cli_, u.id).has_value());
  EXPECT_TRUE(roles_.Delete(cli_, "night_lead").has_value());

  EXPECT_EQ(roles_.Update(cli_, {"admin", "", {"jobs:read"}}).error().code, ErrorCode::kConflict);
  EXPECT_EQ(roles_.Delete(cli_, "viewer").error().code, ErrorCode::kConflict);
  EXPECT_EQ(roles_.Update(cli_, {"ghost", "", {}}).error().code, ErrorCode::kNotFound);
}

TEST_F(UserAccountsTest, RoleGrantsMustBeDefinedPermissions) {
  auto bad = roles_.Create(cli_, {"Bad Name",
                                  std::string(201, 'd'),
                                  {"jobs:read", "jobs:fly", "nothing:*", "jobs", "jobs:read"}});
  ASSERT_FALSE(bad.has_value());
  std::vector<std::string> fields;
  for (const auto& f : bad.error().field_errors) fields.push_back(f.field);
  EXPECT_EQ(fields,
            (std::vector<std::string>{"name", "description", "permissions[1]", "permissions[2]",
                                      "permissions[3]", "permissions[4]"}));
  EXPECT_TRUE(roles_.Create(cli_, {"auditor", "", {"audit:*", "*"}}).has_value());
}

TEST_F(UserAccountsTest, PasswordsAreChangedOnlyWithTheCurrentOne) {
  const User u = Create("op@shop.example", {"machine_operator"});
  const Actor self{u.id, u.email, "r"};
  EXPECT_TRUE(accounts_.ConfirmPassword(u.id, "a long password").has_value());
  EXPECT_EQ(accounts_.ConfirmPassword(u.id, "wrong password").error().code,
            ErrorCode::kUnauthenticated);
  EXPECT_EQ(accounts_.ConfirmPassword(UserId(999), "a long password").error().code,
            ErrorCode::kUnauthenticated);

  auto bad = accounts_.ChangeOwnPassword(self, "wrong password", "short");
  ASSERT_FALSE(bad.has_value());
  std::vector<std::string> fields;
  for (const auto& f : bad.error().field_errors) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"current_password", "new_password"}));
  auto same = accounts_.ChangeOwnPassword(self, "a long password", "a long password");
  ASSERT_FALSE(same.has_value());
  EXPECT_EQ(same.error().field_errors.at(0).field, "new_password");

  ASSERT_TRUE(accounts_.ChangeOwnPassword(self, "a long password", "a new long password"));
  EXPECT_FALSE(accounts_.ConfirmPassword(u.id, "a long password").has_value());
  EXPECT_TRUE(accounts_.ConfirmPassword(u.id, "a new long password").has_value());

  ASSERT_TRUE(accounts_.SetPassword(cli_, "OP@shop.example", "reset by operator"));
  EXPECT_TRUE(accounts_.ConfirmPassword(u.id, "reset by operator").has_value());
  EXPECT_EQ(accounts_.SetPassword(cli_, "nobody@shop.example", "reset by operator").error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(accounts_.SetPassword(cli_, "op@shop.example", "short").error().code,
            ErrorCode::kInvalidArgument);
  const auto actions = AuditActions();
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "user.password_change"), 1);
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "user.password_reset"), 1);
}

}  // namespace
}  // namespace takt::identity
