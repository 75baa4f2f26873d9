// The JobStore and TaskStore contract: every backend's job and task stores must pass these (typed
// tests; add a backend to `JobBackends`). Tests go through the ports, except where they look at
// the raw tables for orphans, which is the point of the cascade test.
#include <gtest/gtest.h>

#include "storage/sqlite/sqlite_job_store.hpp"
#include "storage/sqlite/sqlite_task_store.hpp"
#include "storage/sqlite/sqlite_transaction.hpp"
#include "storage/storage_test_backends.hpp"

namespace takt::storage {
namespace {

struct SqliteJobBackend : SqliteBackend {
  sqlite::SqliteJobStore job_store;
  sqlite::SqliteTaskStore task_store;
  JobStore& jobs() { return job_store; }
  TaskStore& tasks() { return task_store; }
  // Rows of `table` (raw count, for orphan checks).
  std::int64_t Count(const std::string& table) {
    auto n = database->Read([&](Transaction& tx) -> Result<std::int64_t> {
      auto stmt = sqlite::ConnectionOf(tx).Prepare("SELECT count(*) FROM " + table);
      if (!stmt) return Fail(stmt.error());
      auto row = stmt->Step();
      if (!row) return Fail(row.error());
      return stmt->Int(0);
    });
    return n ? *n : -1;
  }
};

Instant At(const char* text) { return *ParseInstant(text); }

template <typename Backend>
class JobStoreContractTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto ok = backend_.RawSql(
        "INSERT INTO skills (id, code, name, created_at, updated_at) VALUES "
        "(1, 'CNC', 'CNC milling', 'x', 'x');"
        "INSERT INTO machines (id, code, name, status, efficiency, created_at, updated_at) "
        "VALUES (1, 'M1', 'Mill 1', 'AVAILABLE', 1.0, 'x', 'x')");
    ASSERT_TRUE(ok.has_value()) << ok.error().message;
  }

  static Job SampleJob(std::string number) {
    Job job;
    job.job_number = std::move(number);
    job.customer_name = "Acme";
    job.part_number = "P-1";
    job.quantity = 5;
    job.priority = JobPriority::kHigh;
    job.release_date = At("2026-11-01T06:00:00Z");
    job.due_date = At("2026-12-01T16:00:00Z");
    job.compliance_requirements = {"ISO_13485", "GMP"};
    job.created_by = "planner@shop.example";
    return job;
  }
  static Task SampleTask(JobId job, std::int64_t sequence) {
    Task t;
    t.job_id = job;
    t.sequence = sequence;
    t.name = "Op " + std::to_string(sequence);
    t.setup_minutes = 15;
    t.run_minutes_per_unit = 2.5;
    TaskMode mode;
    mode.machine_id = MachineId{1};
    mode.setup_minutes = 15;
    mode.run_minutes = 2.5;
    mode.operators.push_back({SkillId{1}, "", 2, 1, Attendance::kSetupOnly});
    t.modes.push_back(mode);
    return t;
  }
  Result<Job> InsertJob(const Job& job) {
    return backend_.db().Write(actor_,
                               [&](Transaction& tx) { return backend_.jobs().Insert(tx, job); });
  }
  Result<Task> InsertTask(const Task& task) {
    return backend_.db().Write(actor_,
                               [&](Transaction& tx) { return backend_.tasks().Insert(tx, task); });
  }

  Backend backend_;
  Actor actor_ = Actor::System("test");
};

using JobBackends = ::testing::Types<SqliteJobBackend>;
TYPED_TEST_SUITE(JobStoreContractTest, JobBackends);

TYPED_TEST(JobStoreContractTest, InsertAndGetRoundTripEveryField) {
  auto job = this->InsertJob(this->SampleJob("WO-1"));
  ASSERT_TRUE(job.has_value()) << job.error().message;
  EXPECT_TRUE(job->id.valid());
  EXPECT_EQ(job->version, 1);
  auto got = this->backend_.db().Read(
      [&](Transaction& tx) { return this->backend_.jobs().Get(tx, job->id); });
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->job_number, "WO-1");
  EXPECT_EQ(got->priority, JobPriority::kHigh);
  EXPECT_EQ(got->release_date, At("2026-11-01T06:00:00Z"));
  EXPECT_EQ(got->due_date, At("2026-12-01T16:00:00Z"));
  EXPECT_EQ(got->compliance_requirements, (std::vector<std::string>{"ISO_13485", "GMP"}));
  EXPECT_EQ(got->created_by, "planner@shop.example");
  EXPECT_EQ(got->status, JobStatus::kPlanned);

  auto missing = this->backend_.db().Read(
      [&](Transaction& tx) { return this->backend_.jobs().Get(tx, JobId{999}); });
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TYPED_TEST(JobStoreContractTest, DuplicateJobNumberIsAConflictOnTheField) {
  ASSERT_TRUE(this->InsertJob(this->SampleJob("WO-1")).has_value());
  auto dup = this->InsertJob(this->SampleJob("WO-1"));
  ASSERT_FALSE(dup.has_value());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  ASSERT_FALSE(dup.error().field_errors.empty());
  EXPECT_EQ(dup.error().field_errors[0].field, "job_number");
  EXPECT_EQ(this->backend_.Count("jobs"), 1);
}

TYPED_TEST(JobStoreContractTest, StaleVersionIsRefusedWithTheCurrentVersion) {
  auto job = this->InsertJob(this->SampleJob("WO-1"));
  ASSERT_TRUE(job.has_value());
  Job edited = *job;
  edited.notes = "first";
  auto first = this->backend_.db().Write(
      this->actor_, [&](Transaction& tx) { return this->backend_.jobs().Update(tx, edited, 1); });
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->version, 2);
  edited.notes = "second";
  auto stale = this->backend_.db().Write(
      this->actor_, [&](Transaction& tx) { return this->backend_.jobs().Update(tx, edited, 1); });
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  ASSERT_EQ(stale.error().details.size(), 1u);
  EXPECT_EQ(stale.error().details[0],
            (std::pair<std::string, std::string>{"current_version", "2"}));
  auto del = this->backend_.db().Write(
      this->actor_, [&](Transaction& tx) { return this->backend_.jobs().Delete(tx, job->id, 1); });
  ASSERT_FALSE(del.has_value());
  EXPECT_EQ(del.error().code, ErrorCode::kConflict);
}

TYPED_TEST(JobStoreContractTest, AFailedUnitOfWorkLeavesNothing) {
  auto result = this->backend_.db().Write(this->actor_, [&](Transaction& tx) -> Result<void> {
    auto job = this->backend_.jobs().Insert(tx, this->SampleJob("WO-1"));
    if (!job) return Fail(job.error());
    auto task = this->backend_.tasks().Insert(tx, this->SampleTask(job->id, 10));
    if (!task) return Fail(task.error());
    Task bad = this->SampleTask(job->id, 20);
    bad.modes[0].machine_id = MachineId{42};  // no such machine: foreign key
    auto second = this->backend_.tasks().Insert(tx, bad);
    if (!second) return Fail(second.error());
    return {};
  });
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(this->backend_.Count("jobs"), 0);
  EXPECT_EQ(this->backend_.Count("tasks"), 0);
  EXPECT_EQ(this->backend_.Count("task_modes"), 0);
}

TYPED_TEST(JobStoreContractTest, TasksLoadWholeWithLinksAndDeleteCascades) {
  auto job = this->InsertJob(this->SampleJob("WO-1"));
  ASSERT_TRUE(job.has_value());
  ASSERT_TRUE(this->InsertTask(this->SampleTask(job->id, 10)).has_value());
  Task second = this->SampleTask(job->id, 20);
  PrecedenceLink link;
  link.predecessor_sequence = 10;
  link.type = PrecedenceType::kStartToStart;
  link.min_lag_minutes = 30;
  link.max_lag_minutes = 120;
  second.predecessors = {link};
  auto stored = this->InsertTask(second);
  ASSERT_TRUE(stored.has_value()) << stored.error().message;
  ASSERT_EQ(stored->predecessors.size(), 1u);
  EXPECT_EQ(stored->predecessors[0].predecessor_sequence, 10);
  EXPECT_EQ(stored->predecessors[0].type, PrecedenceType::kStartToStart);
  EXPECT_EQ(stored->predecessors[0].max_lag_minutes, 120);
  ASSERT_EQ(stored->modes.size(), 1u);
  ASSERT_EQ(stored->modes[0].operators.size(), 1u);
  EXPECT_EQ(stored->modes[0].operators[0].skill_code, "CNC");
  EXPECT_EQ(stored->modes[0].operators[0].attendance, Attendance::kSetupOnly);

  Task orphan_link = this->SampleTask(job->id, 30);
  link.predecessor_sequence = 99;
  orphan_link.predecessors = {link};
  auto refused = this->InsertTask(orphan_link);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(refused.error().field_errors[0].field, "predecessors[0].sequence");

  auto dup = this->InsertTask(this->SampleTask(job->id, 10));
  ASSERT_FALSE(dup.has_value());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);

  auto listed = this->backend_.db().Read(
      [&](Transaction& tx) { return this->backend_.tasks().ListByJob(tx, job->id); });
  ASSERT_TRUE(listed.has_value());
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].sequence, 10);

  auto deleted = this->backend_.db().Write(
      this->actor_, [&](Transaction& tx) { return this->backend_.jobs().Delete(tx, job->id, 1); });
  ASSERT_TRUE(deleted.has_value()) << deleted.error().message;
  for (const char* table : {"jobs", "tasks", "task_modes", "task_mode_operators", "task_links"}) {
    EXPECT_EQ(this->backend_.Count(table), 0) << table;
  }
}

// A deleted job's or task's id never names another one: notifications, audit entries and old
// schedules that mention it must not come to mean a new job (deleting the newest row used to
// hand its id to the next insert).
TYPED_TEST(JobStoreContractTest, IdsOfDeletedJobsAndTasksAreNeverReused) {
  auto first = this->InsertJob(this->SampleJob("WO-1"));
  auto newest = this->InsertJob(this->SampleJob("WO-2"));
  ASSERT_TRUE(first.has_value() && newest.has_value());
  auto task = this->InsertTask(this->SampleTask(newest->id, 10));
  auto newest_task = this->InsertTask(this->SampleTask(newest->id, 20));
  ASSERT_TRUE(task.has_value() && newest_task.has_value());

  auto removed = this->backend_.db().Write(this->actor_, [&](Transaction& tx) {
    return this->backend_.tasks().Delete(tx, newest_task->id, 1);
  });
  ASSERT_TRUE(removed.has_value()) << removed.error().message;
  auto replacement_task = this->InsertTask(this->SampleTask(newest->id, 30));
  ASSERT_TRUE(replacement_task.has_value());
  EXPECT_GT(replacement_task->id.value(), newest_task->id.value());

  // Deleting the newest job takes its tasks along (cascade): none of those ids return either.
  auto deleted = this->backend_.db().Write(this->actor_, [&](Transaction& tx) {
    return this->backend_.jobs().Delete(tx, newest->id, 1);
  });
  ASSERT_TRUE(deleted.has_value()) << deleted.error().message;
  auto next = this->InsertJob(this->SampleJob("WO-3"));
  ASSERT_TRUE(next.has_value());
  EXPECT_GT(next->id.value(), newest->id.value());
  auto next_task = this->InsertTask(this->SampleTask(next->id, 10));
  ASSERT_TRUE(next_task.has_value());
  EXPECT_GT(next_task->id.value(), replacement_task->id.value());
  // And ids still start right after the last one when nothing was deleted.
  auto after = this->InsertJob(this->SampleJob("WO-4"));
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->id.value(), next->id.value() + 1);
}

TYPED_TEST(JobStoreContractTest, TaskUpdateIsVersionedAndRewritesModes) {
  auto job = this->InsertJob(this->SampleJob("WO-1"));
  auto task = this->InsertTask(this->SampleTask(job->id, 10));
  ASSERT_TRUE(task.has_value());
  Task edited = *task;
  edited.status = TaskStatus::kReady;
  edited.modes[0].operators.clear();
  auto updated = this->backend_.db().Write(
      this->actor_, [&](Transaction& tx) { return this->backend_.tasks().Update(tx, edited, 1); });
  ASSERT_TRUE(updated.has_value()) << updated.error().message;
  EXPECT_EQ(updated->version, 2);
  EXPECT_EQ(updated->status, TaskStatus::kReady);
  EXPECT_TRUE(updated->modes[0].operators.empty());
  auto stale = this->backend_.db().Write(
      this->actor_, [&](Transaction& tx) { return this->backend_.tasks().Update(tx, edited, 1); });
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
}

TYPED_TEST(JobStoreContractTest, ListFiltersSortsPagesAndDerivesProgress) {
  const char* customers[] = {"Acme", "Borealis", "acme"};
  for (int i = 0; i < 6; ++i) {
    Job job = this->SampleJob("WO-" + std::to_string(i));
    job.customer_name = customers[i % 3];
    job.priority = i % 2 == 0 ? JobPriority::kLow : JobPriority::kUrgent;
    job.due_date = At("2026-11-10T00:00:00Z") + std::chrono::days{i * 5};
    job.status = i == 5 ? JobStatus::kCompleted : JobStatus::kReleased;
    job.notes = i == 3 ? "rush order for 100% coverage" : "";
    ASSERT_TRUE(this->InsertJob(job).has_value());
  }
  auto list = [&](JobFilter filter) {
    auto page = this->backend_.db().Read(
        [&](Transaction& tx) { return this->backend_.jobs().List(tx, filter); });
    EXPECT_TRUE(page.has_value()) << page.error().message;
    return *page;
  };
  JobFilter all;
  EXPECT_EQ(list(all).total, 6);
  JobFilter acme;
  acme.customer = "ACME";
  EXPECT_EQ(list(acme).total, 4);
  JobFilter urgent;
  urgent.priorities = {JobPriority::kUrgent};
  EXPECT_EQ(list(urgent).total, 3);
  JobFilter overdue;
  overdue.overdue = true;
  overdue.now = At("2026-11-21T00:00:00Z");  // due dates 10th, 15th, 20th are past
  EXPECT_EQ(list(overdue).total, 3);
  JobFilter due;
  due.due_before = At("2026-11-16T00:00:00Z");
  EXPECT_EQ(list(due).total, 2);
  JobFilter q;
  q.q = "100%";
  auto found = list(q);
  ASSERT_EQ(found.total, 1);
  EXPECT_EQ(found.items[0].job_number, "WO-3");
  JobFilter status;
  status.statuses = {JobStatus::kCompleted};
  EXPECT_EQ(list(status).total, 1);

  JobFilter paged;
  paged.sort = {JobSortKey::kDueDate, true};
  paged.limit = 2;
  paged.offset = 2;
  auto page = list(paged);
  EXPECT_EQ(page.total, 6);
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.items[0].job_number, "WO-3");
  EXPECT_EQ(page.items[1].job_number, "WO-2");

  // Progress: one of two tasks completed.
  auto first = list(all).items[0];
  Task done = this->SampleTask(first.id, 10);
  done.status = TaskStatus::kCompleted;
  done.actuals.start = At("2026-11-02T08:00:00Z");
  ASSERT_TRUE(this->InsertTask(done).has_value());
  ASSERT_TRUE(this->InsertTask(this->SampleTask(first.id, 20)).has_value());
  auto again = this->backend_.db().Read(
      [&](Transaction& tx) { return this->backend_.jobs().Get(tx, first.id); });
  EXPECT_DOUBLE_EQ(again->progress_percent, 50.0);
  EXPECT_EQ(again->actual_start, At("2026-11-02T08:00:00Z"));
  // A cancelled task does not count; the earliest actual start of any task is the job's.
  Task cancelled = this->SampleTask(first.id, 30);
  cancelled.status = TaskStatus::kCancelled;
  cancelled.actuals.start = At("2026-11-01T06:30:00Z");
  ASSERT_TRUE(this->InsertTask(cancelled).has_value());
  again = this->backend_.db().Read(
      [&](Transaction& tx) { return this->backend_.jobs().Get(tx, first.id); });
  EXPECT_DOUBLE_EQ(again->progress_percent, 50.0);
  EXPECT_EQ(again->actual_start, At("2026-11-01T06:30:00Z"));
  EXPECT_FALSE(again->actual_end.has_value());
  // A job without tasks: no progress, no actual start.
  auto bare = this->backend_.db().Read(
      [&](Transaction& tx) { return this->backend_.jobs().Get(tx, JobId{first.id.value() + 1}); });
  ASSERT_TRUE(bare.has_value());
  EXPECT_DOUBLE_EQ(bare->progress_percent, 0.0);
  EXPECT_FALSE(bare->actual_start.has_value());

  auto by_jobs = this->backend_.db().Read([&](Transaction& tx) {
    return this->backend_.tasks().ListByJobs(tx, {first.id, JobId{first.id.value() + 1}});
  });
  ASSERT_TRUE(by_jobs.has_value());
  EXPECT_EQ(by_jobs->at(first.id).size(), 3u);
  EXPECT_TRUE(by_jobs->at(JobId{first.id.value() + 1}).empty());
}

TYPED_TEST(JobStoreContractTest, StatusHistoryAndIdempotencyKeys) {
  auto job = this->InsertJob(this->SampleJob("WO-1"));
  auto ok = this->backend_.db().Write(this->actor_, [&](Transaction& tx) -> Result<void> {
    auto a = this->backend_.jobs().AppendStatusChange(
        tx, job->id, {"PLANNED", "APPROVED", "qa@shop.example", At("2026-11-02T08:00:00Z"), "ok"});
    if (!a) return a;
    return this->backend_.jobs().RememberIdempotencyKey(tx, "key-1", "abc", job->id);
  });
  ASSERT_TRUE(ok.has_value()) << ok.error().message;
  auto history = this->backend_.db().Read(
      [&](Transaction& tx) { return this->backend_.jobs().StatusHistory(tx, job->id); });
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].actor, "qa@shop.example");
  EXPECT_EQ((*history)[0].reason, "ok");
  auto key = this->backend_.db().Read(
      [&](Transaction& tx) { return this->backend_.jobs().FindIdempotencyKey(tx, "key-1"); });
  ASSERT_TRUE(key.has_value() && key->has_value());
  EXPECT_EQ((*key)->job_id, job->id);
  EXPECT_EQ((*key)->fingerprint, "abc");
}

TYPED_TEST(JobStoreContractTest, PlannedWindowComesFromTheActiveOrNewestPublishedSchedule) {
  auto job = this->InsertJob(this->SampleJob("WO-1"));
  auto t1 = this->InsertTask(this->SampleTask(job->id, 10));
  auto t2 = this->InsertTask(this->SampleTask(job->id, 20));
  ASSERT_TRUE(t1.has_value() && t2.has_value());
  auto get = [&] {
    return *this->backend_.db().Read(
        [&](Transaction& tx) { return this->backend_.jobs().Get(tx, job->id); });
  };
  EXPECT_FALSE(get().planned_start.has_value());
  const std::string t1_id = t1->id.ToString();
  const std::string t2_id = t2->id.ToString();
  const std::string j = job->id.ToString();
  auto schedule = [&](int id, const char* status, int start, int end) {
    auto ok = this->backend_.RawSql(
        "INSERT INTO schedules (id, name, horizon_start, objective, status, created_by, "
        "created_at, updated_at) VALUES (" +
        std::to_string(id) + ", 's', 'x', 'o', '" + status +
        "', 'p', 'x', 'x');"
        "INSERT INTO schedule_assignments (schedule_id, task_id, job_id, mode_index, machine_id, "
        "setup_start, start, end) VALUES (" +
        std::to_string(id) + ", " + t1_id + ", " + j + ", 0, 1, " + std::to_string(start) + ", " +
        std::to_string(start + 60) + ", " + std::to_string(start + 600) + "), (" +
        std::to_string(id) + ", " + t2_id + ", " + j + ", 0, 1, " + std::to_string(start + 600) +
        ", " + std::to_string(start + 600) + ", " + std::to_string(end) + ")");
    ASSERT_TRUE(ok.has_value()) << ok.error().message;
  };
  schedule(1, "DRAFT", 1000, 5000);
  EXPECT_FALSE(get().planned_start.has_value());
  schedule(2, "PUBLISHED", 2000, 6000);
  schedule(3, "PUBLISHED", 3000, 7000);
  EXPECT_EQ(get().planned_start, Instant{std::chrono::seconds{3000}});
  EXPECT_EQ(get().planned_end, Instant{std::chrono::seconds{7000}});
  schedule(4, "ACTIVE", 2500, 9000);
  schedule(5, "PUBLISHED", 4000, 8000);
  EXPECT_EQ(get().planned_start, Instant{std::chrono::seconds{2500}});
  JobFilter all;
  auto page = this->backend_.db().Read(
      [&](Transaction& tx) { return this->backend_.jobs().List(tx, all); });
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->items[0].planned_end, Instant{std::chrono::seconds{9000}});
}

}  // namespace
}  // namespace takt::storage
