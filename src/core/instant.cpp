#include "core/instant.hpp"

#include <cstdio>

namespace takt {
namespace {

// Reads exactly `width` digits at `pos`; -1 when they are not all digits.
int Digits(std::string_view text, std::size_t pos, std::size_t width) {
  if (pos + width > text.size()) return -1;
  int value = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

std::optional<Instant> ParseInstant(std::string_view text) {
  using namespace std::chrono;
  const int y = Digits(text, 0, 4);
  const int mo = Digits(text, 5, 2);
  const int d = Digits(text, 8, 2);
  if (y < 0 || mo < 0 || d < 0 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)},
                           day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  const Instant midnight{sys_days{ymd}.time_since_epoch()};
  if (text.size() == 10) return midnight;

  if (text[10] != 'T' && text[10] != 't' && text[10] != ' ') return std::nullopt;
  const int h = Digits(text, 11, 2);
  const int mi = Digits(text, 14, 2);
  const int s = Digits(text, 17, 2);
  if (h < 0 || mi < 0 || s < 0 || text[13] != ':' || text[16] != ':') return std::nullopt;
  if (h > 23 || mi > 59 || s > 60) return std::nullopt;
  std::size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    const std::size_t digits_start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == digits_start) return std::nullopt;
  }
  if (pos >= text.size()) return std::nullopt;  // an offset is required
  Instant at = midnight + hours{h} + minutes{mi} + seconds{s};
  const char zone = text[pos];
  if ((zone == 'Z' || zone == 'z') && pos + 1 == text.size()) return at;
  if (zone != '+' && zone != '-') return std::nullopt;
  const int oh = Digits(text, pos + 1, 2);
  const int om = Digits(text, pos + 4, 2);
  if (oh < 0 || om < 0 || text[pos + 3] != ':' || pos + 6 != text.size()) return std::nullopt;
  if (oh > 23 || om > 59) return std::nullopt;
  const seconds offset = hours{oh} + minutes{om};
  return zone == '+' ? at - offset : at + offset;
}

void AppendInstant(std::string& out, Instant at) {
  using namespace std::chrono;
  const sys_days day_point = floor<days>(at);
  const year_month_day ymd{day_point};
  const hh_mm_ss<seconds> time{at - day_point};
  const int y = static_cast<int>(ymd.year());
  if (y < 0 || y > 9999) {  // outside RFC 3339's four-digit years: the general (slower) path
    char buffer[48];
    const int length = std::snprintf(
        buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ", y,
        static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
        static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
        static_cast<int>(time.seconds().count()));
    out.append(buffer, static_cast<std::size_t>(length > 0 ? length : 0));
    return;
  }
  // Written digit by digit: this runs several dozen times per job created or read, where
  // snprintf's format parsing was a measurable share of the server's CPU.
  char text[] = "0000-00-00T00:00:00Z";
  const auto two = [&text](std::size_t pos, unsigned value) {
    text[pos] = static_cast<char>('0' + value / 10);
    text[pos + 1] = static_cast<char>('0' + value % 10);
  };
  const auto year = static_cast<unsigned>(y);
  two(0, year / 100);
  two(2, year % 100);
  two(5, static_cast<unsigned>(ymd.month()));
  two(8, static_cast<unsigned>(ymd.day()));
  two(11, static_cast<unsigned>(time.hours().count()));
  two(14, static_cast<unsigned>(time.minutes().count()));
  two(17, static_cast<unsigned>(time.seconds().count()));
  out.append(text, sizeof text - 1);
}

std::string FormatInstant(Instant at) {
  std::string out;
  AppendInstant(out, at);
  return out;
}

}  // namespace takt
