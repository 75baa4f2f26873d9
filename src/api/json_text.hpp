// JsonText: the JSON text of a Boost.JSON value as the API sends it. Identical to
// boost::json::serialize except for numbers with a fraction: Boost.JSON (1.81) always writes
// doubles in scientific notation ("1E2", "3.333E1"), which clients and people read badly, so
// doubles are written as the shortest decimal text that reads back as the same double
// (std::to_chars: 100.0 -> "100", 33.33 -> "33.33", 0.5 -> "0.5"; very large or small magnitudes
// keep an exponent, e.g. "1e+300"). NaN and infinities, which JSON cannot carry, become null.
// Strings are escaped as RFC 8259 requires (quote, backslash and control characters; other UTF-8
// passes through unchanged).
// The primitives below append exactly the bytes JsonText writes for one string, integer or double
// value, for code that writes a hot response's text directly instead of building a tree first
// (api/handlers/job_json.hpp); writing through them keeps such text identical to JsonText's.
// Pure functions, thread-safe.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <string>
#include <string_view>

namespace takt::api {

std::string JsonText(const boost::json::value& value);

// Appends `text` as a JSON string: quoted, with quote, backslash and control characters escaped
// (\b \f \n \r \t or \u00XX); other bytes, UTF-8 included, are copied unchanged.
void AppendJsonString(std::string& out, std::string_view text);
// Appends the decimal text of an integer ("-7", "42").
void AppendJsonInteger(std::string& out, std::int64_t number);
// Appends the shortest decimal text that reads back as `number` ("100", "0.1", "1e+300"), or null
// for NaN and infinities.
void AppendJsonDouble(std::string& out, double number);

}  // namespace takt::api
