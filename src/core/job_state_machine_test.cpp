#include "core/job_state_machine.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace takt {
namespace {

constexpr JobStatus kAll[] = {JobStatus::kPlanned,    JobStatus::kApproved, JobStatus::kReleased,
                              JobStatus::kInProgress, JobStatus::kOnHold,   JobStatus::kCompleted,
                              JobStatus::kCancelled};

std::string Detail(const Error& e, const std::string& key) {
  for (const auto& [k, v] : e.details) {
    if (k == key) return v;
  }
  return "<missing>";
}

// The whole table of person-driven transitions (ON_HOLD is checked separately, it depends on the
// state before the hold).
TEST(JobStateMachine, EveryPersonTransitionFollowsTheTable) {
  const std::map<JobStatus, std::set<JobStatus>> legal = {
      {JobStatus::kPlanned, {JobStatus::kApproved, JobStatus::kOnHold, JobStatus::kCancelled}},
      {JobStatus::kApproved, {JobStatus::kReleased, JobStatus::kOnHold, JobStatus::kCancelled}},
      {JobStatus::kReleased, {JobStatus::kOnHold, JobStatus::kCancelled}},
      {JobStatus::kInProgress, {JobStatus::kOnHold, JobStatus::kCancelled}},
      {JobStatus::kCompleted, {}},
      {JobStatus::kCancelled, {}},
  };
  for (const auto& [from, targets] : legal) {
    for (JobStatus to : kAll) {
      auto r = PlanJobTransition(from, std::nullopt, to, TransitionOrigin::kPerson);
      if (targets.count(to)) {
        ASSERT_TRUE(r.has_value()) << JobStatusName(from) << "->" << JobStatusName(to);
        EXPECT_EQ(r->to, to);
        EXPECT_EQ(r->from, from);
      } else {
        ASSERT_FALSE(r.has_value()) << JobStatusName(from) << "->" << JobStatusName(to);
        EXPECT_EQ(r.error().code, ErrorCode::kConflict);
        EXPECT_EQ(Detail(r.error(), "current_status"), JobStatusName(from));
      }
    }
  }
}

TEST(JobStateMachine, ActionsNameWhatHappens) {
  auto approve = PlanJobTransition(JobStatus::kPlanned, std::nullopt, JobStatus::kApproved,
                                   TransitionOrigin::kPerson);
  EXPECT_EQ(approve->action, JobAction::kApprove);
  auto release = PlanJobTransition(JobStatus::kApproved, std::nullopt, JobStatus::kReleased,
                                   TransitionOrigin::kPerson);
  EXPECT_EQ(release->action, JobAction::kRelease);
  auto cancel = PlanJobTransition(JobStatus::kReleased, std::nullopt, JobStatus::kCancelled,
                                  TransitionOrigin::kPerson);
  EXPECT_EQ(cancel->action, JobAction::kCancel);
  EXPECT_STREQ(JobActionName(JobAction::kRelease), "release");
}

TEST(JobStateMachine, HoldRemembersTheStateAndResumeReturnsThere) {
  for (JobStatus from :
       {JobStatus::kPlanned, JobStatus::kApproved, JobStatus::kReleased, JobStatus::kInProgress}) {
    auto hold =
        PlanJobTransition(from, std::nullopt, JobStatus::kOnHold, TransitionOrigin::kPerson);
    ASSERT_TRUE(hold.has_value());
    EXPECT_EQ(hold->action, JobAction::kHold);
    ASSERT_TRUE(hold->status_before_hold.has_value());
    EXPECT_EQ(*hold->status_before_hold, from);

    for (JobStatus to : kAll) {
      auto r = PlanJobTransition(JobStatus::kOnHold, from, to, TransitionOrigin::kPerson);
      const bool legal = to == from || to == JobStatus::kCancelled;
      EXPECT_EQ(r.has_value(), legal)
          << "ON_HOLD(" << JobStatusName(from) << ")->" << JobStatusName(to);
      if (r && to == from) {
        EXPECT_EQ(r->action, JobAction::kResume);
        EXPECT_FALSE(r->status_before_hold.has_value());
      }
    }
  }
}

TEST(JobStateMachine, IllegalTransitionNamesCurrentAndAllowed) {
  auto r = PlanJobTransition(JobStatus::kPlanned, std::nullopt, JobStatus::kReleased,
                             TransitionOrigin::kPerson);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(Detail(r.error(), "allowed"), "APPROVED,ON_HOLD,CANCELLED");
  EXPECT_NE(r.error().message.find("PLANNED"), std::string::npos);
  EXPECT_NE(r.error().message.find("allowed: APPROVED"), std::string::npos);

  auto done = PlanJobTransition(JobStatus::kCompleted, std::nullopt, JobStatus::kCancelled,
                                TransitionOrigin::kPerson);
  ASSERT_FALSE(done.has_value());
  EXPECT_EQ(Detail(done.error(), "allowed"), "");
}

TEST(JobStateMachine, PeopleCannotSetProgressStatesByHand) {
  auto start = PlanJobTransition(JobStatus::kReleased, std::nullopt, JobStatus::kInProgress,
                                 TransitionOrigin::kPerson);
  ASSERT_FALSE(start.has_value());
  EXPECT_NE(start.error().message.find("first task starts"), std::string::npos);
  auto complete = PlanJobTransition(JobStatus::kInProgress, std::nullopt, JobStatus::kCompleted,
                                    TransitionOrigin::kPerson);
  EXPECT_FALSE(complete.has_value());
}

TEST(JobStateMachine, TaskProgressDrivesStartAndCompletionOnly) {
  for (JobStatus from : kAll) {
    for (JobStatus to : kAll) {
      auto r = PlanJobTransition(from, std::nullopt, to, TransitionOrigin::kTaskProgress);
      const bool legal = (from == JobStatus::kReleased && to == JobStatus::kInProgress) ||
                         (from == JobStatus::kInProgress && to == JobStatus::kCompleted);
      EXPECT_EQ(r.has_value(), legal) << JobStatusName(from) << "->" << JobStatusName(to);
    }
  }
}

TEST(JobStatusNames, RoundTrip) {
  for (JobStatus s : kAll) EXPECT_EQ(ParseJobStatus(JobStatusName(s)), s);
  EXPECT_FALSE(ParseJobStatus("planned").has_value());
  for (JobPriority p :
       {JobPriority::kLow, JobPriority::kNormal, JobPriority::kHigh, JobPriority::kUrgent}) {
    EXPECT_EQ(ParseJobPriority(JobPriorityName(p)), p);
  }
  EXPECT_EQ(JobPriorityWeight(JobPriority::kLow), 1);
  EXPECT_EQ(JobPriorityWeight(JobPriority::kNormal), 2);
  EXPECT_EQ(JobPriorityWeight(JobPriority::kHigh), 4);
  EXPECT_EQ(JobPriorityWeight(JobPriority::kUrgent), 8);
}

TEST(Job, OverdueOnlyWhileUnfinished) {
  Job job;
  job.due_date = Instant{std::chrono::seconds{1000}};
  const Instant later{std::chrono::seconds{2000}};
  EXPECT_TRUE(job.IsOverdue(later));
  EXPECT_FALSE(job.IsOverdue(Instant{std::chrono::seconds{500}}));
  job.status = JobStatus::kCompleted;
  EXPECT_FALSE(job.IsOverdue(later));
}

}  // namespace
}  // namespace takt
