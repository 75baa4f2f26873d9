#include "storage/utc_text.hpp"

#include <cstdio>
#include <ctime>

namespace takt::storage {

std::string FormatUtc(std::chrono::system_clock::time_point at) {
  using namespace std::chrono;
  const auto ms = duration_cast<milliseconds>(at.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  int millis = static_cast<int>(ms % 1000);
  if (millis < 0) {
    millis += 1000;
    --seconds;
  }
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  const int year = tm.tm_year + 1900;
  if (year < 0 || year > 9999) {  // outside four-digit years: the general (slower) path
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", year, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
    return buffer;
  }
  // Digit by digit (every audit entry stamps one; snprintf's format parsing was the cost).
  std::string out = "0000-00-00T00:00:00.000Z";
  const auto two = [&out](std::size_t pos, int value) {
    out[pos] = static_cast<char>('0' + value / 10);
    out[pos + 1] = static_cast<char>('0' + value % 10);
  };
  two(0, year / 100);
  two(2, year % 100);
  two(5, tm.tm_mon + 1);
  two(8, tm.tm_mday);
  two(11, tm.tm_hour);
  two(14, tm.tm_min);
  two(17, tm.tm_sec);
  out[20] = static_cast<char>('0' + millis / 100);
  two(21, millis % 100);
  return out;
}

}  // namespace takt::storage
