// Field rules shared by the master-data entities (skills, work centers, calendars, machines,
// operators): codes, names, dates and clock times. Each check returns the reason a value is bad
// (a sentence fragment such as "must match [A-Z0-9_-]{2,32}") or nullopt when it is fine, so the
// entity validators can report every bad field at once. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace takt {

inline constexpr std::size_t kMaxNameLength = 200;

// A code (skill, work center, machine): [A-Z0-9_-]{2,32}.
std::optional<std::string> CodeProblem(std::string_view code);
// A display name: 1-200 characters after trimming, no control characters.
std::optional<std::string> NameProblem(std::string_view name);
// A calendar date "YYYY-MM-DD" that exists.
std::optional<std::string> DateProblem(std::string_view date);
// An IANA time-zone name such as "UTC" or "Europe/Berlin" (shape only: letters, digits, '_', '-',
// '+', '/'; 1-64 characters).
std::optional<std::string> TimezoneProblem(std::string_view timezone);

// "HH:MM" (00:00-24:00) -> minutes since midnight; nullopt when malformed.
std::optional<int> ParseClockTime(std::string_view text);
std::string FormatClockTime(int minute_of_day);

// ISO weekdays: 1 = "MON" ... 7 = "SUN".
std::optional<int> ParseWeekday(std::string_view text);
const char* WeekdayName(int weekday);

// Appends {field, *problem} to `errors` when `problem` is set.
void AddProblem(std::vector<FieldError>& errors, std::string field,
                const std::optional<std::string>& problem);

}  // namespace takt
