#include "core/master_data_rules.hpp"

#include <chrono>

namespace takt {

std::optional<std::string> CodeProblem(std::string_view code) {
  bool ok = code.size() >= 2 && code.size() <= 32;
  for (char c : code) {
    ok = ok && ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-');
  }
  if (ok) return std::nullopt;
  return "must match [A-Z0-9_-]{2,32} (2-32 upper-case letters, digits, '_' or '-')";
}

std::optional<std::string> NameProblem(std::string_view name) {
  auto first = name.find_first_not_of(" \t");
  if (first == std::string_view::npos) return "must not be empty";
  if (name.size() > kMaxNameLength) return "must be at most 200 characters";
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20) return "must not contain control characters";
  }
  return std::nullopt;
}

std::optional<std::string> DateProblem(std::string_view date) {
  const std::string_view bad = "must be a date YYYY-MM-DD";
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return std::string(bad);
  int parts[3] = {0, 0, 0};
  const int starts[3] = {0, 5, 8};
  const int lengths[3] = {4, 2, 2};
  for (int p = 0; p < 3; ++p) {
    for (int i = 0; i < lengths[p]; ++i) {
      char c = date[starts[p] + i];
      if (c < '0' || c > '9') return std::string(bad);
      parts[p] = parts[p] * 10 + (c - '0');
    }
  }
  std::chrono::year_month_day ymd{std::chrono::year(parts[0]),
                                  std::chrono::month(static_cast<unsigned>(parts[1])),
                                  std::chrono::day(static_cast<unsigned>(parts[2]))};
  if (!ymd.ok()) return "is not a real calendar date";
  return std::nullopt;
}

std::optional<std::string> TimezoneProblem(std::string_view tz) {
  bool ok = !tz.empty() && tz.size() <= 64 && tz.front() != '/' && tz.back() != '/';
  for (char c : tz) {
    ok = ok && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '_' || c == '-' || c == '+' || c == '/');
  }
  if (ok) return std::nullopt;
  return "must be an IANA time-zone name such as UTC or Europe/Berlin";
}

std::optional<int> ParseClockTime(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  for (int i : {0, 1, 3, 4}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  int hours = (text[0] - '0') * 10 + (text[1] - '0');
  int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (minutes > 59 || hours > 24 || (hours == 24 && minutes != 0)) return std::nullopt;
  return hours * 60 + minutes;
}

std::string FormatClockTime(int minute_of_day) {
  char buffer[8];
  buffer[0] = static_cast<char>('0' + minute_of_day / 600);
  buffer[1] = static_cast<char>('0' + (minute_of_day / 60) % 10);
  buffer[2] = ':';
  buffer[3] = static_cast<char>('0' + (minute_of_day % 60) / 10);
  buffer[4] = static_cast<char>('0' + minute_of_day % 10);
  return std::string(buffer, 5);
}

namespace {
constexpr const char* kWeekdays[] = {"MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"};
}

std::optional<int> ParseWeekday(std::string_view text) {
  for (int i = 0; i < 7; ++i) {
    if (text == kWeekdays[i]) return i + 1;
  }
  return std::nullopt;
}

const char* WeekdayName(int weekday) {
  return weekday >= 1 && weekday <= 7 ? kWeekdays[weekday - 1] : "?";
}

void AddProblem(std::vector<FieldError>& errors, std::string field,
                const std::optional<std::string>& problem) {
  if (problem) errors.push_back({std::move(field), *problem});
}

}  // namespace takt
