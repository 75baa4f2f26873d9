#include "core/notification.hpp"

#include <gtest/gtest.h>

namespace takt {
namespace {

TEST(NotificationRoutingTest, TheRolesThatActNextAreTold) {
  EXPECT_EQ(NextActorsForJobStatus("PLANNED").roles,
            (std::vector<std::string>{"production_manager", "quality_inspector"}));
  EXPECT_EQ(NextActorsForJobStatus("APPROVED").roles,
            (std::vector<std::string>{"floor_supervisor", "production_planner"}));
  EXPECT_EQ(NextActorsForJobStatus("RELEASED").kind, "job.released");
  EXPECT_TRUE(NextActorsForJobStatus("IN_PROGRESS").roles.empty());
  EXPECT_TRUE(NextActorsForJobStatus("nonsense").roles.empty());
}

}  // namespace
}  // namespace takt
