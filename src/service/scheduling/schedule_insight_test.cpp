// ScheduleInsight's pure parts: plan diffs and the CSV report.
#include "service/scheduling/schedule_insight.hpp"

#include <gtest/gtest.h>

namespace takt::service {
namespace {

Instant At(const char* text) { return *ParseInstant(text); }

ScheduleAssignment Placed(std::int64_t task, std::int64_t machine, const char* start) {
  ScheduleAssignment a;
  a.task_id = TaskId{task};
  a.job_id = JobId{1};
  a.machine_id = MachineId{machine};
  a.setup_start = a.start = At(start);
  a.end = a.start + std::chrono::minutes(30);
  return a;
}

TEST(DiffPlans, ReportsShiftsMachineChangesAndTasksInOnePlanOnly) {
  Schedule first;
  first.assignments = {Placed(1, 1, "2026-11-23T06:00:00Z"), Placed(2, 1, "2026-11-23T07:00:00Z"),
                       Placed(3, 2, "2026-11-23T06:00:00Z")};
  Schedule second;
  second.assignments = {Placed(1, 1, "2026-11-23T06:00:00Z"), Placed(2, 1, "2026-11-23T06:30:00Z"),
                        Placed(4, 2, "2026-11-23T08:00:00Z")};
  second.assignments[1].machine_id = MachineId{2};
  const PlanDiff diff = DiffPlans(first, second);
  EXPECT_EQ(diff.unchanged, 1);
  ASSERT_EQ(diff.moves.size(), 3u);
  EXPECT_EQ(diff.moves[0].task_id, TaskId{2});
  EXPECT_EQ(diff.moves[0].shift_minutes, -30);
  EXPECT_TRUE(diff.moves[0].machine_changed);
  EXPECT_FALSE(diff.moves[1].after.has_value());   // task 3 only in the first plan
  EXPECT_FALSE(diff.moves[2].before.has_value());  // task 4 only in the second
  EXPECT_EQ(diff.churn_minutes, 30);
}

TEST(ReportCsv, OneQuotedLinePerAssignment) {
  ShopSnapshot shop;
  Job job;
  job.id = JobId{1};
  job.job_number = "J-1";
  shop.jobs.push_back(job);
  Task task;
  task.id = TaskId{1};
  task.job_id = job.id;
  task.sequence = 10;
  task.name = "Drill, deburr";
  shop.tasks[job.id] = {task};
  Machine machine;
  machine.id = MachineId{1};
  machine.code = "M1";
  shop.machines.push_back(machine);
  Schedule plan;
  plan.assignments = {Placed(1, 1, "2026-11-23T06:00:00Z")};
  const std::string csv = ReportCsv(plan, shop);
  EXPECT_EQ(csv,
            "job_number,task_id,sequence,task_name,machine,operators,setup_start,start,end,"
            "setup_minutes,pinned\r\n"
            "J-1,1,10,\"Drill, deburr\",M1,,2026-11-23T06:00:00Z,2026-11-23T06:00:00Z,"
            "2026-11-23T06:30:00Z,0,false\r\n");
}

}  // namespace
}  // namespace takt::service
