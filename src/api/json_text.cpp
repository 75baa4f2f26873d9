#include "api/json_text.hpp"

#include <array>
#include <charconv>
#include <cmath>

namespace takt::api {
namespace {

// True for the bytes RFC 8259 requires escaped: quote, backslash and control characters.
constexpr bool NeedsEscape(unsigned char byte) {
  return byte < 0x20 || byte == '"' || byte == '\\';
}

void AppendEscaped(char c, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto byte = static_cast<unsigned char>(c);
  switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\b': out += "\\b"; break;
    case '\f': out += "\\f"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    default: {
      const char escaped[] = {'\\', 'u', '0', '0', kHex[byte >> 4], kHex[byte & 0xF]};
      out.append(escaped, sizeof escaped);
    }
  }
}

template <typename Number>
void AppendNumber(Number number, std::string& out) {
  std::array<char, 32> buffer{};
  const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), number);
  out.append(buffer.data(), error == std::errc() ? end : buffer.data());
}

void Append(const boost::json::value& value, std::string& out) {
  switch (value.kind()) {
    case boost::json::kind::null: out += "null"; break;
    case boost::json::kind::bool_: out += value.get_bool() ? "true" : "false"; break;
    case boost::json::kind::int64: AppendJsonInteger(out, value.get_int64()); break;
    case boost::json::kind::uint64: AppendNumber(value.get_uint64(), out); break;
    case boost::json::kind::double_: AppendJsonDouble(out, value.get_double()); break;
    case boost::json::kind::string: AppendJsonString(out, value.get_string()); break;
    case boost::json::kind::array: {
      out.push_back('[');
      bool first = true;
      for (const boost::json::value& element : value.get_array()) {
        if (!first) out.push_back(',');
        first = false;
        Append(element, out);
      }
      out.push_back(']');
      break;
    }
    case boost::json::kind::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& member : value.get_object()) {
        if (!first) out.push_back(',');
        first = false;
        AppendJsonString(out, member.key());
        out.push_back(':');
        Append(member.value(), out);
      }
      out.push_back('}');
      break;
    }
  }
}

}  // namespace

// Copies each run of bytes that need no escape in one append (most strings are one run).
void AppendJsonString(std::string& out, std::string_view text) {
  out.push_back('"');
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!NeedsEscape(static_cast<unsigned char>(text[i]))) continue;
    out.append(text.data() + run, i - run);
    AppendEscaped(text[i], out);
    run = i + 1;
  }
  out.append(text.data() + run, text.size() - run);
  out.push_back('"');
}

void AppendJsonInteger(std::string& out, std::int64_t number) { AppendNumber(number, out); }

void AppendJsonDouble(std::string& out, double number) {
  if (std::isfinite(number)) {
    AppendNumber(number, out);
  } else {
    out += "null";
  }
}

std::string JsonText(const boost::json::value& value) {
  std::string out;
  // One allocation for typical answers (a job with its tasks is a few KiB).
  out.reserve(4096);
  Append(value, out);
  return out;
}

}  // namespace takt::api
