#include "core/job_validation.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace takt {
namespace {

Job ValidJob() {
  Job job;
  job.job_number = "wo-1001";
  job.customer_name = "Acme";
  job.part_number = "P-1";
  job.quantity = 10;
  job.release_date = Instant{std::chrono::seconds{1000}};
  job.due_date = Instant{std::chrono::seconds{100000}};
  job.compliance_requirements = {"ISO_13485"};
  return job;
}

Task ValidTask(std::int64_t sequence) {
  Task task;
  task.sequence = sequence;
  task.name = "Mill";
  task.setup_minutes = 10;
  task.run_minutes_per_unit = 2;
  TaskMode mode;
  mode.machine_id = MachineId{1};
  mode.operators.push_back({SkillId{1}, "CNC", 3, 1, Attendance::kFull});
  task.modes.push_back(mode);
  return task;
}

bool HasField(const std::vector<FieldError>& errors, const std::string& field) {
  return std::any_of(errors.begin(), errors.end(),
                     [&](const FieldError& e) { return e.field == field; });
}

TEST(ValidateJob, AcceptsAValidJob) { EXPECT_TRUE(ValidateJob(ValidJob()).empty()); }

TEST(ValidateJob, JobNumberRule) {
  EXPECT_TRUE(IsValidJobNumber("WO-1_A"));
  EXPECT_FALSE(IsValidJobNumber("WO"));
  EXPECT_FALSE(IsValidJobNumber(std::string(51, 'A')));
  EXPECT_TRUE(IsValidJobNumber(std::string(50, 'A')));
  EXPECT_FALSE(IsValidJobNumber("WO 1"));
  EXPECT_FALSE(IsValidJobNumber("wo-1"));  // callers upper-case first
  Job job = ValidJob();
  job.job_number = "ab";
  EXPECT_TRUE(HasField(ValidateJob(job), "job_number"));
  job.job_number = "wo/1";
  EXPECT_TRUE(HasField(ValidateJob(job), "job_number"));
  EXPECT_EQ(NormalizeJobNumber("wo-1a"), "WO-1A");
}

TEST(ValidateJob, ReportsEveryBadFieldAtOnce) {
  Job job = ValidJob();
  job.job_number = "";
  job.customer_name = "  ";
  job.part_number = "";
  job.quantity = 0;
  job.due_date = Instant{std::chrono::seconds{500}};  // before release
  job.notes = std::string(4001, 'x');
  job.compliance_requirements = {"iso", "GMP", "GMP"};
  auto errors = ValidateJob(job);
  for (const char* f : {"job_number", "customer_name", "part_number", "quantity", "due_date",
                        "notes", "compliance_requirements[0]", "compliance_requirements[2]"}) {
    EXPECT_TRUE(HasField(errors, f)) << f;
  }
  EXPECT_FALSE(HasField(errors, "compliance_requirements[1]"));
}

TEST(ValidateJob, DueDateRequiredAndAfterRelease) {
  Job job = ValidJob();
  job.due_date = *job.release_date;
  EXPECT_TRUE(HasField(ValidateJob(job), "due_date"));
  job.due_date = Instant{};
  EXPECT_TRUE(HasField(ValidateJob(job), "due_date"));
  job = ValidJob();
  job.release_date.reset();
  EXPECT_TRUE(ValidateJob(job).empty());
}

TEST(ValidateTask, AcceptsAValidTask) { EXPECT_TRUE(ValidateTask(ValidTask(10), "t").empty()); }

TEST(ValidateTask, EveryRuleNamesItsField) {
  Task task = ValidTask(0);
  task.name = "";
  task.operation_code = std::string(51, 'X');
  task.setup_minutes = -1;
  task.run_minutes_per_unit = -0.5;
  task.fixed_duration_minutes = -3;
  task.modes[0].machine_id.reset();  // neither machine nor work center
  task.modes[0].setup_minutes = -1;
  task.modes[0].run_minutes = -1;
  task.modes[0].operators[0] = {SkillId{}, "", 6, 0, Attendance::kFull};
  PrecedenceLink link;
  link.predecessor_sequence = 0;
  link.min_lag_minutes = -5;
  link.max_lag_minutes = -10;
  task.predecessors = {link};
  auto errors = ValidateTask(task, "tasks[1]");
  for (const char* f :
       {"tasks[1].sequence", "tasks[1].name", "tasks[1].operation_code", "tasks[1].setup_minutes",
        "tasks[1].run_minutes_per_unit", "tasks[1].fixed_duration_minutes",
        "tasks[1].modes[0].machine_id", "tasks[1].modes[0].setup_minutes",
        "tasks[1].modes[0].run_minutes", "tasks[1].modes[0].operators[0].skill",
        "tasks[1].modes[0].operators[0].min_level", "tasks[1].modes[0].operators[0].count",
        "tasks[1].predecessors[0].sequence", "tasks[1].predecessors[0].min_lag",
        "tasks[1].predecessors[0].max_lag"}) {
    EXPECT_TRUE(HasField(errors, f)) << f;
  }
}

TEST(ValidateTask, ModesAreRequiredAndExclusive) {
  Task task = ValidTask(10);
  task.modes.clear();
  EXPECT_TRUE(HasField(ValidateTask(task, ""), "modes"));
  task = ValidTask(10);
  task.modes[0].work_center_id = WorkCenterId{2};
  EXPECT_TRUE(HasField(ValidateTask(task, ""), "modes[0].machine_id"));
  task.modes[0].machine_id.reset();
  EXPECT_TRUE(ValidateTask(task, "").empty());
}

TEST(ValidateTask, LagsAndSelfLinks) {
  Task task = ValidTask(10);
  PrecedenceLink self;
  self.predecessor_sequence = 10;
  task.predecessors = {self};
  EXPECT_TRUE(HasField(ValidateTask(task, ""), "predecessors[0].sequence"));
  PrecedenceLink ok;
  ok.predecessor_sequence = 5;
  ok.min_lag_minutes = 10;
  ok.max_lag_minutes = 10;  // equal is fine
  task.predecessors = {ok};
  EXPECT_TRUE(ValidateTask(task, "").empty());
}

TEST(ValidateTaskList, DuplicateSequencesUnknownLinksAndCycles) {
  std::vector<Task> tasks = {ValidTask(10), ValidTask(20), ValidTask(20)};
  auto errors = ValidateTaskList(tasks, "tasks");
  EXPECT_TRUE(HasField(errors, "tasks[2].sequence"));
  EXPECT_FALSE(HasField(errors, "tasks[1].sequence"));

  tasks = {ValidTask(10), ValidTask(20)};
  PrecedenceLink unknown;
  unknown.predecessor_sequence = 99;
  tasks[1].predecessors = {unknown};
  EXPECT_TRUE(HasField(ValidateTaskList(tasks, "tasks"), "tasks[1].predecessors[0].sequence"));

  PrecedenceLink a;
  a.predecessor_sequence = 20;
  PrecedenceLink b;
  b.predecessor_sequence = 10;
  tasks[0].predecessors = {a};
  tasks[1].predecessors = {b};
  EXPECT_TRUE(HasField(ValidateTaskList(tasks, "tasks"), "tasks"));

  tasks[0].predecessors.clear();
  EXPECT_TRUE(ValidateTaskList(tasks, "tasks").empty());
}

}  // namespace
}  // namespace takt
