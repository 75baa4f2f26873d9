// The demo plant loads completely through the use cases, is deterministic for a given day, and
// refuses to load into a plant that already has data.
#include "service/demo_plant.hpp"

#include <gtest/gtest.h>

#include "storage/sqlite/sqlite_job_store.hpp"
#include "storage/sqlite/sqlite_master_data_store.hpp"
#include "storage/sqlite/sqlite_task_store.hpp"
#include "storage/storage_test_backends.hpp"

namespace takt::service {
namespace {

struct DemoDatabase {
  storage::SqliteBackend backend;
  storage::sqlite::SqliteMasterDataStore<WorkCenter> work_centers;
  storage::sqlite::SqliteJobStore job_store;
  storage::sqlite::SqliteTaskStore task_store;
  JobStorage job_storage{job_store, task_store, backend.audit()};
  JobService jobs{backend.db(), job_storage};
  TaskService tasks{backend.db(), job_storage};

  Result<DemoSummary> Load(Instant now) {
    DemoPlantDeps deps{{backend.db(), backend.audit(), backend.skill_store, work_centers,
                        backend.calendar_store, backend.machine_store, backend.operator_store},
                       jobs,
                       tasks};
    return LoadDemoPlant(deps, Actor::System("demo"), now);
  }
  std::vector<std::string> Fingerprint() {
    storage::JobFilter all;
    all.limit = 100;
    all.sort = {storage::JobSortKey::kJobNumber, false};
    std::vector<std::string> out;
    auto page = jobs.ListJobs(all);
    EXPECT_TRUE(page.has_value());
    for (const Job& job : page->items) {
      std::string line = job.job_number + "|" + job.customer_name + "|" + job.part_number + "|" +
                         std::to_string(job.quantity) + "|" + JobPriorityName(job.priority) + "|" +
                         FormatInstant(job.due_date) + "|" + JobStatusName(job.status);
      auto job_tasks = tasks.ListTasks(job.id);
      EXPECT_TRUE(job_tasks.has_value());
      for (const Task& t : *job_tasks) {
        line += "|" + t.operation_code + ":" + TaskStatusName(t.status);
      }
      out.push_back(line);
    }
    return out;
  }
};

const Instant kNow = *ParseInstant("2026-11-24T12:00:00Z");

TEST(DemoPlant, LoadsARealisticPlantInMixedStates) {
  DemoDatabase db;
  auto summary = db.Load(kNow);
  ASSERT_TRUE(summary.has_value()) << summary.error().message;
  EXPECT_FALSE(summary->skipped);
  EXPECT_EQ(summary->work_centers, 3);
  EXPECT_EQ(summary->machines, 12);
  EXPECT_EQ(summary->operators, 20);
  EXPECT_EQ(summary->jobs, 30);
  EXPECT_GE(summary->tasks, 90);
  EXPECT_LE(summary->tasks, 240);

  storage::JobFilter filter;
  filter.limit = 100;
  auto all = db.jobs.ListJobs(filter);
  ASSERT_TRUE(all.has_value());
  std::map<JobStatus, int> by_status;
  std::set<std::string> customers;
  for (const Job& job : all->items) {
    ++by_status[job.status];
    customers.insert(job.customer_name);
    auto tasks = db.tasks.ListTasks(job.id);
    ASSERT_TRUE(tasks.has_value());
    EXPECT_GE(tasks->size(), 3u);
    EXPECT_LE(tasks->size(), 8u);
    if (job.status == JobStatus::kCompleted) {
      EXPECT_DOUBLE_EQ(job.progress_percent, 100.0);
    }
    if (job.status == JobStatus::kInProgress) {
      EXPECT_TRUE(job.actual_start.has_value());
    }
  }
  EXPECT_EQ(customers.size(), 6u);
  for (JobStatus s : {JobStatus::kPlanned, JobStatus::kApproved, JobStatus::kReleased,
                      JobStatus::kInProgress, JobStatus::kCompleted, JobStatus::kOnHold}) {
    EXPECT_GT(by_status[s], 0) << JobStatusName(s);
  }
  filter.overdue = true;
  filter.now = kNow;
  EXPECT_GT(db.jobs.ListJobs(filter)->total, 0);
}

TEST(DemoPlant, IsDeterministicAndIdempotent) {
  DemoDatabase first;
  DemoDatabase second;
  ASSERT_TRUE(first.Load(kNow).has_value());
  ASSERT_TRUE(second.Load(kNow).has_value());
  EXPECT_EQ(first.Fingerprint(), second.Fingerprint());

  auto again = first.Load(kNow);
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(again->skipped);
  EXPECT_NE(again->reason.find("30 jobs"), std::string::npos);
  EXPECT_EQ(first.Fingerprint().size(), 30u);
}

}  // namespace
}  // namespace takt::service
