// AccessTokenCodec: issues and verifies Takt access tokens, which are JSON Web Tokens (RFC 7519)
// signed with HMAC-SHA256 ("HS256") under one server-wide secret key. Claims: `sub` (the user id
// as a decimal string), `email`, `roles`, `iat`, `exp`, `jti` (a random token id), `iss` and
// `aud` both "takt", and `sid` (the sign-in session, so revoking a session revokes its tokens).
//
// Verification is strict and fails closed; any of these is kUnauthenticated: not exactly three
// non-empty base64url parts (no padding, canonical encoding), a header that is not a JSON object
// with `alg` exactly "HS256" (so "none", "HS512", "RS256"... are refused) and an optional `typ`
// "JWT", a signature that does not match (compared in constant time), a payload that is not a
// JSON object with every claim present and of the right type, `iss` or `aud` other than "takt",
// `exp` in the past or `iat`/`nbf` in the future by more than the clock skew (at most kClockSkew,
// 60 s), or a token longer than kMaxTokenLength. The signature is checked before the payload is
// parsed.
//
// Thread-safety: immutable after construction; Sign and Verify may be called concurrently.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/user.hpp"

namespace takt::identity {

struct AccessTokenClaims {
  UserId subject;
  std::string email;
  std::vector<std::string> roles;
  std::chrono::sys_seconds issued_at{};
  std::chrono::sys_seconds expires_at{};
  std::string token_id;    // jti
  std::string session_id;  // sid: the sign-in session (refresh-token family); optional claim
};

class AccessTokenCodec {
 public:
  static constexpr std::string_view kIssuer = "takt";
  static constexpr std::string_view kAudience = "takt";
  static constexpr std::chrono::seconds kClockSkew{60};
  static constexpr std::size_t kMinKeyLength = 32;
  static constexpr std::size_t kMaxTokenLength = 8192;

  // `key` is the raw secret (at least kMinKeyLength bytes); throws std::invalid_argument when it
  // is shorter (a configuration error found at start-up).
  // `clock_skew` (0 to kClockSkew) is the tolerance on exp/iat/nbf. `grace_key`, when non-empty
  // (at least kMinKeyLength bytes), is the previous signing key during a key rotation: tokens it
  // signed still verify until they expire; new tokens are always signed with `key`.
  explicit AccessTokenCodec(std::string key, std::chrono::seconds clock_skew = kClockSkew,
                            std::string grace_key = {});

  // The signed compact token for `claims`.
  std::string Sign(const AccessTokenClaims& claims) const;

  // The claims of a token this codec (this key) signed, if it is valid at `now`.
  Result<AccessTokenClaims> Verify(std::string_view token, std::chrono::sys_seconds now) const;

  // The tolerance applied to exp/iat/nbf by Verify.
  std::chrono::seconds clock_skew() const { return clock_skew_; }

  // A fresh random token id (128 bits, base64url).
  static std::string NewTokenId();

 private:
  static std::string Mac(const std::string& key, std::string_view signing_input);

  std::string key_;
  std::string grace_key_;
  std::chrono::seconds clock_skew_;
};

// base64url without padding (RFC 4648 section 5), as JWT uses it.
std::string Base64UrlEncode(std::string_view bytes);
// Strict inverse of Base64UrlEncode: false on any character outside the alphabet, on padding,
// and on a non-canonical final character.
bool Base64UrlDecode(std::string_view text, std::string& bytes);

}  // namespace takt::identity
