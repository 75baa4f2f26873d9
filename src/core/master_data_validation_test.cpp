// Field rules of the master-data entities: every defect reported at once, with JSON paths.
#include <gtest/gtest.h>

#include "core/calendar.hpp"
#include "core/machine.hpp"
#include "core/master_data_rules.hpp"
#include "core/shop_operator.hpp"
#include "core/skill.hpp"
#include "core/work_center.hpp"

namespace takt {
namespace {

std::vector<std::string> Fields(const std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  out.reserve(errors.size());
  for (const auto& e : errors) out.push_back(e.field);
  return out;
}

TEST(MasterDataRulesTest, CodesFollowThePattern) {
  EXPECT_FALSE(CodeProblem("WELD_TIG-2").has_value());
  EXPECT_FALSE(CodeProblem("AB").has_value());
  EXPECT_TRUE(CodeProblem("A").has_value());
  EXPECT_TRUE(CodeProblem("weld").has_value());
  EXPECT_TRUE(CodeProblem("WELD TIG").has_value());
  EXPECT_TRUE(CodeProblem(std::string(33, 'A')).has_value());
  EXPECT_FALSE(CodeProblem(std::string(32, 'A')).has_value());
}

TEST(MasterDataRulesTest, DatesClockTimesWeekdaysAndZones) {
  EXPECT_FALSE(DateProblem("2028-02-29").has_value());
  EXPECT_TRUE(DateProblem("2027-02-29").has_value());
  EXPECT_TRUE(DateProblem("2027-2-1").has_value());
  EXPECT_EQ(ParseClockTime("06:30"), 390);
  EXPECT_EQ(ParseClockTime("24:00"), 1440);
  EXPECT_FALSE(ParseClockTime("24:01").has_value());
  EXPECT_FALSE(ParseClockTime("6:30").has_value());
  EXPECT_EQ(FormatClockTime(390), "06:30");
  EXPECT_EQ(ParseWeekday("SUN"), 7);
  EXPECT_FALSE(ParseWeekday("Sun").has_value());
  EXPECT_FALSE(TimezoneProblem("Europe/Berlin").has_value());
  EXPECT_TRUE(TimezoneProblem("Europe Berlin").has_value());
  EXPECT_TRUE(NameProblem("   ").has_value());
  EXPECT_TRUE(NameProblem("tab\there").has_value());
}

TEST(MasterDataValidationTest, SkillAndWorkCenterReportAllFields) {
  Skill skill;
  skill.code = "x";
  EXPECT_EQ(Fields(ValidateSkill(skill)), (std::vector<std::string>{"code", "name"}));
  WorkCenter wc;
  wc.code = "WC1";
  wc.name = "Assembly";
  wc.wip_limit = 0;
  EXPECT_EQ(Fields(ValidateWorkCenter(wc)), (std::vector<std::string>{"wip_limit"}));
}

TEST(MasterDataValidationTest, CalendarAllowsOvernightShiftsButNotEmptyOnes) {
  Calendar c;
  c.name = "Nights";
  c.shifts = {{1, 1320, 360}, {2, 480, 480}, {8, 0, 60}};
  c.holidays = {{"2026-12-25", ""}, {"2026-12-25", ""}, {"2026-13-01", ""}};
  c.exceptions = {{CalendarExceptionKind::kWorking, Instant(std::chrono::seconds(100)),
                   Instant(std::chrono::seconds(50)), ""}};
  EXPECT_EQ(Fields(ValidateCalendar(c)),
            (std::vector<std::string>{"shifts[1].end", "shifts[2].weekday", "holidays[1].date",
                                      "holidays[2].date", "exceptions[0].end"}));
}

TEST(MasterDataValidationTest, MachineEfficiencySkillsAndSetupMatrix) {
  Machine m;
  m.code = "M1";
  m.name = "Mill";
  m.efficiency = 0.05;
  m.required_skills = {{SkillId(1), 6}, {SkillId(1), 2}};
  m.setup_matrix = {{"A", "B", -1}, {"A", "B", 5}};
  EXPECT_EQ(Fields(ValidateMachine(m)),
            (std::vector<std::string>{"efficiency", "required_skills[0].min_level",
                                      "required_skills[1].skill_id", "setup_matrix[0].minutes",
                                      "setup_matrix[1]"}));
  m = Machine{};
  m.code = "M1";
  m.name = "Mill";
  m.efficiency = 2.0;
  EXPECT_TRUE(ValidateMachine(m).empty());
}

TEST(MasterDataValidationTest, OperatorSkillsNeedAConsistentCertificationWindow) {
  Operator op;
  op.employee_id = "E 1";
  op.name = "Ada";
  op.skills = {{SkillId(1), 0, "2026-05-01", "2026-04-01"}};
  EXPECT_EQ(Fields(ValidateOperator(op)),
            (std::vector<std::string>{"employee_id", "skills[0].level", "skills[0].expires_on"}));
  OperatorSkill window{SkillId(1), 3, "2026-01-01", "2026-12-31"};
  EXPECT_TRUE(window.ValidOn("2026-06-15"));
  EXPECT_FALSE(window.ValidOn("2027-01-01"));
  EXPECT_FALSE(window.ValidOn("2025-12-31"));
}

}  // namespace
}  // namespace takt
