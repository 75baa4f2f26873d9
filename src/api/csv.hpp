// CSV (RFC 4180) for bulk master data: a strict reader and a writer. The reader takes UTF-8 text
// with a header line, comma separators, optional double-quoted fields ("" escapes a quote; quoted
// fields may hold commas and line breaks), LF or CRLF line ends, an optional UTF-8 BOM, and skips
// blank lines. Every row must have as many fields as the header; header names are trimmed and must
// be unique. Problems are reported all at once as FieldErrors ("rows[3]": "has 4 fields, the
// header has 5"). The writer quotes a field only when it needs it and ends lines with CRLF.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace takt::api {

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // data rows; rows[i] is "rows[i+1]" in errors
  std::vector<int> lines;                      // 1-based line where each row starts
};

Result<CsvTable> ParseCsv(std::string_view text);

// One CSV line (with CRLF) from `fields`.
std::string CsvLine(const std::vector<std::string>& fields);

}  // namespace takt::api
