#include "core/calendar.hpp"

#include <set>

#include "core/master_data_rules.hpp"

namespace takt {

const char* CalendarExceptionKindName(CalendarExceptionKind kind) {
  return kind == CalendarExceptionKind::kWorking ? "WORKING" : "NON_WORKING";
}

std::optional<CalendarExceptionKind> ParseCalendarExceptionKind(std::string_view text) {
  if (text == "WORKING") return CalendarExceptionKind::kWorking;
  if (text == "NON_WORKING") return CalendarExceptionKind::kNonWorking;
  return std::nullopt;
}

namespace {

void CheckWeekly(const std::vector<WeeklyInterval>& list, const std::string& name,
                 std::vector<FieldError>& errors) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    const WeeklyInterval& w = list[i];
    std::string path = name + "[" + std::to_string(i) + "]";
    if (w.weekday < 1 || w.weekday > 7) errors.push_back({path + ".weekday", "must be MON-SUN"});
    if (w.start_minute < 0 || w.start_minute > 1439) {
      errors.push_back({path + ".start", "must be a time 00:00-23:59"});
    }
    if (w.end_minute < 0 || w.end_minute > 1440) {
      errors.push_back({path + ".end", "must be a time 00:00-24:00"});
    }
    if (w.end_minute == w.start_minute) {
      errors.push_back({path + ".end", "must differ from start (a zero-length interval)"});
    }
  }
}

}  // namespace

std::vector<FieldError> ValidateCalendar(const Calendar& c) {
  std::vector<FieldError> errors;
  AddProblem(errors, "name", NameProblem(c.name));
  AddProblem(errors, "timezone", TimezoneProblem(c.timezone));
  CheckWeekly(c.shifts, "shifts", errors);
  CheckWeekly(c.breaks, "breaks", errors);
  std::set<std::string> dates;
  for (std::size_t i = 0; i < c.holidays.size(); ++i) {
    std::string path = "holidays[" + std::to_string(i) + "]";
    AddProblem(errors, path + ".date", DateProblem(c.holidays[i].date));
    if (!dates.insert(c.holidays[i].date).second) {
      errors.push_back({path + ".date", "is listed twice"});
    }
  }
  for (std::size_t i = 0; i < c.exceptions.size(); ++i) {
    if (c.exceptions[i].end <= c.exceptions[i].start) {
      errors.push_back({"exceptions[" + std::to_string(i) + "].end", "must be after start"});
    }
  }
  return errors;
}

}  // namespace takt
