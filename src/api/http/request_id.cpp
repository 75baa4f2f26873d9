#include "api/http/request_id.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <random>

namespace takt::api {

bool IsValidRequestId(std::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdLength) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

std::string GenerateRequestId() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(32, '0');
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  std::uint64_t millis = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(now).count());
  for (std::size_t i = 12; i-- > 0;) {  // 48 bits, most significant first
    id[i] = kHex[millis & 0xF];
    millis >>= 4;
  }
  std::uint64_t bits = engine();
  std::uint64_t more = engine();
  for (std::size_t i = 12; i < 32; ++i) {
    std::uint64_t& source = i < 28 ? bits : more;
    id[i] = kHex[source & 0xF];
    source >>= 4;
  }
  return id;
}

std::string AcceptOrGenerateRequestId(std::string_view offered) {
  if (IsValidRequestId(offered)) return std::string(offered);
  return GenerateRequestId();
}

}  // namespace takt::api
