#include "solver/io/benchmark_tokens.hpp"

#include <cctype>
#include <charconv>

namespace takt::solver {

BenchmarkTokens::BenchmarkTokens(std::string_view text, std::string source_name)
    : text_(text), source_name_(std::move(source_name)) {}

std::string_view BenchmarkTokens::Peek() {
  while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) {
    if (text_[pos_] == '\n') ++cursor_line_;
    ++pos_;
  }
  peek_line_ = cursor_line_;
  std::size_t end = pos_;
  while (end < text_.size() && !std::isspace(static_cast<unsigned char>(text_[end]))) ++end;
  return text_.substr(pos_, end - pos_);
}

Error BenchmarkTokens::Malformed(std::string_view what, std::string_view found) const {
  std::string message = source_name_ + ": line " + std::to_string(peek_line_) + ": expected " +
                        std::string(what) + ", found ";
  if (found.empty()) {
    message += "end of file";
  } else {
    message += "'" + std::string(found.substr(0, 40)) + "'";
  }
  return Error::InvalidArgument(message, {{"line " + std::to_string(peek_line_), message}});
}

Result<std::int64_t> BenchmarkTokens::NextInt(std::string_view what, std::int64_t min_value,
                                              std::int64_t max_value) {
  const std::string_view token = Peek();
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (token.empty() || ec != std::errc() || end != token.data() + token.size()) {
    return Fail(Malformed(what, token));
  }
  if (value < min_value || value > max_value) {
    return Fail(Malformed(std::string(what) + " in [" + std::to_string(min_value) + ", " +
                              std::to_string(max_value) + "]",
                          token));
  }
  pos_ += token.size();
  line_ = peek_line_;
  return value;
}

bool BenchmarkTokens::SkipNumberOnLine(int line) {
  const std::string_view token = Peek();
  if (token.empty() || peek_line_ != line) return false;
  double value = 0;
  const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (ec != std::errc() || end != token.data() + token.size() || value < 0) return false;
  pos_ += token.size();
  line_ = peek_line_;
  return true;
}

Result<void> BenchmarkTokens::ExpectEnd() {
  const std::string_view token = Peek();
  if (!token.empty()) return Fail(Malformed("end of file", token));
  return {};
}

}  // namespace takt::solver
