#include "service/identity/access_token_codec.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include <algorithm>
#include <boost/json.hpp>
#include <stdexcept>

namespace takt::identity {

namespace json = boost::json;

namespace {

constexpr std::size_t kMacLength = 32;  // SHA-256
constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

Error Rejected(const std::string& reason) {
  return Error::Unauthenticated("invalid token: " + reason);
}

// Parses `text` as a JSON object; nullptr when it is not one.
std::optional<json::object> ParseObject(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(json::string_view(text.data(), text.size()), ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.as_object());
}

const json::string* StringMember(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(json::string_view(key.data(), key.size()));
  return v ? v->if_string() : nullptr;
}

std::optional<std::int64_t> IntMember(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(json::string_view(key.data(), key.size()));
  if (v == nullptr || !v->is_int64()) return std::nullopt;
  return v->as_int64();
}

bool AudienceIsTakt(const json::value* aud) {
  if (aud == nullptr) return false;
  if (const json::string* s = aud->if_string()) return *s == AccessTokenCodec::kAudience;
  if (const json::array* a = aud->if_array()) {
    for (const auto& item : *a) {
      if (const json::string* s = item.if_string(); s && *s == AccessTokenCodec::kAudience)
        return true;
    }
  }
  return false;
}

std::optional<std::int64_t> ParseUserId(std::string_view text) {
  if (text.empty() || text.size() > 18 || text[0] == '0') return std::nullopt;
  std::int64_t id = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    id = id * 10 + (c - '0');
  }
  return id;
}

}  // namespace

std::string Base64UrlEncode(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), kVariant);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

bool Base64UrlDecode(std::string_view text, std::string& bytes) {
  // libsodium's decoder maps some bytes >= 0x80 onto alphabet characters (found by
  // tests/fuzz/access_token_fuzz.cpp: "\xe6" decoded like '_'), which would give a token several
  // accepted spellings; so the alphabet is checked here first.
  const bool in_alphabet = std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
  if (!in_alphabet) {
    bytes.clear();
    return false;
  }
  bytes.assign(text.size() * 3 / 4 + 3, '\0');
  std::size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), text.data(),
                        text.size(), nullptr, &length, &end, kVariant) != 0 ||
      end != text.data() + text.size()) {
    bytes.clear();
    return false;
  }
  bytes.resize(length);
  return true;
}

AccessTokenCodec::AccessTokenCodec(std::string key, std::chrono::seconds clock_skew,
                                   std::string grace_key)
    : key_(std::move(key)),
      grace_key_(std::move(grace_key)),
      clock_skew_(std::clamp(clock_skew, std::chrono::seconds(0), kClockSkew)) {
  if (key_.size() < kMinKeyLength) {
    throw std::invalid_argument("the token signing key must be at least 32 bytes");
  }
  if (!grace_key_.empty() && grace_key_.size() < kMinKeyLength) {
    throw std::invalid_argument("the token grace key must be at least 32 bytes");
  }
}

std::string AccessTokenCodec::Mac(const std::string& key, std::string_view signing_input) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size(), mac,
       &mac_length);
  return std::string(reinterpret_cast<const char*>(mac), mac_length);
}

std::string AccessTokenCodec::Sign(const AccessTokenClaims& claims) const {
  json::object header;
  header["alg"] = "HS256";
  header["typ"] = "JWT";
  json::array roles;
  for (const auto& r : claims.roles) roles.emplace_back(r);
  json::object payload;
  payload["iss"] = kIssuer;
  payload["aud"] = kAudience;
  payload["sub"] = claims.subject.ToString();
  payload["email"] = claims.email;
  payload["roles"] = std::move(roles);
  payload["iat"] = claims.issued_at.time_since_epoch().count();
  payload["exp"] = claims.expires_at.time_since_epoch().count();
  payload["jti"] = claims.token_id;
  if (!claims.session_id.empty()) payload["sid"] = claims.session_id;
  std::string signing_input =
      Base64UrlEncode(json::serialize(header)) + "." + Base64UrlEncode(json::serialize(payload));
  const std::string mac = Mac(key_, signing_input);
  return signing_input + "." + Base64UrlEncode(mac);
}

Result<AccessTokenClaims> AccessTokenCodec::Verify(std::string_view token,
                                                   std::chrono::sys_seconds now) const {
  if (token.empty() || token.size() > kMaxTokenLength) return Fail(Rejected("bad length"));
  const auto dot1 = token.find('.');
  const auto dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    return Fail(Rejected("expected three dot-separated parts"));
  }
  const std::string_view header_part = token.substr(0, dot1);
  const std::string_view payload_part = token.substr(dot1 + 1, dot2 - dot1 - 1);
  const std::string_view signature_part = token.substr(dot2 + 1);
  if (header_part.empty() || payload_part.empty() || signature_part.empty()) {
    return Fail(Rejected("empty part"));
  }

  std::string header_json;
  if (!Base64UrlDecode(header_part, header_json)) return Fail(Rejected("header is not base64url"));
  const auto header = ParseObject(header_json);
  if (!header) return Fail(Rejected("header is not a JSON object"));
  const json::string* alg = StringMember(*header, "alg");
  if (alg == nullptr || *alg != "HS256") return Fail(Rejected("algorithm must be HS256"));
  if (const json::value* typ = header->if_contains("typ");
      typ != nullptr && !(typ->is_string() && typ->as_string() == "JWT")) {
    return Fail(Rejected("type must be JWT"));
  }
  if (header->contains("crit"))
    return Fail(Rejected("critical header extensions are not supported"));

  std::string signature;
  if (!Base64UrlDecode(signature_part, signature) || signature.size() != kMacLength) {
    return Fail(Rejected("signature is malformed"));
  }
  const std::string expected = Mac(key_, token.substr(0, dot2));
  const bool current = CRYPTO_memcmp(expected.data(), signature.data(), kMacLength) == 0;
  bool previous = false;
  if (!current && !grace_key_.empty()) {
    const std::string by_grace = Mac(grace_key_, token.substr(0, dot2));
    previous = CRYPTO_memcmp(by_grace.data(), signature.data(), kMacLength) == 0;
  }
  if (!current && !previous) {
    return Fail(Rejected("signature does not match"));
  }

  std::string payload_json;
  if (!Base64UrlDecode(payload_part, payload_json))
    return Fail(Rejected("payload is not base64url"));
  const auto payload = ParseObject(payload_json);
  if (!payload) return Fail(Rejected("payload is not a JSON object"));

  const json::string* iss = StringMember(*payload, "iss");
  if (iss == nullptr || *iss != kIssuer) return Fail(Rejected("issuer must be takt"));
  if (!AudienceIsTakt(payload->if_contains("aud"))) return Fail(Rejected("audience must be takt"));
  const json::string* sub = StringMember(*payload, "sub");
  const auto user_id = sub ? ParseUserId(std::string_view(sub->data(), sub->size())) : std::nullopt;
  if (!user_id) return Fail(Rejected("subject must be a user id"));
  const json::string* email = StringMember(*payload, "email");
  const json::string* jti = StringMember(*payload, "jti");
  const auto iat = IntMember(*payload, "iat");
  const auto exp = IntMember(*payload, "exp");
  const json::value* roles = payload->if_contains("roles");
  if (email == nullptr || jti == nullptr || jti->empty() || !iat || !exp || roles == nullptr ||
      !roles->is_array()) {
    return Fail(Rejected("a required claim is missing or has the wrong type"));
  }

  const std::int64_t now_s = now.time_since_epoch().count();
  const std::int64_t skew = clock_skew_.count();
  if (*exp <= *iat) return Fail(Rejected("expiry precedes issue time"));
  if (now_s > *exp + skew) return Fail(Rejected("token has expired"));
  if (*iat > now_s + skew) return Fail(Rejected("token is issued in the future"));
  if (payload->contains("nbf")) {
    const auto nbf = IntMember(*payload, "nbf");
    if (!nbf || *nbf > now_s + skew) return Fail(Rejected("token is not valid yet"));
  }

  AccessTokenClaims claims;
  claims.subject = UserId(*user_id);
  claims.email = std::string(email->data(), email->size());
  for (const auto& r : roles->as_array()) {
    if (!r.is_string()) return Fail(Rejected("roles must be strings"));
    claims.roles.emplace_back(r.as_string().data(), r.as_string().size());
  }
  claims.issued_at = std::chrono::sys_seconds(std::chrono::seconds(*iat));
  claims.expires_at = std::chrono::sys_seconds(std::chrono::seconds(*exp));
  claims.token_id = std::string(jti->data(), jti->size());
  if (payload->contains("sid")) {
    const json::string* sid = StringMember(*payload, "sid");
    if (sid == nullptr || sid->empty()) return Fail(Rejected("session id must be a string"));
    claims.session_id = std::string(sid->data(), sid->size());
  }
  return claims;
}

std::string AccessTokenCodec::NewTokenId() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  unsigned char id[16];
  randombytes_buf(id, sizeof id);
  return Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(id), sizeof id));
}

}  // namespace takt::identity
