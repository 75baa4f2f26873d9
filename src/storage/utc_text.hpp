// UTC timestamps as stored text: RFC 3339 with milliseconds and a 'Z' ("2026-11-24T12:00:00.123Z"),
// which sorts lexicographically in time order, so indexes on these columns serve range queries.
// Pure functions; thread-safe.
#pragma once

#include <chrono>
#include <string>

namespace takt::storage {

std::string FormatUtc(std::chrono::system_clock::time_point at);
inline std::string UtcNowText() { return FormatUtc(std::chrono::system_clock::now()); }

}  // namespace takt::storage
