// Instant: a wall-clock moment in whole seconds since the Unix epoch, UTC, and its RFC 3339 text.
// Timestamps travel in JSON as RFC 3339 ("2026-11-24T08:00:00Z"); offsets are accepted on input
// and converted to UTC, fractions of a second are accepted and dropped, and a bare date
// ("2026-11-24") means midnight UTC. Output is always "YYYY-MM-DDTHH:MM:SSZ". Pure functions;
// thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace takt {

using Instant = std::chrono::sys_seconds;

// nullopt when `text` is not an RFC 3339 date-time (or a bare date) or names an impossible date.
std::optional<Instant> ParseInstant(std::string_view text);

// "YYYY-MM-DDTHH:MM:SSZ".
std::string FormatInstant(Instant at);
// The same text appended to `out` (no temporary string: for writers of many timestamps).
void AppendInstant(std::string& out, Instant at);

// The current time, truncated to seconds.
inline Instant InstantNow() {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

}  // namespace takt
