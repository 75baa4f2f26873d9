// The UserStore contract: every backend's user store must pass these (typed tests; add a backend
// to `UserBackends`). Tests go through the ports only.
#include <gtest/gtest.h>

#include <algorithm>

#include "storage/sqlite/sqlite_user_store.hpp"
#include "storage/storage_test_backends.hpp"

namespace takt::storage {
namespace {

struct SqliteUserBackend : SqliteBackend {
  sqlite::SqliteUserStore user_store;
  UserStore& users() { return user_store; }
};

template <typename Backend>
class UserStoreContractTest : public ::testing::Test {
 protected:
  Backend backend_;
  Actor actor_ = Actor::System("test");

  static User Sample(std::string email, std::vector<std::string> roles) {
    User u;
    u.email = std::move(email);
    u.display_name = "Sample";
    u.roles = std::move(roles);
    u.password_hash = "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g";
    return u;
  }
  Result<User> Insert(const User& u) {
    return backend_.db().Write(actor_,
                               [&](Transaction& tx) { return backend_.users().Insert(tx, u); });
  }
};

using UserBackends = ::testing::Types<SqliteUserBackend>;
TYPED_TEST_SUITE(UserStoreContractTest, UserBackends);

TYPED_TEST(UserStoreContractTest, MigrationSeedsTheDefaultRoleMatrix) {
  auto roles = this->backend_.db().Read(
      [&](Transaction& tx) { return this->backend_.users().ListRoles(tx); });
  ASSERT_TRUE(roles.has_value()) << roles.error().message;
  ASSERT_EQ(roles->size(), DefaultRoles().size());
  for (const RoleDefinition& expected : DefaultRoles()) {
    auto it = std::find_if(roles->begin(), roles->end(),
                           [&](const RoleDefinition& r) { return r.name == expected.name; });
    ASSERT_NE(it, roles->end()) << expected.name;
    auto want = expected.permissions;
    std::sort(want.begin(), want.end());
    EXPECT_EQ(it->permissions, want) << expected.name;
    EXPECT_EQ(it->description, expected.description);
  }
}

TYPED_TEST(UserStoreContractTest, InsertGetFindAndList) {
  auto created = this->Insert(this->Sample("b@shop.example", {"viewer", "production_planner"}));
  ASSERT_TRUE(created.has_value()) << created.error().message;
  EXPECT_TRUE(created->id.valid());
  EXPECT_EQ(created->version, 1);
  EXPECT_TRUE(created->active);
  EXPECT_EQ(created->roles, (std::vector<std::string>{"production_planner", "viewer"}));
  EXPECT_GT(created->created_at.time_since_epoch().count(), 0);
  ASSERT_TRUE(this->Insert(this->Sample("a@shop.example", {"admin"})).has_value());

  auto found = this->backend_.db().Read(
      [&](Transaction& tx) { return this->backend_.users().FindByEmail(tx, "b@shop.example"); });
  ASSERT_TRUE(found.has_value());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, created->id);
  EXPECT_EQ((*found)->password_hash, created->password_hash);

  auto missing = this->backend_.db().Read(
      [&](Transaction& tx) { return this->backend_.users().FindByEmail(tx, "zz@shop.example"); });
  ASSERT_TRUE(missing.has_value());
  EXPECT_FALSE(missing->has_value());

  auto all =
      this->backend_.db().Read([&](Transaction& tx) { return this->backend_.users().List(tx); });
  ASSERT_TRUE(all.has_value());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].email, "a@shop.example");
  EXPECT_EQ((*all)[0].roles, std::vector<std::string>{"admin"});
  EXPECT_EQ((*all)[1].roles.size(), 2u);
}

TYPED_TEST(UserStoreContractTest, DuplicateEmailIsAConflictOnEmail) {
  ASSERT_TRUE(this->Insert(this->Sample("a@shop.example", {"viewer"})).has_value());
  auto again = this->Insert(this->Sample("a@shop.example", {"viewer"}));
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  ASSERT_FALSE(again.error().field_errors.empty());
  EXPECT_EQ(again.error().field_errors[0].field, "email");
}

TYPED_TEST(UserStoreContractTest, UnknownRoleIsRejectedAndNothingIsWritten) {
  auto bad = this->Insert(this->Sample("a@shop.example", {"viewer", "wizard"}));
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(bad.error().field_errors.size(), 1u);
  EXPECT_EQ(bad.error().field_errors[0].field, "roles[1]");
  auto all =
      this->backend_.db().Read([&](Transaction& tx) { return this->backend_.users().List(tx); });
  ASSERT_TRUE(all.has_value());
  EXPECT_TRUE(all->empty());
}

TYPED_TEST(UserStoreContractTest, SetActiveChecksVersion) {
  auto u = this->Insert(this->Sample("a@shop.example", {"viewer"}));
  ASSERT_TRUE(u.has_value());
  auto off = this->backend_.db().Write(this->actor_, [&](Transaction& tx) {
    return this->backend_.users().SetActive(tx, u->id, false, u->version);
  });
  ASSERT_TRUE(off.has_value()) << off.error().message;
  EXPECT_FALSE(off->active);
  EXPECT_EQ(off->version, 2);
  auto stale = this->backend_.db().Write(this->actor_, [&](Transaction& tx) {
    return this->backend_.users().SetActive(tx, u->id, true, 1);
  });
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  ASSERT_EQ(stale.error().details.size(), 1u);
  EXPECT_EQ(stale.error().details[0].second, "2");
}

TYPED_TEST(UserStoreContractTest, DeleteRemovesUserAndMemberships) {
  auto u = this->Insert(this->Sample("a@shop.example", {"viewer"}));
  ASSERT_TRUE(u.has_value());
  auto del = this->backend_.db().Write(
      this->actor_, [&](Transaction& tx) { return this->backend_.users().Delete(tx, u->id); });
  ASSERT_TRUE(del.has_value()) << del.error().message;
  auto get = this->backend_.db().Read(
      [&](Transaction& tx) { return this->backend_.users().Get(tx, u->id); });
  ASSERT_FALSE(get.has_value());
  EXPECT_EQ(get.error().code, ErrorCode::kNotFound);
  auto again = this->backend_.db().Write(
      this->actor_, [&](Transaction& tx) { return this->backend_.users().Delete(tx, u->id); });
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kNotFound);
  // The email is free again.
  EXPECT_TRUE(this->Insert(this->Sample("a@shop.example", {"viewer"})).has_value());
}

TYPED_TEST(UserStoreContractTest, GrantsOfRolesIsTheUnion) {
  auto grants = this->backend_.db().Read([&](Transaction& tx) {
    return this->backend_.users().GrantsOfRoles(
        tx, {"customer_service", "maintenance_technician", "ghost"});
  });
  ASSERT_TRUE(grants.has_value());
  EXPECT_TRUE(HasPermission(*grants, permission::kJobsCreate));
  EXPECT_TRUE(HasPermission(*grants, permission::kMachinesStatus));
  EXPECT_FALSE(HasPermission(*grants, permission::kJobsApprove));
  EXPECT_TRUE(std::is_sorted(grants->begin(), grants->end()));
}

TYPED_TEST(UserStoreContractTest, UpdateReplacesRolesNameAndActiveWithVersionCheck) {
  auto u = this->Insert(this->Sample("a@shop.example", {"viewer"}));
  ASSERT_TRUE(u.has_value());
  User changed = *u;
  changed.display_name = "Alex";
  changed.roles = {"floor_supervisor", "quality_inspector"};
  changed.active = false;
  auto updated = this->backend_.db().Write(this->actor_, [&](Transaction& tx) {
    return this->backend_.users().Update(tx, changed, u->version);
  });
  ASSERT_TRUE(updated.has_value()) << updated.error().message;
  EXPECT_EQ(updated->display_name, "Alex");
  EXPECT_EQ(updated->roles, (std::vector<std::string>{"floor_supervisor", "quality_inspector"}));
  EXPECT_FALSE(updated->active);
  EXPECT_EQ(updated->version, 2);
  EXPECT_EQ(updated->password_hash, u->password_hash);

  auto stale = this->backend_.db().Write(
      this->actor_, [&](Transaction& tx) { return this->backend_.users().Update(tx, changed, 1); });
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);

  changed.roles = {"ghost"};
  auto unknown = this->backend_.db().Write(
      this->actor_, [&](Transaction& tx) { return this->backend_.users().Update(tx, changed, 2); });
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, ErrorCode::kInvalidArgument);
}

TYPED_TEST(UserStoreContractTest, RolesAreDataThatCanBeAddedChangedAndRemoved) {
  auto& users = this->backend_.users();
  const RoleDefinition night{"night_lead", "Night shift lead", {"jobs:read", "tasks:*"}};
  auto inserted = this->backend_.db().Write(
      this->actor_, [&](Transaction& tx) { return users.InsertRole(tx, night); });
  ASSERT_TRUE(inserted.has_value()) << inserted.error().message;
  EXPECT_EQ(inserted->permissions, (std::vector<std::string>{"jobs:read", "tasks:*"}));
  auto duplicate = this->backend_.db().Write(
      this->actor_, [&](Transaction& tx) { return users.InsertRole(tx, night); });
  ASSERT_FALSE(duplicate.has_value());
  EXPECT_EQ(duplicate.error().code, ErrorCode::kConflict);

  const RoleDefinition changed{"night_lead", "Night lead", {"schedules:read"}};
  auto updated = this->backend_.db().Write(
      this->actor_, [&](Transaction& tx) { return users.UpdateRole(tx, changed); });
  ASSERT_TRUE(updated.has_value());
  EXPECT_EQ(updated->description, "Night lead");
  EXPECT_EQ(updated->permissions, std::vector<std::string>{"schedules:read"});

  ASSERT_TRUE(this->Insert(this->Sample("n@shop.example", {"night_lead"})).has_value());
  auto held = this->backend_.db().Write(
      this->actor_, [&](Transaction& tx) { return users.DeleteRole(tx, "night_lead"); });
  ASSERT_FALSE(held.has_value());
  EXPECT_EQ(held.error().code, ErrorCode::kConflict);

  auto ghost = this->backend_.db().Write(
      this->actor_, [&](Transaction& tx) { return users.DeleteRole(tx, "ghost"); });
  ASSERT_FALSE(ghost.has_value());
  EXPECT_EQ(ghost.error().code, ErrorCode::kNotFound);
}

TYPED_TEST(UserStoreContractTest, SearchFiltersSortsAndPages) {
  for (const char* email : {"c@shop.example", "a@shop.example", "b@other.example"}) {
    ASSERT_TRUE(this->Insert(this->Sample(email, {"viewer"})).has_value());
  }
  ASSERT_TRUE(this->Insert(this->Sample("d@shop.example", {"admin", "viewer"})).has_value());
  auto search = [&](const UserQuery& q) {
    return this->backend_.db().Read(
        [&](Transaction& tx) { return this->backend_.users().Search(tx, q); });
  };
  auto emails = [](const UserPage& page) {
    std::vector<std::string> out;
    for (const auto& u : page.items) out.push_back(u.email);
    return out;
  };
  UserQuery all;
  auto page = search(all);
  ASSERT_TRUE(page.has_value()) << page.error().message;
  EXPECT_EQ(page->total, 4);
  EXPECT_EQ(emails(*page), (std::vector<std::string>{"a@shop.example", "b@other.example",
                                                     "c@shop.example", "d@shop.example"}));
  EXPECT_EQ(page->items[3].roles, (std::vector<std::string>{"admin", "viewer"}));

  UserQuery admins;
  admins.role = "admin";
  EXPECT_EQ(emails(*search(admins)), std::vector<std::string>{"d@shop.example"});

  UserQuery shop;
  shop.q = "SHOP.EX";
  shop.descending = true;
  shop.limit = 2;
  shop.offset = 1;
  auto shop_page = search(shop);
  ASSERT_TRUE(shop_page.has_value());
  EXPECT_EQ(shop_page->total, 3);
  EXPECT_EQ(emails(*shop_page), (std::vector<std::string>{"c@shop.example", "a@shop.example"}));

  UserQuery inactive;
  inactive.active = false;
  EXPECT_EQ(search(inactive)->total, 0);

  UserQuery bad_sort;
  bad_sort.sort = "password_hash";
  auto bad = search(bad_sort);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace takt::storage
