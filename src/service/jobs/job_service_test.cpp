// JobService and TaskService against a real (temporary) SQLite database: the use cases end to end
// below HTTP, including rollback when a step fails (an audit log that fails on demand).
#include "service/jobs/job_service.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "service/jobs/task_service.hpp"
#include "storage/audit_chain.hpp"
#include "storage/sqlite/sqlite_job_store.hpp"
#include "storage/sqlite/sqlite_task_store.hpp"
#include "storage/sqlite/sqlite_transaction.hpp"
#include "storage/storage_test_backends.hpp"

namespace takt::service {
namespace {

// Fault injection: an audit log that fails the Nth append (and every one after) when armed.
class FailingAuditLog final : public storage::AuditLog {
 public:
  explicit FailingAuditLog(storage::AuditLog& inner) : inner_(inner) {}
  void FailFrom(int nth) { fail_from_ = nth; }
  Result<storage::AuditEntry> Append(storage::Transaction& tx,
                                     const storage::AuditRecord& record) override {
    if (fail_from_ > 0 && ++appends_ >= fail_from_) {
      return Fail(Error::Unavailable("injected audit failure"));
    }
    return inner_.Append(tx, record);
  }
  Result<std::vector<storage::AuditEntry>> List(storage::Transaction& tx,
                                                const storage::AuditQuery& q) override {
    return inner_.List(tx, q);
  }
  Result<std::vector<storage::AuditEntry>> Page(storage::Transaction& tx, std::int64_t after,
                                                int limit) override {
    return inner_.Page(tx, after, limit);
  }

 private:
  storage::AuditLog& inner_;
  int fail_from_ = 0;
  int appends_ = 0;
};

class JobServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto ok = backend_.RawSql(
        "INSERT INTO skills (id, code, name, created_at, updated_at) VALUES "
        "(1, 'CNC', 'CNC milling', 'x', 'x');"
        "INSERT INTO work_centers (id, code, name, wip_limit, created_at, updated_at) VALUES "
        "(1, 'WC1', 'Machining', 3, 'x', 'x');"
        "INSERT INTO machines (id, code, name, status, efficiency, created_at, updated_at) "
        "VALUES (1, 'M1', 'Mill 1', 'AVAILABLE', 1.0, 'x', 'x')");
    ASSERT_TRUE(ok.has_value()) << ok.error().message;
  }

  static Task MakeTask(std::int64_t sequence) {
    Task t;
    t.sequence = sequence;
    t.name = "Op " + std::to_string(sequence);
    t.setup_minutes = 10;
    t.run_minutes_per_unit = 1;
    TaskMode mode;
    mode.machine_id = MachineId{1};
    mode.operators.push_back({SkillId{}, "CNC", 2, 1, Attendance::kFull});
    t.modes.push_back(mode);
    return t;
  }
  static NewJob MakeJob(std::string number, int tasks = 2) {
    NewJob n;
    n.job.job_number = std::move(number);
    n.job.customer_name = "Acme";
    n.job.part_number = "P-1";
    n.job.quantity = 4;
    n.job.due_date = InstantNow() + std::chrono::days{10};
    for (int i = 1; i <= tasks; ++i) n.tasks.push_back(MakeTask(std::int64_t{i} * 10));
    return n;
  }
  std::int64_t Count(const std::string& table) {
    auto n = backend_.db().Read([&](storage::Transaction& tx) -> Result<std::int64_t> {
      auto stmt = storage::sqlite::ConnectionOf(tx).Prepare("SELECT count(*) FROM " + table);
      if (!stmt) return Fail(stmt.error());
      auto row = stmt->Step();
      if (!row) return Fail(row.error());
      return stmt->Int(0);
    });
    return n ? *n : -1;
  }
  JobDetail Created(std::string number) {
    auto created = jobs_.CreateJob(actor_, MakeJob(std::move(number)), std::nullopt);
    EXPECT_TRUE(created.has_value()) << created.error().message;
    return created->detail;
  }
  JobDetail Released(std::string number) {
    JobDetail d = Created(std::move(number));
    EXPECT_TRUE(jobs_.ChangeStatus(actor_, d.job.id, JobStatus::kApproved, "first article checked",
                                   std::nullopt));
    auto released = jobs_.ChangeStatus(actor_, d.job.id, JobStatus::kReleased, "go", std::nullopt);
    EXPECT_TRUE(released.has_value());
    return *released;
  }

  storage::SqliteBackend backend_;
  storage::sqlite::SqliteJobStore job_store_;
  storage::sqlite::SqliteTaskStore task_store_;
  FailingAuditLog audit_{backend_.audit()};
  JobStorage storage_{job_store_, task_store_, audit_};
  JobService jobs_{backend_.db(), storage_};
  TaskService tasks_{backend_.db(), storage_};
  Actor actor_{UserId{7}, "planner@shop.example", "req-1"};
};

bool HasField(const Error& e, const std::string& field) {
  for (const FieldError& f : e.field_errors) {
    if (f.field == field) return true;
  }
  return false;
}

TEST_F(JobServiceTest, CreateStoresJobTasksAndAuditUpperCasingTheNumber) {
  JobDetail d = Created("wo-100");
  EXPECT_EQ(d.job.job_number, "WO-100");
  EXPECT_EQ(d.job.status, JobStatus::kPlanned);
  EXPECT_EQ(d.job.created_by, "planner@shop.example");
  ASSERT_EQ(d.tasks.size(), 2u);
  EXPECT_EQ(d.tasks[0].modes[0].operators[0].skill_id, SkillId{1});  // resolved from "CNC"
  EXPECT_EQ(Count("audit_log"), 3);                                  // job + 2 tasks
}

TEST_F(JobServiceTest, OneInvalidTaskCreatesNothingAndNamesEveryBadField) {
  NewJob n = MakeJob("WO-1", 3);
  n.tasks[1].sequence = -5;
  n.tasks[2].modes[0].machine_id = MachineId{99};
  n.tasks[2].modes[0].operators[0].skill_code = "WELD";
  n.job.quantity = 0;
  auto r = jobs_.CreateJob(actor_, n, std::nullopt);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(HasField(r.error(), "tasks[1].sequence"));
  EXPECT_TRUE(HasField(r.error(), "tasks[2].modes[0].machine_id"));
  EXPECT_TRUE(HasField(r.error(), "tasks[2].modes[0].operators[0].skill"));
  EXPECT_TRUE(HasField(r.error(), "quantity"));
  for (const char* table : {"jobs", "tasks", "task_modes", "audit_log"}) {
    EXPECT_EQ(Count(table), 0) << table;
  }
}

TEST_F(JobServiceTest, DuplicateNumberIsAConflictAndChangesNothing) {
  Created("WO-1");
  const auto audit_before = Count("audit_log");
  auto dup = jobs_.CreateJob(actor_, MakeJob("wo-1"), std::nullopt);
  ASSERT_FALSE(dup.has_value());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  EXPECT_TRUE(HasField(dup.error(), "job_number"));
  EXPECT_EQ(Count("jobs"), 1);
  EXPECT_EQ(Count("tasks"), 2);
  EXPECT_EQ(Count("audit_log"), audit_before);
}

TEST_F(JobServiceTest, AFailingAuditAppendRollsTheWholeCreateBack) {
  audit_.FailFrom(3);  // the job and the first task are written, the second task's audit fails
  auto r = jobs_.CreateJob(actor_, MakeJob("WO-1"), std::nullopt);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
  for (const char* table : {"jobs", "tasks", "audit_log"}) EXPECT_EQ(Count(table), 0) << table;
}

TEST_F(JobServiceTest, IdempotencyKeyReplaysTheFirstResult) {
  IdempotencyKey key{"k-1", "fingerprint-a"};
  auto first = jobs_.CreateJob(actor_, MakeJob("WO-1"), key);
  ASSERT_TRUE(first.has_value());
  EXPECT_FALSE(first->replayed);
  auto again = jobs_.CreateJob(actor_, MakeJob("WO-1"), key);
  ASSERT_TRUE(again.has_value()) << again.error().message;
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->detail.job.id, first->detail.job.id);
  auto other = jobs_.CreateJob(actor_, MakeJob("WO-2"), IdempotencyKey{"k-1", "fingerprint-b"});
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(other.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Count("jobs"), 1);
}

TEST_F(JobServiceTest, FloorEventsDriveTheJobFromReleaseToCompletion) {
  JobDetail d = Released("WO-1");
  ASSERT_EQ(d.job.status, JobStatus::kReleased);
  EXPECT_EQ(d.tasks[0].status, TaskStatus::kReady);
  EXPECT_EQ(d.tasks[1].status, TaskStatus::kPending);  // waits for task 10 (default FS)
  ASSERT_EQ(d.history.size(), 2u);
  EXPECT_EQ(d.history[1].actor, "planner@shop.example");
  EXPECT_EQ(d.history[1].reason, "go");

  auto early = tasks_.CompleteTask(actor_, d.tasks[1].id, {});
  ASSERT_FALSE(early.has_value());
  EXPECT_EQ(early.error().code, ErrorCode::kConflict);
  EXPECT_NE(early.error().message.find("has not started"), std::string::npos);

  auto start = tasks_.StartTask(actor_, d.tasks[0].id, std::nullopt);
  ASSERT_TRUE(start.has_value()) << start.error().message;
  EXPECT_EQ(start->job.status, JobStatus::kInProgress);
  auto done = tasks_.CompleteTask(actor_, d.tasks[0].id, {std::nullopt, 4, 0, "ok"});
  ASSERT_TRUE(done.has_value()) << done.error().message;
  EXPECT_DOUBLE_EQ(done->job.progress_percent, 50.0);
  auto second = tasks_.GetTask(d.tasks[1].id);
  EXPECT_EQ(second->status, TaskStatus::kReady);

  ASSERT_TRUE(tasks_.StartTask(actor_, d.tasks[1].id, std::nullopt).has_value());
  auto last = tasks_.CompleteTask(actor_, d.tasks[1].id, {});
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->job.status, JobStatus::kCompleted);
  EXPECT_DOUBLE_EQ(last->job.progress_percent, 100.0);
  EXPECT_TRUE(last->job.actual_end.has_value());

  auto del = jobs_.DeleteJob(actor_, d.job.id, std::nullopt);
  ASSERT_FALSE(del.has_value());
  EXPECT_EQ(del.error().code, ErrorCode::kConflict);
}

TEST_F(JobServiceTest, TasksOfAJobNotReleasedCannotStart) {
  JobDetail d = Created("WO-1");
  auto r = tasks_.StartTask(actor_, d.tasks[0].id, std::nullopt);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  EXPECT_NE(r.error().message.find("PLANNED"), std::string::npos);
}

TEST_F(JobServiceTest, FailThenReworkThenFinish) {
  JobDetail d = Released("WO-1");
  ASSERT_TRUE(tasks_.StartTask(actor_, d.tasks[0].id, std::nullopt).has_value());
  EXPECT_FALSE(tasks_.FailTask(actor_, d.tasks[0].id, " ").has_value());
  auto failed = tasks_.FailTask(actor_, d.tasks[0].id, "tool broke");
  ASSERT_TRUE(failed.has_value());
  EXPECT_EQ(failed->task.status, TaskStatus::kFailed);
  EXPECT_EQ(failed->task.actuals.failure_reason, "tool broke");
  TaskPatch rework;
  rework.status = TaskStatus::kReady;
  auto ready = tasks_.UpdateTask(actor_, d.tasks[0].id, rework, std::nullopt);
  ASSERT_TRUE(ready.has_value()) << ready.error().message;
  EXPECT_EQ(ready->task.status, TaskStatus::kReady);
  EXPECT_FALSE(ready->task.actuals.start.has_value());
  TaskPatch by_hand;
  by_hand.status = TaskStatus::kCompleted;
  auto refused = tasks_.UpdateTask(actor_, d.tasks[0].id, by_hand, std::nullopt);
  ASSERT_FALSE(refused.has_value());
  EXPECT_TRUE(HasField(refused.error(), "status"));
}

TEST_F(JobServiceTest, HoldResumeAndCancel) {
  JobDetail d = Created("WO-1");
  auto no_reason = jobs_.ChangeStatus(actor_, d.job.id, JobStatus::kOnHold, "", std::nullopt);
  ASSERT_FALSE(no_reason.has_value());
  EXPECT_TRUE(HasField(no_reason.error(), "reason"));
  auto unexplained_approval =
      jobs_.ChangeStatus(actor_, d.job.id, JobStatus::kApproved, " ", std::nullopt);
  ASSERT_FALSE(unexplained_approval.has_value());
  EXPECT_EQ(unexplained_approval.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(HasField(unexplained_approval.error(), "reason"));
  auto held = jobs_.ChangeStatus(actor_, d.job.id, JobStatus::kOnHold, "material", std::nullopt);
  ASSERT_TRUE(held.has_value());
  auto wrong = jobs_.ChangeStatus(actor_, d.job.id, JobStatus::kApproved, "first article checked",
                                  std::nullopt);
  ASSERT_FALSE(wrong.has_value());
  EXPECT_EQ(wrong.error().code, ErrorCode::kConflict);
  auto resumed = jobs_.ChangeStatus(actor_, d.job.id, JobStatus::kPlanned, "", std::nullopt);
  ASSERT_TRUE(resumed.has_value()) << resumed.error().message;
  EXPECT_EQ(resumed->job.status, JobStatus::kPlanned);
  auto cancelled =
      jobs_.ChangeStatus(actor_, d.job.id, JobStatus::kCancelled, "customer", std::nullopt);
  ASSERT_TRUE(cancelled.has_value());
  for (const Task& t : cancelled->tasks) EXPECT_EQ(t.status, TaskStatus::kCancelled);
  auto again = jobs_.ChangeStatus(actor_, d.job.id, JobStatus::kCancelled, "x", std::nullopt);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
}

TEST_F(JobServiceTest, StaleVersionsAreRefusedWithTheCurrentVersion) {
  JobDetail d = Created("WO-1");
  JobPatch patch;
  patch.notes = "first";
  auto first = jobs_.UpdateJob(actor_, d.job.id, patch, 1);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->version, 2);
  patch.notes = "second";
  auto stale = jobs_.UpdateJob(actor_, d.job.id, patch, 1);
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  EXPECT_EQ(stale.error().details.at(0).second, "2");
  EXPECT_EQ(jobs_.GetJob(d.job.id)->job.notes, "first");

  JobPatch bad;
  bad.quantity = 0;
  bad.due_date = Instant{std::chrono::seconds{10}};
  bad.release_date = std::optional<Instant>(Instant{std::chrono::seconds{20}});
  auto invalid = jobs_.UpdateJob(actor_, d.job.id, bad, std::nullopt);
  ASSERT_FALSE(invalid.has_value());
  EXPECT_TRUE(HasField(invalid.error(), "quantity"));
  EXPECT_TRUE(HasField(invalid.error(), "due_date"));
}

TEST_F(JobServiceTest, DeleteCascadesAndAddTaskChecksReferences) {
  JobDetail d = Created("WO-1");
  Task extra = MakeTask(30);
  extra.modes[0].machine_id.reset();
  extra.modes[0].work_center_id = WorkCenterId{1};
  auto added = tasks_.AddTask(actor_, d.job.id, extra);
  ASSERT_TRUE(added.has_value()) << added.error().message;
  Task bad = MakeTask(40);
  bad.modes[0].operators[0].skill_id = SkillId{77};
  auto refused = tasks_.AddTask(actor_, d.job.id, bad);
  ASSERT_FALSE(refused.has_value());
  EXPECT_TRUE(HasField(refused.error(), "modes[0].operators[0].skill_id"));
  EXPECT_EQ(Count("tasks"), 3);

  ASSERT_TRUE(jobs_.DeleteJob(actor_, d.job.id, d.job.version).has_value());
  for (const char* table :
       {"jobs", "tasks", "task_modes", "task_mode_operators", "task_links", "job_status_changes"}) {
    EXPECT_EQ(Count(table), 0) << table;
  }
}

TEST_F(JobServiceTest, ATaskEditThatWouldFormACycleIsRefused) {
  NewJob n = MakeJob("WO-1", 2);
  PrecedenceLink link;
  link.predecessor_sequence = 10;
  n.tasks[1].predecessors = {link};
  auto created = jobs_.CreateJob(actor_, n, std::nullopt);
  ASSERT_TRUE(created.has_value()) << created.error().message;
  TaskPatch patch;
  PrecedenceLink back;
  back.predecessor_sequence = 20;
  patch.predecessors = std::vector<PrecedenceLink>{back};
  auto r = tasks_.UpdateTask(actor_, created->detail.tasks[0].id, patch, std::nullopt);
  ASSERT_FALSE(r.has_value());
  EXPECT_TRUE(HasField(r.error(), "predecessors"));
}

TEST_F(JobServiceTest, WorkFinishedDuringAHoldCompletesTheJobOnResume) {
  JobDetail d = Released("WO-1");
  ASSERT_TRUE(tasks_.StartTask(actor_, d.tasks[0].id, std::nullopt).has_value());
  ASSERT_TRUE(tasks_.CompleteTask(actor_, d.tasks[0].id, {}).has_value());
  ASSERT_TRUE(tasks_.StartTask(actor_, d.tasks[1].id, std::nullopt).has_value());
  auto held = jobs_.ChangeStatus(actor_, d.job.id, JobStatus::kOnHold, "audit", std::nullopt);
  ASSERT_TRUE(held.has_value());
  auto blocked = tasks_.StartTask(actor_, d.tasks[0].id, std::nullopt);
  EXPECT_FALSE(blocked.has_value());
  auto last = tasks_.CompleteTask(actor_, d.tasks[1].id, {});  // the running task may finish
  ASSERT_TRUE(last.has_value()) << last.error().message;
  EXPECT_EQ(last->job.status, JobStatus::kOnHold);
  auto resumed = jobs_.ChangeStatus(actor_, d.job.id, JobStatus::kInProgress, "", std::nullopt);
  ASSERT_TRUE(resumed.has_value()) << resumed.error().message;
  EXPECT_EQ(resumed->job.status, JobStatus::kCompleted);
  EXPECT_EQ(resumed->history.back().reason, "last task completed");
}

TEST_F(JobServiceTest, StartRecordsTheResourcesTheTaskRunsOn) {
  auto ok = backend_.RawSql(
      "INSERT INTO machines (id, code, name, work_center_id, status, efficiency, created_at, "
      "updated_at) VALUES (2, 'M2', 'Mill 2', 1, 'AVAILABLE', 1.0, 'x', 'x'), "
      "(3, 'M3', 'Lathe', NULL, 'AVAILABLE', 1.0, 'x', 'x');"
      "INSERT INTO operators (id, employee_id, name, status, created_at, updated_at) VALUES "
      "(5, 'E5', 'Ana', 'ACTIVE', 'x', 'x')");
  ASSERT_TRUE(ok.has_value()) << ok.error().message;
  NewJob n = MakeJob("WO-1", 2);
  TaskMode center;
  center.work_center_id = WorkCenterId{1};
  n.tasks[0].modes.push_back(center);  // machine 1, or any machine of work center 1
  auto created = jobs_.CreateJob(actor_, n, std::nullopt);
  ASSERT_TRUE(created.has_value()) << created.error().message;
  const JobId job = created->detail.job.id;
  ASSERT_TRUE(
      jobs_.ChangeStatus(actor_, job, JobStatus::kApproved, "first article checked", std::nullopt));
  ASSERT_TRUE(jobs_.ChangeStatus(actor_, job, JobStatus::kReleased, "", std::nullopt));
  const TaskId first = created->detail.tasks[0].id;

  auto wrong = tasks_.StartTask(actor_, first, std::nullopt, {MachineId{3}, {OperatorId{99}}});
  ASSERT_FALSE(wrong.has_value());
  EXPECT_TRUE(HasField(wrong.error(), "machine_id"));
  EXPECT_TRUE(HasField(wrong.error(), "operator_ids[0]"));
  EXPECT_EQ(tasks_.GetTask(first)->status, TaskStatus::kReady);  // nothing changed

  auto started = tasks_.StartTask(actor_, first, std::nullopt, {MachineId{2}, {OperatorId{5}}});
  ASSERT_TRUE(started.has_value()) << started.error().message;
  EXPECT_EQ(started->task.actuals.machine_id, MachineId{2});  // a machine of work center 1
  EXPECT_EQ(started->task.actuals.operator_ids, std::vector<OperatorId>{OperatorId{5}});
  ASSERT_TRUE(tasks_.CompleteTask(actor_, first, {}).has_value());
  // A task whose only mode is one machine records that machine without being told.
  auto second = tasks_.StartTask(actor_, created->detail.tasks[1].id, std::nullopt);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->task.actuals.machine_id, MachineId{1});
}

TEST_F(JobServiceTest, ChangesArePublishedOnlyAfterCommit) {
  std::vector<JobChange> seen;
  JobStorage with_sink{job_store_, task_store_, audit_,
                       [&seen](const JobChange& change) { seen.push_back(change); }};
  JobService jobs(backend_.db(), with_sink);
  ASSERT_TRUE(jobs.CreateJob(actor_, MakeJob("WO-1"), std::nullopt).has_value());
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].action, "job.create");
  EXPECT_EQ(seen[1].action, "task.create");
  EXPECT_NE(seen[1].document.find("\"job_id\""), std::string::npos);

  seen.clear();
  audit_.FailFrom(2);  // rolled back after the job's entry: nothing may be published
  EXPECT_FALSE(jobs.CreateJob(actor_, MakeJob("WO-2"), std::nullopt).has_value());
  EXPECT_TRUE(seen.empty());
}

// Creates from many threads at once share write transactions (group commit); every job is still
// whole (its tasks and audit entries), a duplicate number fails alone, and the chain verifies.
TEST_F(JobServiceTest, ConcurrentCreatesStayWholeAndTheAuditChainVerifies) {
  constexpr int kThreads = 8;
  constexpr int kJobsPerThread = 15;
  std::atomic<int> created{0};
  std::atomic<int> duplicates{0};
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kJobsPerThread; ++i) {
        // Threads 0 and 1 race for the same numbers: exactly one of each pair may win.
        const int owner = t < 2 ? 0 : t;
        auto job = jobs_.CreateJob(
            actor_, MakeJob("WO-" + std::to_string(owner) + "-" + std::to_string(i), 3),
            std::nullopt);
        if (job) {
          created.fetch_add(1);
          EXPECT_EQ(job->detail.tasks.size(), 3u);
          EXPECT_TRUE(job->detail.job.id.valid());
        } else if (job.error().code == ErrorCode::kConflict) {
          duplicates.fetch_add(1);
        } else {
          ADD_FAILURE() << job.error().message;
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(duplicates.load(), kJobsPerThread);
  EXPECT_EQ(created.load(), (kThreads - 1) * kJobsPerThread);
  EXPECT_EQ(Count("jobs"), created.load());
  EXPECT_EQ(Count("tasks"), 3 * created.load());
  EXPECT_EQ(Count("audit_log"), 4 * created.load());
  auto chain = storage::VerifyAuditChain(backend_.db(), backend_.audit());
  ASSERT_TRUE(chain.has_value());
  EXPECT_TRUE(chain->valid) << chain->reason;
  EXPECT_EQ(chain->entries_checked, 4 * created.load());
}

// The created job is answered from what was written; it equals what a fresh read returns.
TEST_F(JobServiceTest, TheCreateAnswerEqualsTheStoredJob) {
  NewJob n = MakeJob("WO-ECHO", 3);
  n.job.compliance_requirements = {"ISO_13485", "GMP"};
  n.job.release_date = InstantNow();
  PrecedenceLink link;
  link.predecessor_sequence = 10;
  link.type = PrecedenceType::kStartToStart;
  link.min_lag_minutes = 5;
  n.tasks[2].predecessors = {link};
  auto created = jobs_.CreateJob(actor_, std::move(n), std::nullopt);
  ASSERT_TRUE(created.has_value()) << created.error().message;
  auto read = jobs_.GetJob(created->detail.job.id);
  ASSERT_TRUE(read.has_value());
  const Job& a = created->detail.job;
  const Job& b = read->job;
  EXPECT_EQ(a.job_number, b.job_number);
  EXPECT_EQ(a.release_date, b.release_date);
  EXPECT_EQ(a.due_date, b.due_date);
  EXPECT_EQ(a.compliance_requirements, b.compliance_requirements);
  EXPECT_EQ(a.version, b.version);
  EXPECT_EQ(a.created_by, b.created_by);
  EXPECT_EQ(a.created_at, b.created_at);
  EXPECT_EQ(a.updated_at, b.updated_at);
  EXPECT_EQ(a.progress_percent, b.progress_percent);
  EXPECT_EQ(a.planned_start, b.planned_start);
  EXPECT_EQ(a.actual_start, b.actual_start);
  EXPECT_EQ(created->detail.history.size(), read->history.size());
  ASSERT_EQ(created->detail.tasks.size(), read->tasks.size());
  for (std::size_t i = 0; i < read->tasks.size(); ++i) {
    const Task& x = created->detail.tasks[i];
    const Task& y = read->tasks[i];
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.sequence, y.sequence);
    EXPECT_EQ(x.version, y.version);
    EXPECT_EQ(x.created_at, y.created_at);
    ASSERT_EQ(x.modes.size(), y.modes.size());
    ASSERT_EQ(x.modes[0].operators.size(), y.modes[0].operators.size());
    EXPECT_EQ(x.modes[0].operators[0].skill_id, y.modes[0].operators[0].skill_id);
    EXPECT_EQ(x.modes[0].operators[0].skill_code, y.modes[0].operators[0].skill_code);
    ASSERT_EQ(x.predecessors.size(), y.predecessors.size());
    for (std::size_t l = 0; l < y.predecessors.size(); ++l) {
      EXPECT_EQ(x.predecessors[l].predecessor_id, y.predecessors[l].predecessor_id);
      EXPECT_EQ(x.predecessors[l].predecessor_sequence, y.predecessors[l].predecessor_sequence);
      EXPECT_EQ(x.predecessors[l].type, y.predecessors[l].type);
    }
  }
  EXPECT_EQ(read->tasks[2].predecessors.size(), 1u);
}

}  // namespace
}  // namespace takt::service
