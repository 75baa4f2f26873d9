// Job and task request parsing below HTTP: task bodies (modes, shorthand, links), the expected
// version from If-Match or the body, and GET /jobs query parameters.
#include "api/handlers/job_dto.hpp"

#include <gtest/gtest.h>

#include <boost/json/monotonic_resource.hpp>

#include "api/handlers/job_list_query.hpp"
#include "api/json_text.hpp"

namespace takt::api {
namespace {

bool HasField(const std::vector<FieldError>& errors, const std::string& field) {
  for (const FieldError& e : errors) {
    if (e.field == field) return true;
  }
  return false;
}

TEST(ReadTask, ModesOperatorsAndLinks) {
  auto body = JsonReader::Parse(R"({"sequence": 20, "name": "Weld",
      "modes": [{"machine_id": "3", "setup_minutes": 10, "run_minutes": 1.5,
                 "operators": [{"skill": "WELD", "min_level": 3, "attendance": "SETUP_ONLY"}]},
                {"work_center_id": "2"}],
      "predecessors": [{"sequence": 10, "type": "SS", "min_lag": 5, "max_lag": 60}]})");
  Task task = ReadTask(body);
  body.RejectUnknownFields();
  ASSERT_TRUE(body.Finish().has_value());
  EXPECT_EQ(task.sequence, 20);
  ASSERT_EQ(task.modes.size(), 2u);
  EXPECT_EQ(task.modes[0].machine_id, MachineId{3});
  EXPECT_EQ(task.modes[0].operators[0].skill_code, "WELD");
  EXPECT_EQ(task.modes[0].operators[0].attendance, Attendance::kSetupOnly);
  EXPECT_EQ(task.modes[1].work_center_id, WorkCenterId{2});
  ASSERT_EQ(task.predecessors.size(), 1u);
  EXPECT_EQ(task.predecessors[0].type, PrecedenceType::kStartToStart);
  EXPECT_EQ(task.predecessors[0].max_lag_minutes, 60);
}

TEST(JobDetailDto, AnArenaGivesTheSameJsonAsTheHeap) {
  auto body = JsonReader::Parse(R"({"sequence": 20, "name": "Weld \"rush\"",
      "modes": [{"machine_id": "3", "setup_minutes": 10, "run_minutes": 1.5,
                 "operators": [{"skill": "WELD", "min_level": 3, "attendance": "SETUP_ONLY"}]},
                {"work_center_id": "2"}],
      "predecessors": [{"sequence": 10, "type": "SS", "min_lag": 5, "max_lag": 60}]})");
  Task task = ReadTask(body);
  ASSERT_TRUE(body.Finish().has_value());
  service::JobDetail detail;
  detail.job.id = JobId{7};
  detail.job.job_number = "J-7";
  detail.job.quantity = 12;
  detail.job.compliance_requirements = {"ITAR", "ISO-9001"};
  detail.job.planned_start = Instant(std::chrono::seconds(1'800'000'000));
  detail.history.push_back({"PLANNED", "RELEASED", "pat", detail.job.created_at, "go"});
  for (int i = 0; i < 40; ++i) detail.tasks.push_back(task);  // more than the arena's first block
  const Instant now(std::chrono::seconds(1'900'000'000));
  const std::string heap = JsonText(JobDetailDto(detail, now));
  unsigned char buffer[512];
  boost::json::monotonic_resource arena(buffer, sizeof buffer);
  EXPECT_EQ(JsonText(JobDetailDto(detail, now, &arena)), heap);
  EXPECT_NE(heap.find(R"("job_number":"J-7")"), std::string::npos);
  EXPECT_NE(heap.find(R"("name":"Weld \"rush\"")"), std::string::npos);
}

TEST(ReadTask, MachineShorthandUsesTheTaskTimes) {
  auto body = JsonReader::Parse(
      R"({"sequence": 10, "name": "Mill", "setup_minutes": 30, "run_minutes_per_unit": 2,
          "machine_id": "7"})");
  Task task = ReadTask(body);
  ASSERT_TRUE(body.Finish().has_value());
  ASSERT_EQ(task.modes.size(), 1u);
  EXPECT_EQ(task.modes[0].machine_id, MachineId{7});
  EXPECT_EQ(task.modes[0].setup_minutes, 30);
  EXPECT_EQ(task.modes[0].run_minutes, 2.0);
}

TEST(ReadTask, EveryBadMemberIsReported) {
  auto body = JsonReader::Parse(
      R"({"sequence": "ten", "machine_id": "1", "modes": [{"machine_id": "2",
          "operators": [{"min_level": 2, "attendance": "SOMETIMES"}]}],
          "predecessors": [{"sequence": 10, "type": "XX"}], "colour": "red"})");
  (void)ReadTask(body);
  body.RejectUnknownFields();
  auto result = body.Finish();
  ASSERT_FALSE(result.has_value());
  const auto& errors = result.error().field_errors;
  for (const char* f : {"sequence", "name", "machine_id", "modes[0].operators[0].skill",
                        "modes[0].operators[0].attendance", "predecessors[0].type", "colour"}) {
    EXPECT_TRUE(HasField(errors, f)) << f;
  }
}

TEST(ReadInstant, RejectsWhatIsNotRfc3339) {
  auto body = JsonReader::Parse(R"({"a": "2026-11-24T08:00:00Z", "b": "tomorrow"})");
  EXPECT_TRUE(ReadInstant(body, "a", JsonReader::kRequired).has_value());
  EXPECT_FALSE(ReadInstant(body, "b", JsonReader::kRequired).has_value());
  EXPECT_FALSE(ReadInstant(body, "c", JsonReader::kOptional).has_value());
  auto result = body.Finish();
  ASSERT_FALSE(result.has_value());
  EXPECT_TRUE(HasField(result.error().field_errors, "b"));
  EXPECT_FALSE(HasField(result.error().field_errors, "c"));
}

Request WithIfMatch(const char* value) {
  Request r;
  if (value != nullptr) r.headers.Set("If-Match", value);
  return r;
}

TEST(ExpectedVersion, IfMatchOrBody) {
  EXPECT_EQ(*ExpectedVersion(WithIfMatch("\"3\""), std::nullopt), 3);
  EXPECT_EQ(*ExpectedVersion(WithIfMatch("W/\"4\""), std::nullopt), 4);
  EXPECT_EQ(*ExpectedVersion(WithIfMatch("5"), std::nullopt), 5);
  EXPECT_EQ(*ExpectedVersion(WithIfMatch("*"), std::nullopt), std::nullopt);
  EXPECT_EQ(*ExpectedVersion(WithIfMatch(nullptr), 6), 6);
  EXPECT_EQ(*ExpectedVersion(WithIfMatch(nullptr), std::nullopt), std::nullopt);
  EXPECT_EQ(*ExpectedVersion(WithIfMatch("\"2\""), 2), 2);
  EXPECT_FALSE(ExpectedVersion(WithIfMatch("\"2\""), 3).has_value());
  EXPECT_FALSE(ExpectedVersion(WithIfMatch("three"), std::nullopt).has_value());
  EXPECT_FALSE(ExpectedVersion(WithIfMatch("\"0\""), std::nullopt).has_value());
}

Request WithQuery(std::vector<std::pair<std::string, std::string>> params) {
  Request r;
  r.query_params = std::move(params);
  return r;
}

TEST(JobListQuery, FiltersSortPagingAndCursor) {
  auto q = ParseJobListQuery(WithQuery({{"status", "RELEASED,IN_PROGRESS"},
                                        {"status", "ON_HOLD"},
                                        {"priority", "HIGH"},
                                        {"customer", "Acme"},
                                        {"overdue", "false"},
                                        {"sort", "-priority"},
                                        {"limit", "20"},
                                        {"cursor", JobListCursor(40)},
                                        {"include", "tasks"}}));
  ASSERT_TRUE(q.has_value()) << q.error().message;
  EXPECT_EQ(q->filter.statuses.size(), 3u);
  EXPECT_EQ(q->filter.priorities, std::vector<JobPriority>{JobPriority::kHigh});
  EXPECT_EQ(q->filter.customer, "Acme");
  EXPECT_EQ(q->filter.overdue, false);
  EXPECT_EQ(q->filter.sort.key, storage::JobSortKey::kPriority);
  EXPECT_TRUE(q->filter.sort.descending);
  EXPECT_EQ(q->filter.limit, 20);
  EXPECT_EQ(q->filter.offset, 40);
  EXPECT_TRUE(q->include_tasks);
}

TEST(JobListQuery, EveryBadParameterAtOnce) {
  auto q = ParseJobListQuery(WithQuery({{"status", "DONE"},
                                        {"priority", "low"},
                                        {"due_before", "soon"},
                                        {"overdue", "yes"},
                                        {"limit", "5000"},
                                        {"offset", "-1"},
                                        {"cursor", "abc"},
                                        {"sort", "colour"},
                                        {"include", "everything"},
                                        {"page", "2"}}));
  ASSERT_FALSE(q.has_value());
  for (const char* f : {"status", "priority", "due_before", "overdue", "limit", "offset", "cursor",
                        "sort", "include", "page"}) {
    EXPECT_TRUE(HasField(q.error().field_errors, f)) << f;
  }
}

}  // namespace
}  // namespace takt::api
