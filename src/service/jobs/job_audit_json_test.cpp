#include "service/jobs/job_audit_json.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace takt::service {
namespace {

using ::testing::HasSubstr;

// The audit image must say exactly what was stored: fractional minutes keep every digit.
TEST(JobAuditJsonTest, FractionalMinutesAreRecordedExactly) {
  Task task;
  task.sequence = 10;
  task.name = "Mill \"rough\"\n";
  task.run_minutes_per_unit = 1.2345678901;
  TaskMode mode;
  mode.run_minutes = 0.1;
  task.modes.push_back(mode);
  const std::string text = TaskAuditJson(task);
  EXPECT_THAT(text, HasSubstr("\"run_minutes_per_unit\":1.2345678901"));
  EXPECT_THAT(text, HasSubstr("\"run_minutes\":0.1"));
  const boost::json::value parsed = boost::json::parse(text);  // valid JSON, escapes included
  EXPECT_EQ(parsed.at("name").as_string(), "Mill \"rough\"\n");
  EXPECT_EQ(parsed.at("run_minutes_per_unit").as_double(), 1.2345678901);
}

}  // namespace
}  // namespace takt::service
