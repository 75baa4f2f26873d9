// JsonText: the JSON text of a Boost.JSON value as the API sends it. Identical to
// boost::json::serialize except for numbers with a fraction: Boost.JSON (1.81) always writes
// doubles in scientific notation ("1E2", "3.333E1"), which clients and people read badly, so
// doubles are written as the shortest decimal text that reads back as the same double
// (std::to_chars: 100.0 -> "100", 33.33 -> "33.33", 0.5 -> "0.5"; very large or small magnitudes
// keep an exponent, e.g. "1e+300"). NaN and infinities, which JSON cannot carry, become null.
// Strings are escaped as RFC 8259 requires (quote, backslash and control characters; other UTF-8
// passes through unchanged).
// Pure function, thread-safe.
#pragma once

#include <boost/json/value.hpp>
#include <string>

namespace takt::api {

std::string JsonText(const boost::json::value& value);

}  // namespace takt::api
