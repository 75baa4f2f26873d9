// BenchmarkTokens: splits the text of a benchmark instance file (JSSP or Brandimarte FJSP) into
// whitespace-separated integer tokens while remembering each token's line, so that the readers can
// say exactly where a malformed file went wrong ("line 7: expected the duration of operation 3 of
// job 2, found 'x'"). Pure text processing, no I/O; not thread-safe (one reader owns one instance).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace takt::solver {

class BenchmarkTokens {
 public:
  BenchmarkTokens(std::string_view text, std::string source_name);

  // The next token as an integer in [min_value, max_value]; `what` names the expected value.
  Result<std::int64_t> NextInt(std::string_view what, std::int64_t min_value,
                               std::int64_t max_value);
  // The next token as a non-negative decimal number (e.g. Brandimarte's average flexibility);
  // returns false without consuming anything when the next token is on a later line or absent.
  bool SkipNumberOnLine(int line);
  // The line of the most recently consumed token (1-based).
  int line() const { return line_; }
  // Error if any non-blank text remains.
  Result<void> ExpectEnd();

 private:
  // Advances past blanks; returns the next token without consuming it ("" at end).
  std::string_view Peek();
  Error Malformed(std::string_view what, std::string_view found) const;

  std::string_view text_;
  std::string source_name_;
  std::size_t pos_ = 0;
  int line_ = 1;         // line of the last consumed token
  int peek_line_ = 1;    // line of the token Peek returned
  int cursor_line_ = 1;  // line at pos_
};

}  // namespace takt::solver
