#include "storage/utc_text.hpp"

#include "core/instant.hpp"

namespace takt::storage {

std::string FormatUtc(std::chrono::system_clock::time_point at) {
  using namespace std::chrono;
  const auto whole = floor<seconds>(at);
  const auto millis = static_cast<int>(duration_cast<milliseconds>(at - whole).count());  // 0-999
  // The instant's RFC 3339 text with ".mmm" put before its 'Z'.
  std::string out;
  out.reserve(24);
  AppendInstant(out, Instant{whole.time_since_epoch()});
  out.back() = '.';
  out.push_back(static_cast<char>('0' + millis / 100));
  out.push_back(static_cast<char>('0' + millis / 10 % 10));
  out.push_back(static_cast<char>('0' + millis % 10));
  out.push_back('Z');
  return out;
}

}  // namespace takt::storage
