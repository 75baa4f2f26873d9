// Calendar: the single source of working time for machines, operators and work centers.
//   - shifts: weekly working intervals (weekday, start, end as minutes of day); several per day;
//     end <= start means the shift runs overnight into the next day (22:00-06:00);
//   - breaks: weekly intervals removed from the shifts (same shape, may also cross midnight);
//   - holidays: whole dates without work;
//   - exceptions: dated intervals of extra WORKING or NON_WORKING time that override the week.
// Times are local to `timezone` (an IANA name). A plain value type; safe to copy between threads.
// ValidateCalendar reports every bad field at once with JSON paths ("shifts[2].end").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/instant.hpp"
#include "core/strong_id.hpp"

namespace takt {

struct CalendarTag;
using CalendarId = StrongId<CalendarTag>;

struct WeeklyInterval {
  int weekday = 1;       // ISO: 1 = Monday ... 7 = Sunday
  int start_minute = 0;  // 0-1439
  int end_minute = 0;    // 1-1440; <= start_minute means it ends the next day
  bool operator==(const WeeklyInterval&) const = default;
};

struct CalendarHoliday {
  std::string date;  // YYYY-MM-DD
  std::string name;
  bool operator==(const CalendarHoliday&) const = default;
};

enum class CalendarExceptionKind { kWorking, kNonWorking };
const char* CalendarExceptionKindName(CalendarExceptionKind kind);
std::optional<CalendarExceptionKind> ParseCalendarExceptionKind(std::string_view text);

struct CalendarException {
  CalendarExceptionKind kind = CalendarExceptionKind::kNonWorking;
  Instant start{};
  Instant end{};
  std::string reason;
  bool operator==(const CalendarException&) const = default;
};

struct Calendar {
  CalendarId id;
  std::string name;  // unique
  std::string timezone = "UTC";
  std::vector<WeeklyInterval> shifts;
  std::vector<WeeklyInterval> breaks;
  std::vector<CalendarHoliday> holidays;
  std::vector<CalendarException> exceptions;
  std::int64_t version = 1;
  std::string created_at;
  std::string updated_at;
};

std::vector<FieldError> ValidateCalendar(const Calendar& calendar);

}  // namespace takt
