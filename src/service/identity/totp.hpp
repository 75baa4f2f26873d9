// Totp: time-based one-time passwords (RFC 6238 over RFC 4226 HOTP, HMAC-SHA1, 30-second steps,
// 6 digits) as authenticator apps compute them, and the base32 text (RFC 4648, no padding) their
// secrets are shown in. Pure functions apart from NewSecret (libsodium randomness); thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace takt::identity {

class Totp {
 public:
  static constexpr std::int64_t kStepSeconds = 30;
  static constexpr int kDigits = 6;

  // The code for time step `counter` of `secret` (raw bytes), `digits` long with leading zeros.
  static std::string Code(std::string_view secret, std::int64_t counter, int digits = kDigits);

  // The time step of `code` within `window` steps either side of `now`, if it matches.
  static std::optional<std::int64_t> MatchStep(std::string_view secret, std::string_view code,
                                               std::chrono::sys_seconds now, int window = 1);

  // 20 random bytes (160 bits, the RFC 4226 recommendation).
  static std::string NewSecret();

  static std::string Base32Encode(std::string_view bytes);
  // nullopt on a character outside A-Z2-7 (lower case accepted, spaces ignored).
  static std::optional<std::string> Base32Decode(std::string_view text);
};

}  // namespace takt::identity
