#include "api/csv.hpp"

#include <set>

namespace takt::api {

namespace {

std::string Trim(const std::string& text) {
  auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

}  // namespace

Result<CsvTable> ParseCsv(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<std::vector<std::string>> records;
  std::vector<int> lines;
  std::vector<FieldError> errors;
  std::vector<std::string> record;
  std::string field;
  bool in_quotes = false;
  bool field_was_quoted = false;
  int line = 1;
  int record_line = 1;
  auto end_record = [&] {
    record.push_back(std::move(field));
    field.clear();
    field_was_quoted = false;
    const bool blank = record.size() == 1 && record[0].empty();
    if (!blank) {
      records.push_back(std::move(record));
      lines.push_back(record_line);
    }
    record.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    if (c == '"') {
      if (!field.empty() || field_was_quoted) {
        errors.push_back({"line " + std::to_string(line),
                          "a quote may only start a field; double it (\"\") inside quotes"});
      }
      in_quotes = true;
      field_was_quoted = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      field_was_quoted = false;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;
    } else if (c == '\n') {
      end_record();
      ++line;
      record_line = line;
    } else {
      field.push_back(c);
    }
  }
  if (in_quotes)
    errors.push_back({"line " + std::to_string(record_line), "a quoted field is not closed"});
  if (!field.empty() || !record.empty() || field_was_quoted) end_record();
  if (!errors.empty())
    return Fail(Error::InvalidArgument("the CSV is malformed", std::move(errors)));
  if (records.empty()) {
    return Fail(
        Error::InvalidArgument("the CSV is empty", {{"header", "a header line is required"}}));
  }
  CsvTable table;
  std::set<std::string> seen;
  for (const std::string& name : records[0]) {
    std::string trimmed = Trim(name);
    if (trimmed.empty()) errors.push_back({"header", "a column name is empty"});
    if (!seen.insert(trimmed).second)
      errors.push_back({"header", "column '" + trimmed + "' is repeated"});
    table.header.push_back(std::move(trimmed));
  }
  for (std::size_t r = 1; r < records.size(); ++r) {
    if (records[r].size() != table.header.size()) {
      errors.push_back({"rows[" + std::to_string(r) + "]",
                        "has " + std::to_string(records[r].size()) + " fields, the header has " +
                            std::to_string(table.header.size()) + " (line " +
                            std::to_string(lines[r]) + ")"});
    }
    table.rows.push_back(std::move(records[r]));
    table.lines.push_back(lines[r]);
  }
  if (!errors.empty())
    return Fail(Error::InvalidArgument("the CSV is malformed", std::move(errors)));
  return table;
}

std::string CsvLine(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out.push_back(',');
    const std::string& f = fields[i];
    // Quoted when it holds a separator, quote or line break, has surrounding blanks (the reader
    // trims header names), or starts with a byte-order mark (the reader drops a leading one).
    if (f.find_first_of(",\"\r\n") == std::string::npos && f == Trim(f) &&
        !f.starts_with("\xEF\xBB\xBF")) {
      out += f;
      continue;
    }
    out.push_back('"');
    for (char c : f) {
      if (c == '"') out.push_back('"');
      out.push_back(c);
    }
    out.push_back('"');
  }
  out += "\r\n";
  return out;
}

}  // namespace takt::api
