// Contract tests of ScheduleStore, run against every backend (SQLite today).
#include <gtest/gtest.h>

#include "storage/schedule_store.hpp"
#include "storage/sqlite/sqlite_schedule_store.hpp"
#include "storage/storage_test_backends.hpp"

namespace takt::storage {
namespace {

Instant At(std::int64_t seconds) { return Instant{std::chrono::seconds(seconds)}; }

Schedule SampleSchedule(int assignments) {
  Schedule s;
  s.name = "week 48";
  s.horizon_start = At(1'700'000'000);
  s.job_ids = {JobId{3}, JobId{5}};
  s.objective = "makespan";
  s.created_by = "planner@example.com";
  s.kpis.makespan_minutes = 480;
  s.kpis.late_jobs = 1;
  s.violations = {{"calendar", "task 7 runs on Sunday", true}};
  for (int i = 0; i < assignments; ++i) {
    ScheduleAssignment a;
    a.task_id = TaskId{100 + i};
    a.job_id = JobId{3};
    a.machine_id = MachineId{2};
    a.operator_ids = {OperatorId{4}, OperatorId{9}};
    a.setup_start = At(1'700'000'000 + i * 600);
    a.start = At(1'700'000'000 + i * 600 + 60);
    a.end = At(1'700'000'000 + i * 600 + 540);
    a.setup_minutes = 1;
    s.assignments.push_back(a);
  }
  return s;
}

class ScheduleStoreContract : public ::testing::Test {
 protected:
  SqliteBackend backend_;
  sqlite::SqliteScheduleStore store_;
  Actor actor_ = Actor::System("test");
};

TEST_F(ScheduleStoreContract, InsertThenGetRoundTripsEveryField) {
  auto stored = backend_.db().Write(
      actor_, [&](Transaction& tx) { return store_.Insert(tx, SampleSchedule(3)); });
  ASSERT_TRUE(stored) << stored.error().message;
  auto loaded = backend_.db().Read([&](Transaction& tx) { return store_.Get(tx, stored->id); });
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->name, "week 48");
  EXPECT_EQ(loaded->version, 1);
  EXPECT_EQ(loaded->job_ids, (std::vector<JobId>{JobId{3}, JobId{5}}));
  EXPECT_EQ(loaded->kpis.makespan_minutes, 480);
  ASSERT_EQ(loaded->violations.size(), 1u);
  EXPECT_EQ(loaded->violations[0].message, "task 7 runs on Sunday");
  ASSERT_EQ(loaded->assignments.size(), 3u);
  EXPECT_EQ(loaded->assignments, SampleSchedule(3).assignments);
  EXPECT_EQ(loaded->assignment_count, 3);
  auto header =
      backend_.db().Read([&](Transaction& tx) { return store_.GetHeader(tx, stored->id); });
  ASSERT_TRUE(header);
  EXPECT_TRUE(header->assignments.empty());
  EXPECT_EQ(header->assignment_count, 3);
  auto missing =
      backend_.db().Read([&](Transaction& tx) { return store_.GetHeader(tx, ScheduleId{999}); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_F(ScheduleStoreContract, UpdateWithAStaleVersionIsAConflictNamingTheCurrentOne) {
  auto stored = backend_.db().Write(
      actor_, [&](Transaction& tx) { return store_.Insert(tx, SampleSchedule(1)); });
  ASSERT_TRUE(stored);
  Schedule changed = *stored;
  changed.status = ScheduleStatus::kPublished;
  auto first = backend_.db().Write(
      actor_, [&](Transaction& tx) { return store_.Update(tx, changed, 1, false); });
  ASSERT_TRUE(first);
  EXPECT_EQ(first->version, 2);
  EXPECT_EQ(first->assignments.size(), 1u);
  auto stale = backend_.db().Write(
      actor_, [&](Transaction& tx) { return store_.Update(tx, changed, 1, false); });
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  ASSERT_FALSE(stale.error().details.empty());
  EXPECT_EQ(stale.error().details[0].second, "2");
}

TEST_F(ScheduleStoreContract, ReplacingAssignmentsDropsTheOldOnes) {
  auto stored = backend_.db().Write(
      actor_, [&](Transaction& tx) { return store_.Insert(tx, SampleSchedule(5)); });
  ASSERT_TRUE(stored);
  Schedule changed = *stored;
  changed.assignments.resize(2);
  auto updated = backend_.db().Write(
      actor_, [&](Transaction& tx) { return store_.Update(tx, changed, changed.version, true); });
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->assignments.size(), 2u);
}

TEST_F(ScheduleStoreContract, ListFiltersByStatusNewestFirst) {
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(backend_.db().Write(actor_, [&](Transaction& tx) {
      Schedule s = SampleSchedule(1);
      if (i == 1) s.status = ScheduleStatus::kActive;
      return store_.Insert(tx, s);
    }));
  }
  auto page = backend_.db().Read([&](Transaction& tx) {
    return store_.List(tx, ScheduleFilter{{ScheduleStatus::kDraft}, 50, 0});
  });
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 2);
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_GT(page->items[0].id, page->items[1].id);
  EXPECT_TRUE(page->items[0].assignments.empty());
  auto placing = backend_.db().Read([&](Transaction& tx) {
    return store_.FindPlacing(tx, TaskId{100}, {ScheduleStatus::kActive});
  });
  ASSERT_TRUE(placing);
  EXPECT_EQ(placing->size(), 1u);
}

TEST_F(ScheduleStoreContract, RunsAndIdempotencyKeysRoundTrip) {
  auto stored = backend_.db().Write(
      actor_, [&](Transaction& tx) { return store_.Insert(tx, SampleSchedule(0)); });
  ASSERT_TRUE(stored);
  OptimizationRun run;
  run.schedule_id = stored->id;
  run.strategy = "makespan";
  run.seed = 42;
  run.time_limit_s = 5;
  run.engine_version = "test";
  run.created_by = "planner";
  auto inserted =
      backend_.db().Write(actor_, [&](Transaction& tx) { return store_.InsertRun(tx, run); });
  ASSERT_TRUE(inserted);
  EXPECT_EQ(inserted->state, RunState::kQueued);
  OptimizationRun done = *inserted;
  done.state = RunState::kSucceeded;
  done.outcome = RunOutcome::kTimeoutFallback;
  done.objective = 12.5;
  done.incumbent.makespan_minutes = 90;
  ASSERT_TRUE(backend_.db().Write(actor_, [&](Transaction& tx) {
    auto ok = store_.UpdateRun(tx, done);
    if (!ok) return Result<bool>(tl::unexpected(ok.error()));
    return Result<bool>(true);
  }));
  auto loaded = backend_.db().Read([&](Transaction& tx) { return store_.GetRun(tx, done.id); });
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->outcome, RunOutcome::kTimeoutFallback);
  EXPECT_EQ(loaded->objective, 12.5);
  EXPECT_EQ(loaded->seed, 42u);
  EXPECT_EQ(loaded->incumbent.makespan_minutes, 90);

  auto remembered = backend_.db().Write(actor_, [&](Transaction& tx) -> Result<bool> {
    auto ok = store_.RememberIdempotencyKey(tx, "k1", {"fp", stored->id, done.id});
    if (!ok) return Fail(ok.error());
    return true;
  });
  ASSERT_TRUE(remembered);
  auto found =
      backend_.db().Read([&](Transaction& tx) { return store_.FindIdempotencyKey(tx, "k1"); });
  ASSERT_TRUE(found);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->run_id, done.id);
}

}  // namespace
}  // namespace takt::storage
