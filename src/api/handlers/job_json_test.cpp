// The directly written job JSON against the reference it replaces: for varied jobs, tasks and
// histories, AppendJobDetailJson / AppendJobJson / AppendTaskJson must give byte for byte what
// JsonText makes of the Boost.JSON DTOs, and text that parses; the list and event bodies must give
// what the handlers built before as Boost.JSON envelopes around the DTOs (reproduced below).
#include "api/handlers/job_json.hpp"

#include <gtest/gtest.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <limits>

#include "api/handlers/job_dto.hpp"
#include "api/json_text.hpp"

namespace takt::api {
namespace {

using std::chrono::seconds;

const Instant kNow{seconds(1'900'000'000)};

std::string DetailText(const service::JobDetail& detail, Instant now = kNow) {
  std::string out;
  AppendJobDetailJson(out, detail, now);
  return out;
}

// Asserts both paths agree and the text is JSON; returns the text for further checks.
std::string ExpectSameAsDto(const service::JobDetail& detail, Instant now = kNow) {
  std::string direct = DetailText(detail, now);
  EXPECT_EQ(direct, JsonText(JobDetailDto(detail, now)));
  boost::system::error_code error;
  const boost::json::value parsed = boost::json::parse(direct, error);
  EXPECT_FALSE(error) << error.message() << " in " << direct;
  EXPECT_TRUE(parsed.is_object());
  return direct;
}

Job SampleJob() {
  Job job;
  job.id = JobId{42};
  job.job_number = "J-42";
  job.customer_name = "Acme \"Tools\" GmbH\\Werk 2";
  job.part_number = "P-7";
  job.quantity = 12;
  job.priority = JobPriority::kUrgent;
  job.release_date = Instant{seconds(1'800'000'000)};
  job.due_date = Instant{seconds(1'800'604'800)};
  job.status = JobStatus::kReleased;
  job.notes = "line one\nline two\x01 \t end";
  job.compliance_requirements = {"ISO_13485", "ITAR", "Prüfung \"A\""};
  job.version = 5;
  job.created_by = "pat@example.com";
  job.created_at = Instant{seconds(1'799'000'000)};
  job.updated_at = Instant{seconds(1'799'000'321)};
  job.progress_percent = 33.333333333333336;
  job.planned_start = Instant{seconds(1'800'100'000)};
  job.planned_end = Instant{seconds(1'800'200'059)};
  job.actual_start = Instant{seconds(1'800'100'500)};
  return job;
}

TaskMode MachineMode(std::int64_t machine, std::int64_t setup, double run) {
  TaskMode mode;
  mode.machine_id = MachineId{machine};
  mode.setup_minutes = setup;
  mode.run_minutes = run;
  return mode;
}

TaskMode WorkCenterMode(std::int64_t center, std::int64_t setup, double run) {
  TaskMode mode;
  mode.work_center_id = WorkCenterId{center};
  mode.setup_minutes = setup;
  mode.run_minutes = run;
  return mode;
}

// A task with every optional part set: three modes with operators, two links (one with a max
// lag), a fixed duration and all actuals.
Task FullTask() {
  Task task;
  task.id = TaskId{101};
  task.job_id = JobId{42};
  task.sequence = 20;
  task.name = "Schweißen \"rush\" \\ 溶接";
  task.operation_code = "WELD-1";
  task.setup_minutes = 15;
  task.run_minutes_per_unit = 1.5;
  task.fixed_duration_minutes = 90;
  TaskMode weld = MachineMode(3, 10, 0.1);
  weld.operators.push_back({SkillId{4}, "WELD", 3, 2, Attendance::kSetupOnly});
  weld.operators.push_back({SkillId{5}, "INSPECT\n", 1, 1, Attendance::kFull});
  task.modes.push_back(weld);
  task.modes.push_back(WorkCenterMode(2, 0, 100.0));
  TaskMode unskilled = MachineMode(9, 7, 1e-7);
  unskilled.operators.push_back({SkillId{}, "", 5, 1, Attendance::kFull});
  task.modes.push_back(unskilled);
  task.setup_family = "steel/\x1f";
  task.predecessors.push_back({10, TaskId{100}, PrecedenceType::kStartToStart, 5, 60});
  task.predecessors.push_back({5, TaskId{99}, PrecedenceType::kFinishToStart, -3, std::nullopt});
  task.interruptible = true;
  task.pinned = true;
  task.status = TaskStatus::kCompleted;
  task.actuals.machine_id = MachineId{3};
  task.actuals.operator_ids = {OperatorId{8}, OperatorId{11}};
  task.actuals.start = Instant{seconds(1'800'100'500)};
  task.actuals.end = Instant{seconds(1'800'103'599)};
  task.actuals.produced_quantity = 11;
  task.actuals.scrap_quantity = 0;
  task.actuals.quality_notes = "burr on edge \"B\"";
  task.actuals.failure_reason = "none\r\n";
  task.version = 3;
  task.created_at = Instant{seconds(1'799'000'000)};
  task.updated_at = Instant{seconds(1'800'103'600)};
  return task;
}

// A task with every optional part unset and one plain machine mode.
Task BareTask() {
  Task task;
  task.id = TaskId{102};
  task.job_id = JobId{42};
  task.sequence = 30;
  task.name = "Pack";
  task.run_minutes_per_unit = 0.25;
  task.modes.push_back(MachineMode(1, 0, 0.25));
  return task;
}

TEST(JobJson, JobWithoutTasksOrHistory) {
  service::JobDetail detail;
  detail.job = SampleJob();
  const std::string text = ExpectSameAsDto(detail);
  EXPECT_NE(text.find(R"("tasks":[],"status_history":[]})"), std::string::npos) << text;
}

TEST(JobJson, DefaultJobWithNullsAndTheEpoch) {
  service::JobDetail detail;  // every optional unset, every instant 1970-01-01T00:00:00Z
  const std::string text = ExpectSameAsDto(detail);
  EXPECT_NE(text.find(R"("release_date":null)"), std::string::npos) << text;
  EXPECT_NE(text.find(R"("due_date":"1970-01-01T00:00:00Z")"), std::string::npos) << text;
  EXPECT_EQ(text.find("status_before_hold"), std::string::npos) << text;
}

TEST(JobJson, StatusBeforeHoldFollowsUpdatedAt) {
  service::JobDetail detail;
  detail.job = SampleJob();
  detail.job.status = JobStatus::kOnHold;
  detail.job.status_before_hold = JobStatus::kInProgress;
  detail.history.push_back(
      {"RELEASED", "IN_PROGRESS", "system", Instant{seconds(1'800'100'500)}, ""});
  detail.history.push_back({"IN_PROGRESS", "ON_HOLD", "pat@example.com",
                            Instant{seconds(1'800'150'000)}, "material \"late\"\n\x02"});
  const std::string text = ExpectSameAsDto(detail);
  EXPECT_NE(text.find(R"("status_before_hold":"IN_PROGRESS","tasks":[)"), std::string::npos)
      << text;
}

TEST(JobJson, TasksWithEveryPartSetAndUnset) {
  service::JobDetail detail;
  detail.job = SampleJob();
  detail.tasks = {FullTask(), BareTask(), FullTask()};
  detail.tasks[2].fixed_duration_minutes.reset();
  detail.tasks[2].actuals.end.reset();
  detail.tasks[2].actuals.produced_quantity.reset();
  detail.tasks[2].status = TaskStatus::kInProgress;
  detail.history.push_back({"PLANNED", "RELEASED", "pat", Instant{seconds(1'800'000'000)}, "go"});
  const std::string text = ExpectSameAsDto(detail);
  // The mode members in their documented order, and planned_minutes last in a task.
  EXPECT_NE(text.find(R"({"setup_minutes":0,"run_minutes":100,"operators":[],)"
                      R"("machine_id":null,"work_center_id":"2"})"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"("planned_minutes":)"), std::string::npos) << text;
}

TEST(JobJson, QuantityZeroLeavesPlannedMinutesOut) {
  service::JobDetail detail;
  detail.job = SampleJob();
  detail.tasks = {FullTask(), BareTask()};
  for (const std::int64_t quantity : {0, -1}) {
    detail.job.quantity = quantity;
    EXPECT_EQ(ExpectSameAsDto(detail).find("planned_minutes"), std::string::npos);
  }
  detail.job.quantity = 1'000'000;
  ExpectSameAsDto(detail);
}

TEST(JobJson, DoublesUseTheShortestRoundTripTextOrNull) {
  const double kValues[] = {1.5,
                            0.1,
                            100.0,
                            1e-7,
                            1e300,
                            -0.0,
                            0.0,
                            2.0 / 3.0,
                            std::numeric_limits<double>::max(),
                            std::numeric_limits<double>::denorm_min(),
                            std::numeric_limits<double>::quiet_NaN(),
                            std::numeric_limits<double>::infinity(),
                            -std::numeric_limits<double>::infinity()};
  service::JobDetail detail;
  detail.job = SampleJob();
  for (const double value : kValues) {
    detail.job.progress_percent = value;
    Task task = FullTask();
    task.run_minutes_per_unit = value;
    task.modes[1].run_minutes = value;
    detail.tasks = {task};
    detail.job.quantity = 0;  // PlannedMinutes of NaN or infinity is not a number to compare
    ExpectSameAsDto(detail);
  }
  detail.job.progress_percent = std::numeric_limits<double>::quiet_NaN();
  EXPECT_NE(DetailText(detail).find(R"("progress_percent":null)"), std::string::npos);
}

TEST(JobJson, StringsWithEveryAsciiByteAndUtf8) {
  service::JobDetail detail;
  detail.job = SampleJob();
  std::string every_byte;
  for (int byte = 0; byte < 128; ++byte) every_byte.push_back(static_cast<char>(byte));
  every_byte += "Fräs 溶接 🛠";
  detail.job.notes = every_byte;
  detail.job.customer_name = std::string("nul\0inside", 10);
  Task task = BareTask();
  task.name = every_byte;
  task.modes[0].operators.push_back({SkillId{1}, every_byte, 2, 1, Attendance::kFull});
  detail.tasks = {task};
  detail.history.push_back({every_byte, "\\", "\"", Instant{}, every_byte});
  const std::string text = ExpectSameAsDto(detail);
  EXPECT_NE(text.find(R"("customer_name":"nul\u0000inside")"), std::string::npos) << text;
}

TEST(JobJson, InstantsOfEveryDayAndTimeMatchFormatInstant) {
  service::JobDetail detail;
  // Every day over five years (leap days included) at a varying time of day.
  constexpr std::int64_t kDays = 1830;  // five years of 366 days
  for (std::int64_t day = 0; day < kDays; ++day) {
    detail.job.due_date = Instant{seconds(1'704'067'200 + day * 86'400 + (day * 3'607) % 86'400)};
    detail.job.release_date = Instant{seconds(-day * 86'400 * 41 - 1)};  // back to ~1765
    ASSERT_EQ(DetailText(detail), JsonText(JobDetailDto(detail, kNow))) << "day " << day;
  }
}

TEST(JobJson, InstantsOutsideFourDigitYears) {
  service::JobDetail detail;
  const std::int64_t kEdges[] = {
      -62'167'219'200,   // 0000-01-01T00:00:00Z
      -62'167'219'201,   // the last second of year -1
      253'402'300'799,   // 9999-12-31T23:59:59Z
      253'402'300'800,   // 10000-01-01T00:00:00Z
      -900'000'000'000,  // year -26550
      900'000'000'000,   // year 30489
  };
  for (const std::int64_t at : kEdges) {
    detail.job.due_date = Instant{seconds(at)};
    detail.job.created_at = Instant{seconds(at)};
    ExpectSameAsDto(detail);
  }
  detail.job.due_date = Instant{seconds(253'402'300'799)};
  EXPECT_NE(DetailText(detail).find(R"("due_date":"9999-12-31T23:59:59Z")"), std::string::npos);
}

TEST(JobJson, OverdueDependsOnNow) {
  service::JobDetail detail;
  detail.job = SampleJob();
  const Instant before_due = detail.job.due_date - seconds(1);
  const Instant after_due = detail.job.due_date + seconds(1);
  EXPECT_NE(ExpectSameAsDto(detail, before_due).find(R"("is_overdue":false)"), std::string::npos);
  EXPECT_NE(ExpectSameAsDto(detail, after_due).find(R"("is_overdue":true)"), std::string::npos);
}

TEST(JobJson, JobAndTaskAloneMatchTheirDtos) {
  const Job job = SampleJob();
  std::string job_text;
  AppendJobJson(job_text, job, kNow);
  EXPECT_EQ(job_text, JsonText(JobDto(job, kNow)));
  for (const Task& task : {FullTask(), BareTask()}) {
    for (const std::int64_t quantity : {0, 1, 7}) {
      std::string task_text;
      AppendTaskJson(task_text, task, quantity);
      EXPECT_EQ(task_text, JsonText(TaskDto(task, quantity)));
    }
  }
}

TEST(JobJson, AppendsAfterWhatIsAlreadyThere) {
  service::JobDetail detail;
  detail.job = SampleJob();
  detail.tasks = {BareTask()};
  std::string out = "[";
  AppendJobDetailJson(out, detail, kNow);
  out += ",";
  AppendJobDetailJson(out, detail, kNow);
  out += "]";
  const std::string one = JsonText(JobDetailDto(detail, kNow));
  EXPECT_EQ(out, "[" + one + "," + one + "]");
}

// GET /api/v1/jobs's body as its handler built it before it wrote text: JobDto items, `tasks` set
// on each item through operator[] (so a job missing from the map gets []), then the envelope.
std::string ListAsTheHandlerBuiltIt(const JobListBody& list, Instant now) {
  boost::json::array items;
  for (const Job& job : list.jobs) items.push_back(JobDto(job, now));
  if (list.tasks_of_jobs != nullptr && !list.jobs.empty()) {
    std::map<JobId, std::vector<Task>> by_job = *list.tasks_of_jobs;
    for (std::size_t i = 0; i < list.jobs.size(); ++i) {
      boost::json::array tasks;
      for (const Task& t : by_job[list.jobs[i].id])
        tasks.push_back(TaskDto(t, list.jobs[i].quantity));
      items[i].as_object()["tasks"] = std::move(tasks);
    }
  }
  boost::json::value cursor = nullptr;
  if (list.next_cursor) cursor = *list.next_cursor;
  return JsonText(boost::json::object{{"items", std::move(items)},
                                      {"total", list.total},
                                      {"next_cursor", cursor},
                                      {"limit", static_cast<int>(list.limit)},
                                      {"offset", list.offset}});
}

std::string ListText(const JobListBody& list) {
  std::string out;
  AppendJobListJson(out, list, kNow);
  return out;
}

std::vector<Job> SampleJobs() {
  std::vector<Job> jobs(4, SampleJob());
  jobs[1] = Job{};  // every optional unset
  jobs[1].id = JobId{43};
  jobs[2].id = JobId{44};
  jobs[2].quantity = 0;  // its tasks leave planned_minutes out
  jobs[3].id = JobId{45};
  jobs[3].status = JobStatus::kOnHold;
  jobs[3].status_before_hold = JobStatus::kReleased;  // `tasks` must follow it
  return jobs;
}

TEST(JobJson, JobListPagesMatchTheOldEnvelope) {
  const std::vector<Job> jobs = SampleJobs();
  JobListBody list{.jobs = jobs, .total = 9, .next_cursor = "o6", .limit = 4, .offset = 2};
  const std::string text = ListText(list);
  EXPECT_EQ(text, ListAsTheHandlerBuiltIt(list, kNow));
  EXPECT_EQ(text.find(R"("tasks")"), std::string::npos) << text;
  EXPECT_NE(text.find(R"(],"total":9,"next_cursor":"o6","limit":4,"offset":2})"), std::string::npos)
      << text;
  boost::system::error_code error;
  const boost::json::value parsed = boost::json::parse(text, error);
  ASSERT_FALSE(error) << error.message();
  EXPECT_EQ(parsed.at("items").as_array().size(), 4U);

  list.next_cursor.reset();  // the last page
  list.offset = 5;
  EXPECT_EQ(ListText(list), ListAsTheHandlerBuiltIt(list, kNow));
  EXPECT_NE(ListText(list).find(R"("next_cursor":null)"), std::string::npos);
}

TEST(JobJson, EmptyJobListPage) {
  JobListBody list{.total = 3, .limit = 50, .offset = 100};
  EXPECT_EQ(ListText(list), R"({"items":[],"total":3,"next_cursor":null,"limit":50,"offset":100})");
  EXPECT_EQ(ListText(list), ListAsTheHandlerBuiltIt(list, kNow));
  const std::map<JobId, std::vector<Task>> none;
  list.tasks_of_jobs = &none;
  EXPECT_EQ(ListText(list), ListAsTheHandlerBuiltIt(list, kNow));
}

TEST(JobJson, JobListWithTasksMatchesTheOldEnvelope) {
  const std::vector<Job> jobs = SampleJobs();
  std::map<JobId, std::vector<Task>> tasks_of_jobs;
  tasks_of_jobs[JobId{42}] = {BareTask(), FullTask()};
  tasks_of_jobs[JobId{44}] = {FullTask()};
  tasks_of_jobs[JobId{45}] = {BareTask()};
  tasks_of_jobs[JobId{99}] = {FullTask()};  // not on the page
  // Job 43 has no entry: it shows "tasks":[].
  const JobListBody list{
      .jobs = jobs, .tasks_of_jobs = &tasks_of_jobs, .total = 4, .limit = 1000, .offset = 0};
  const std::string text = ListText(list);
  EXPECT_EQ(text, ListAsTheHandlerBuiltIt(list, kNow));
  EXPECT_NE(text.find(R"("status_before_hold":"RELEASED","tasks":[{)"), std::string::npos) << text;
  EXPECT_NE(text.find(R"("tasks":[]})"), std::string::npos) << text;
}

TEST(JobJson, TaskListMatchesTheOldEnvelope) {
  const std::vector<Task> tasks = {FullTask(), BareTask()};
  for (const std::int64_t quantity : {0, 12}) {
    for (const std::size_t count : {0U, 1U, 2U}) {
      const std::span<const Task> some(tasks.data(), count);
      boost::json::array items;
      for (const Task& t : some) items.push_back(TaskDto(t, quantity));
      const auto total = static_cast<std::int64_t>(items.size());
      const std::string reference = JsonText(boost::json::object{
          {"items", std::move(items)}, {"total", total}, {"next_cursor", nullptr}});
      std::string text;
      AppendTaskListJson(text, some, quantity);
      EXPECT_EQ(text, reference) << count << " tasks, quantity " << quantity;
    }
  }
}

TEST(JobJson, TaskEventMatchesTheOldEnvelope) {
  service::TaskEvent event{FullTask(), SampleJob()};
  event.job.status_before_hold = JobStatus::kInProgress;
  for (const std::int64_t quantity : {0, 3}) {
    event.job.quantity = quantity;
    std::string text;
    AppendTaskEventJson(text, event, kNow);
    EXPECT_EQ(text, JsonText(boost::json::object{{"task", TaskDto(event.task, event.job.quantity)},
                                                 {"job", JobDto(event.job, kNow)}}));
  }
}

}  // namespace
}  // namespace takt::api
