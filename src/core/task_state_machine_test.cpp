#include "core/task_state_machine.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace takt {
namespace {

constexpr TaskStatus kAll[] = {
    TaskStatus::kPending,   TaskStatus::kReady,  TaskStatus::kScheduled, TaskStatus::kInProgress,
    TaskStatus::kCompleted, TaskStatus::kFailed, TaskStatus::kCancelled};

TEST(TaskStateMachine, EveryTransitionFollowsTheTable) {
  const std::map<TaskStatus, std::set<TaskStatus>> legal = {
      {TaskStatus::kPending, {TaskStatus::kReady, TaskStatus::kCancelled}},
      {TaskStatus::kReady,
       {TaskStatus::kPending, TaskStatus::kScheduled, TaskStatus::kInProgress,
        TaskStatus::kCancelled}},
      {TaskStatus::kScheduled,
       {TaskStatus::kReady, TaskStatus::kInProgress, TaskStatus::kCancelled}},
      {TaskStatus::kInProgress, {TaskStatus::kCompleted, TaskStatus::kFailed}},
      {TaskStatus::kFailed, {TaskStatus::kReady, TaskStatus::kCancelled}},
      {TaskStatus::kCompleted, {}},
      {TaskStatus::kCancelled, {}},
  };
  for (const auto& [from, targets] : legal) {
    for (TaskStatus to : kAll) {
      auto r = CheckTaskTransition(from, to);
      EXPECT_EQ(r.has_value(), targets.count(to) == 1)
          << TaskStatusName(from) << "->" << TaskStatusName(to);
      if (!r) {
        EXPECT_EQ(r.error().code, ErrorCode::kConflict);
      }
    }
  }
}

TEST(TaskStateMachine, CompletingATaskThatNeverStartedSaysSo) {
  for (TaskStatus from : {TaskStatus::kPending, TaskStatus::kReady, TaskStatus::kScheduled}) {
    auto r = CheckTaskTransition(from, TaskStatus::kCompleted);
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message.find("has not started"), std::string::npos) << r.error().message;
  }
}

TEST(TaskStateMachine, FailOnlyFromInProgress) {
  auto r = CheckTaskTransition(TaskStatus::kReady, TaskStatus::kFailed);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("only a task in progress can fail"), std::string::npos);
}

Task MakeTask(std::int64_t id, std::int64_t sequence, TaskStatus status) {
  Task t;
  t.id = TaskId{id};
  t.sequence = sequence;
  t.status = status;
  return t;
}

TEST(TaskPrecedence, DefaultIsFinishToStartAfterThePreviousSequence) {
  std::vector<Task> tasks = {MakeTask(1, 10, TaskStatus::kCompleted),
                             MakeTask(2, 20, TaskStatus::kInProgress),
                             MakeTask(3, 30, TaskStatus::kPending)};
  auto links = EffectivePredecessors(tasks, tasks[2]);
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].predecessor_id, TaskId{2});
  EXPECT_EQ(links[0].type, PrecedenceType::kFinishToStart);
  EXPECT_FALSE(PredecessorsSatisfied(tasks, tasks[2]));
  EXPECT_TRUE(PredecessorsSatisfied(tasks, tasks[1]));
  EXPECT_TRUE(EffectivePredecessors(tasks, tasks[0]).empty());
}

TEST(TaskPrecedence, StartToStartNeedsOnlyAStartedPredecessor) {
  std::vector<Task> tasks = {MakeTask(1, 10, TaskStatus::kReady),
                             MakeTask(2, 20, TaskStatus::kPending)};
  PrecedenceLink ss;
  ss.predecessor_sequence = 10;
  ss.type = PrecedenceType::kStartToStart;
  tasks[1].predecessors = {ss};
  EXPECT_FALSE(PredecessorsSatisfied(tasks, tasks[1]));
  tasks[0].status = TaskStatus::kInProgress;
  EXPECT_TRUE(PredecessorsSatisfied(tasks, tasks[1]));
}

TEST(TaskPrecedence, CancelledPredecessorsDoNotBlock) {
  std::vector<Task> tasks = {MakeTask(1, 10, TaskStatus::kCancelled),
                             MakeTask(2, 20, TaskStatus::kPending)};
  EXPECT_TRUE(PredecessorsSatisfied(tasks, tasks[1]));
}

TEST(TaskDuration, QuantityDependentOrFixed) {
  Task t;
  t.setup_minutes = 30;
  t.run_minutes_per_unit = 1.5;
  EXPECT_EQ(t.PlannedMinutes(10), 45);
  EXPECT_EQ(t.PlannedMinutes(3), 35);  // 34.5 rounds up
  t.fixed_duration_minutes = 120;
  EXPECT_EQ(t.PlannedMinutes(1000), 120);
}

TEST(TaskProgress, CountsCompletedAmongNonCancelled) {
  std::vector<Task> tasks = {
      MakeTask(1, 10, TaskStatus::kCompleted), MakeTask(2, 20, TaskStatus::kCancelled),
      MakeTask(3, 30, TaskStatus::kReady), MakeTask(4, 40, TaskStatus::kCompleted)};
  EXPECT_NEAR(JobProgressPercent(tasks), 66.666, 0.01);
  EXPECT_EQ(JobProgressPercent({}), 0.0);
}

TEST(TaskNames, RoundTrip) {
  for (TaskStatus s : kAll) EXPECT_EQ(ParseTaskStatus(TaskStatusName(s)), s);
  for (PrecedenceType p : {PrecedenceType::kFinishToStart, PrecedenceType::kStartToStart,
                           PrecedenceType::kFinishToFinish, PrecedenceType::kStartToFinish}) {
    EXPECT_EQ(ParsePrecedenceType(PrecedenceTypeName(p)), p);
  }
  EXPECT_EQ(ParseAttendance("SETUP_ONLY"), Attendance::kSetupOnly);
  EXPECT_FALSE(ParseAttendance("full").has_value());
}

}  // namespace
}  // namespace takt
