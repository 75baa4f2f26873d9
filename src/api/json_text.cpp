#include "api/json_text.hpp"

#include <array>
#include <charconv>
#include <cmath>

namespace takt::api {
namespace {

void AppendString(std::string_view text, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (byte < 0x20) {
          out += "\\u00";
          out.push_back(kHex[byte >> 4]);
          out.push_back(kHex[byte & 0xF]);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
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
    case boost::json::kind::int64: AppendNumber(value.get_int64(), out); break;
    case boost::json::kind::uint64: AppendNumber(value.get_uint64(), out); break;
    case boost::json::kind::double_: {
      const double number = value.get_double();
      if (std::isfinite(number)) {
        AppendNumber(number, out);
      } else {
        out += "null";
      }
      break;
    }
    case boost::json::kind::string: AppendString(value.get_string(), out); break;
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
        AppendString(member.key(), out);
        out.push_back(':');
        Append(member.value(), out);
      }
      out.push_back('}');
      break;
    }
  }
}

}  // namespace

std::string JsonText(const boost::json::value& value) {
  std::string out;
  out.reserve(256);
  Append(value, out);
  return out;
}

}  // namespace takt::api
