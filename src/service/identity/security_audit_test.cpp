#include "service/identity/security_audit.hpp"

#include <gtest/gtest.h>

#include "storage/storage_test_backends.hpp"

namespace takt::identity {
namespace {

class SecurityAuditTest : public ::testing::Test {
 protected:
  void Append(const std::string& action, const std::string& type, const std::string& id) {
    ASSERT_TRUE(backend_.db().Write(Actor::System("test"), [&](storage::Transaction& tx) {
      auto appended = backend_.audit().Append(tx, {action, type, id, "", "{\"k\":1}"});
      return appended ? Result<void>() : Fail(appended.error());
    }));
  }

  storage::SqliteBackend backend_;
  SecurityAudit audit_{backend_.db(), backend_.audit()};
};

TEST_F(SecurityAuditTest, PagesThroughUserAndRoleEventsOnlyInSequenceOrder) {
  Append("auth.login", "user", "1");
  Append("job.create", "job", "7");
  Append("role.update", "role", "night_lead");
  Append("auth.login_failed", "user", "2");
  Append("schedule.publish", "schedule", "3");
  Append("auth.lockout", "user", "2");

  SecurityEventQuery query;
  query.limit = 2;
  auto first = audit_.List(query);
  ASSERT_TRUE(first.has_value());
  ASSERT_EQ(first->items.size(), 2u);
  EXPECT_EQ(first->items[0].action, "auth.login");
  EXPECT_EQ(first->items[1].action, "role.update");
  ASSERT_TRUE(first->next_cursor.has_value());

  query.after_sequence = *first->next_cursor;
  auto second = audit_.List(query);
  ASSERT_TRUE(second.has_value());
  ASSERT_EQ(second->items.size(), 2u);
  EXPECT_EQ(second->items[0].action, "auth.login_failed");
  EXPECT_EQ(second->items[1].action, "auth.lockout");
  EXPECT_FALSE(second->next_cursor.has_value());

  SecurityEventQuery by_user;
  by_user.user_id = "2";
  auto about_two = audit_.List(by_user);
  ASSERT_TRUE(about_two.has_value());
  EXPECT_EQ(about_two->items.size(), 2u);

  SecurityEventQuery by_action;
  by_action.action = "auth.lockout";
  auto lockouts = audit_.List(by_action);
  ASSERT_TRUE(lockouts.has_value());
  ASSERT_EQ(lockouts->items.size(), 1u);
  EXPECT_EQ(lockouts->items[0].entity_id, "2");
}

}  // namespace
}  // namespace takt::identity
