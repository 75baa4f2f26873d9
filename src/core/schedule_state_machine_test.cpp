#include "core/schedule_state_machine.hpp"

#include <gtest/gtest.h>

namespace takt {
namespace {

TEST(ScheduleStateMachine, FollowsTheDomainLifeCycle) {
  EXPECT_TRUE(CheckScheduleTransition(ScheduleStatus::kDraft, ScheduleStatus::kPublished));
  EXPECT_TRUE(CheckScheduleTransition(ScheduleStatus::kPublished, ScheduleStatus::kActive));
  EXPECT_TRUE(CheckScheduleTransition(ScheduleStatus::kActive, ScheduleStatus::kCompleted));
  EXPECT_TRUE(CheckScheduleTransition(ScheduleStatus::kActive, ScheduleStatus::kSuperseded));
  EXPECT_TRUE(CheckScheduleTransition(ScheduleStatus::kDraft, ScheduleStatus::kCancelled));
}

TEST(ScheduleStateMachine, RejectsSkippingPublishWithTheAllowedTargets) {
  auto result = CheckScheduleTransition(ScheduleStatus::kDraft, ScheduleStatus::kActive);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kConflict);
  ASSERT_EQ(result.error().details.size(), 2u);
  EXPECT_EQ(result.error().details[0].second, "DRAFT");
  EXPECT_EQ(result.error().details[1].second, "PUBLISHED,CANCELLED");
}

TEST(ScheduleStateMachine, TerminalStatusesAcceptNothing) {
  for (auto s :
       {ScheduleStatus::kCompleted, ScheduleStatus::kCancelled, ScheduleStatus::kSuperseded}) {
    EXPECT_TRUE(IsTerminal(s));
    EXPECT_FALSE(CheckScheduleTransition(s, ScheduleStatus::kCancelled));
  }
}

TEST(ScheduleStateMachine, OnlyDraftsAreEditedInPlace) {
  EXPECT_TRUE(CheckScheduleEditable(ScheduleStatus::kDraft));
  EXPECT_FALSE(CheckScheduleEditable(ScheduleStatus::kPublished));
  EXPECT_FALSE(CheckScheduleEditable(ScheduleStatus::kActive));
}

TEST(ScheduleStatusNames, RoundTrip) {
  for (auto s :
       {ScheduleStatus::kDraft, ScheduleStatus::kPublished, ScheduleStatus::kActive,
        ScheduleStatus::kCompleted, ScheduleStatus::kCancelled, ScheduleStatus::kSuperseded}) {
    EXPECT_EQ(ParseScheduleStatus(ScheduleStatusName(s)), s);
  }
  EXPECT_FALSE(ParseScheduleStatus("draft"));
}

}  // namespace
}  // namespace takt
