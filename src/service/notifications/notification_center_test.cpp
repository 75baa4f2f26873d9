#include "service/notifications/notification_center.hpp"

#include <gtest/gtest.h>

#include "storage/sqlite/sqlite_notification_store.hpp"
#include "storage/storage_test_backends.hpp"

namespace takt::service {
namespace {

Principal Holding(std::int64_t id, std::vector<std::string> roles) {
  Principal p;
  p.user_id = UserId(id);
  p.email = "u" + std::to_string(id) + "@shop.example";
  p.roles = std::move(roles);
  return p;
}

class NotificationCenterTest : public ::testing::Test {
 protected:
  storage::SqliteBackend backend_;
  storage::sqlite::SqliteNotificationStore store_;
  NotificationCenter center_{backend_.db(), store_};
};

TEST_F(NotificationCenterTest, NextActorsAreToldAndReadStateIsPerUser) {
  ASSERT_EQ(center_.JobStatusReached(Actor::System(), "7", "J-7", "PLANNED").value_or(-1), 2);
  ASSERT_EQ(center_.JobStatusReached(Actor::System(), "7", "J-7", "APPROVED").value_or(-1), 2);
  ASSERT_EQ(center_.JobStatusReached(Actor::System(), "7", "J-7", "IN_PROGRESS").value_or(-1), 0);

  const Principal manager = Holding(1, {"production_manager"});
  const Principal other_manager = Holding(2, {"production_manager"});
  const Principal supervisor = Holding(3, {"floor_supervisor"});
  const Principal viewer = Holding(4, {"viewer"});
  const Principal admin = Holding(5, {"admin"});

  auto mine = center_.List(manager, false, 0, 50);
  ASSERT_TRUE(mine.has_value());
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ(mine->front().kind, "job.awaiting_approval");
  EXPECT_EQ(mine->front().message, "Job J-7 awaits approval");
  EXPECT_EQ(center_.List(supervisor, false, 0, 50)->front().kind, "job.awaiting_release");
  EXPECT_TRUE(center_.List(viewer, false, 0, 50)->empty());
  EXPECT_EQ(center_.List(admin, false, 0, 50)->size(), 4u);

  ASSERT_TRUE(center_.MarkRead(manager, mine->front().id).has_value());
  EXPECT_TRUE(center_.List(manager, true, 0, 50)->empty());
  EXPECT_EQ(center_.List(other_manager, true, 0, 50)->size(), 1u);
  EXPECT_EQ(center_.MarkRead(viewer, mine->front().id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(center_.MarkRead(manager, 999).error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace takt::service
