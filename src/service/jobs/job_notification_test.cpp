// JobService with a notification store: the workflow notifications are written in the same
// transaction as the job's creation or status change (real temporary SQLite database).
#include <gtest/gtest.h>

#include "service/jobs/job_service.hpp"
#include "service/notifications/notification_center.hpp"
#include "storage/sqlite/sqlite_job_store.hpp"
#include "storage/sqlite/sqlite_notification_store.hpp"
#include "storage/sqlite/sqlite_task_store.hpp"
#include "storage/storage_test_backends.hpp"

namespace takt::service {
namespace {

// Fault injection: a notification store whose inserts fail when armed.
class FailingNotificationStore final : public storage::NotificationStore {
 public:
  explicit FailingNotificationStore(storage::NotificationStore& inner) : inner_(inner) {}
  void Arm() { armed_ = true; }
  Result<std::int64_t> Insert(storage::Transaction& tx, const Notification& n) override {
    if (armed_) return Fail(Error::Unavailable("injected notification failure"));
    return inner_.Insert(tx, n);
  }
  Result<std::vector<Notification>> List(storage::Transaction& tx,
                                         const storage::NotificationQuery& query) override {
    return inner_.List(tx, query);
  }
  Result<std::optional<Notification>> Find(storage::Transaction& tx, std::int64_t id,
                                           const storage::NotificationQuery& query) override {
    return inner_.Find(tx, id, query);
  }
  Result<void> MarkRead(storage::Transaction& tx, std::int64_t id, UserId user,
                        Instant now) override {
    return inner_.MarkRead(tx, id, user, now);
  }

 private:
  storage::NotificationStore& inner_;
  bool armed_ = false;
};

class JobNotificationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto ok = backend_.RawSql(
        "INSERT INTO machines (id, code, name, status, efficiency, created_at, updated_at) "
        "VALUES (1, 'M1', 'Saw 1', 'AVAILABLE', 1.0, 'x', 'x')");
    ASSERT_TRUE(ok.has_value()) << ok.error().message;
  }
  static NewJob MakeJob(std::string number) {
    NewJob n;
    n.job.job_number = std::move(number);
    n.job.customer_name = "Acme";
    n.job.part_number = "P-1";
    n.job.quantity = 4;
    n.job.due_date = InstantNow() + std::chrono::days{10};
    Task t;
    t.sequence = 10;
    t.name = "Saw";
    t.setup_minutes = 5;
    t.run_minutes_per_unit = 1;
    TaskMode mode;
    mode.machine_id = MachineId{1};
    t.modes.push_back(mode);
    n.tasks.push_back(t);
    return n;
  }
  std::vector<Notification> All() {
    Principal admin;
    admin.user_id = UserId{1};
    admin.roles = {"admin"};
    auto all = center_.List(admin, false, 0, 200);
    EXPECT_TRUE(all.has_value());
    return all ? *all : std::vector<Notification>{};
  }

  storage::SqliteBackend backend_;
  storage::sqlite::SqliteJobStore job_store_;
  storage::sqlite::SqliteTaskStore task_store_;
  storage::sqlite::SqliteNotificationStore notification_store_;
  FailingNotificationStore notices_{notification_store_};
  JobStorage storage_{job_store_, task_store_, backend_.audit(), {}, &notices_};
  JobService jobs_{backend_.db(), storage_};
  NotificationCenter center_{backend_.db(), notification_store_};
  Actor actor_{UserId{7}, "planner@shop.example", "req-1"};
};

TEST_F(JobNotificationTest, CreateTellsTheNextActorsOnceEvenWhenReplayed) {
  IdempotencyKey key{"k-1", "fingerprint-a"};
  auto created = jobs_.CreateJob(actor_, MakeJob("wo-1"), key);
  ASSERT_TRUE(created.has_value()) << created.error().message;
  std::vector<Notification> told = All();
  ASSERT_EQ(told.size(), 2u);  // production manager and quality inspector approve a new job
  for (const Notification& n : told) {
    EXPECT_EQ(n.kind, "job.awaiting_approval");
    EXPECT_EQ(n.entity_type, "job");
    EXPECT_EQ(n.entity_id, created->detail.job.id.ToString());
    EXPECT_EQ(n.message, "Job WO-1 awaits approval");
  }
  auto replayed = jobs_.CreateJob(actor_, MakeJob("wo-1"), key);
  ASSERT_TRUE(replayed.has_value());
  EXPECT_TRUE(replayed->replayed);
  EXPECT_EQ(All().size(), 2u);
}

TEST_F(JobNotificationTest, StatusChangeTellsTheNextActors) {
  auto created = jobs_.CreateJob(actor_, MakeJob("WO-2"), std::nullopt);
  ASSERT_TRUE(created.has_value());
  auto approved = jobs_.ChangeStatus(actor_, created->detail.job.id, JobStatus::kApproved,
                                     "first article checked", std::nullopt);
  ASSERT_TRUE(approved.has_value()) << approved.error().message;
  std::vector<Notification> told = All();
  ASSERT_GT(told.size(), 2u);
  EXPECT_EQ(told.back().message, "Job WO-2 " + NextActorsForJobStatus("APPROVED").verb);
  EXPECT_EQ(told.back().kind, NextActorsForJobStatus("APPROVED").kind);
}

TEST_F(JobNotificationTest, AFailedNotificationRollsTheCreateBack) {
  notices_.Arm();
  auto created = jobs_.CreateJob(actor_, MakeJob("WO-3"), std::nullopt);
  ASSERT_FALSE(created.has_value());
  EXPECT_EQ(created.error().code, ErrorCode::kUnavailable);
  auto found = jobs_.ListJobs(storage::JobFilter{});
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->total, 0);
  EXPECT_TRUE(All().empty());
}

}  // namespace
}  // namespace takt::service
