#include "service/identity/access_token_codec.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <random>
#include <string>

namespace takt::identity {
namespace {

using std::chrono::seconds;
using std::chrono::sys_seconds;

const std::string kKey(32, 'k');
const sys_seconds kNow{seconds(1'800'000'000)};

AccessTokenClaims SampleClaims() {
  AccessTokenClaims c;
  c.subject = UserId(42);
  c.email = "planner@shop.example";
  c.roles = {"production_planner", "viewer"};
  c.issued_at = kNow;
  c.expires_at = kNow + seconds(3600);
  c.token_id = "jti-1";
  return c;
}

// Signs `header.payload` (raw JSON texts) with `key`, as an attacker holding the key (or not)
// would: lets tests build tokens this codec would never issue.
std::string Forge(const std::string& header_json, const std::string& payload_json,
                  const std::string& key) {
  const std::string input = Base64UrlEncode(header_json) + "." + Base64UrlEncode(payload_json);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &len);
  return input + "." + Base64UrlEncode(std::string(reinterpret_cast<char*>(mac), len));
}

std::string Cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view part : parts) out.append(part);
  return out;
}

std::string Payload(const std::string& extra_or_override = "") {
  if (!extra_or_override.empty()) return extra_or_override;
  return R"({"iss":"takt","aud":"takt","sub":"42","email":"a@b.co","roles":["viewer"],)"
         R"("iat":1800000000,"exp":1800003600,"jti":"x"})";
}

TEST(AccessTokenCodecTest, SignedTokenVerifiesWithItsClaims) {
  AccessTokenCodec codec(kKey);
  const std::string token = codec.Sign(SampleClaims());
  auto claims = codec.Verify(token, kNow + seconds(10));
  ASSERT_TRUE(claims.has_value()) << claims.error().message;
  EXPECT_EQ(claims->subject, UserId(42));
  EXPECT_EQ(claims->email, "planner@shop.example");
  EXPECT_EQ(claims->roles, (std::vector<std::string>{"production_planner", "viewer"}));
  EXPECT_EQ(claims->expires_at, kNow + seconds(3600));
  EXPECT_EQ(claims->token_id, "jti-1");
}

TEST(AccessTokenCodecTest, ForgedTokenWithTheRightKeyVerifies) {
  // Guards the other tests: a hand-built token is accepted when nothing is wrong with it.
  AccessTokenCodec codec(kKey);
  EXPECT_TRUE(codec.Verify(Forge(R"({"alg":"HS256","typ":"JWT"})", Payload(), kKey), kNow));
}

TEST(AccessTokenCodecTest, RejectsWrongKey) {
  AccessTokenCodec codec(kKey);
  AccessTokenCodec other(std::string(32, 'o'));
  auto r = codec.Verify(other.Sign(SampleClaims()), kNow);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated);
}

TEST(AccessTokenCodecTest, RejectsAlgorithmsOtherThanHs256) {
  AccessTokenCodec codec(kKey);
  for (const char* header :
       {R"({"alg":"none","typ":"JWT"})", R"({"alg":"None"})", R"({"alg":"HS512"})",
        R"({"alg":"RS256"})", R"({"alg":"hs256"})", R"({"typ":"JWT"})", R"({"alg":["HS256"]})",
        R"([])", R"({"alg":"HS256","typ":"JWS"})", R"({"alg":"HS256","crit":["x"]})"}) {
    EXPECT_FALSE(codec.Verify(Forge(header, Payload(), kKey), kNow)) << header;
  }
  // The classic "alg: none" token with an empty signature.
  const std::string none =
      Base64UrlEncode(R"({"alg":"none","typ":"JWT"})") + "." + Base64UrlEncode(Payload()) + ".";
  EXPECT_FALSE(codec.Verify(none, kNow));
}

TEST(AccessTokenCodecTest, RejectsExpiredBeyondSkewOnly) {
  AccessTokenCodec codec(kKey);
  const std::string token = codec.Sign(SampleClaims());
  const sys_seconds exp = kNow + seconds(3600);
  EXPECT_TRUE(codec.Verify(token, exp + seconds(60)));
  auto late = codec.Verify(token, exp + seconds(61));
  ASSERT_FALSE(late.has_value());
  EXPECT_NE(late.error().message.find("expired"), std::string::npos);
  EXPECT_FALSE(codec.Verify(token, kNow - seconds(61)));  // issued in the future
}

TEST(AccessTokenCodecTest, RejectsWrongAudienceIssuerAndClaimTypes) {
  AccessTokenCodec codec(kKey);
  const std::string h = R"({"alg":"HS256","typ":"JWT"})";
  const std::string tail =
      R"("email":"a@b.co","roles":["viewer"],"iat":1800000000,"exp":1800003600,"jti":"x"})";
  EXPECT_FALSE(
      codec.Verify(Forge(h, R"({"iss":"takt","aud":"other","sub":"42",)" + tail, kKey), kNow));
  EXPECT_FALSE(codec.Verify(Forge(h, R"({"iss":"takt","sub":"42",)" + tail, kKey), kNow));
  EXPECT_FALSE(
      codec.Verify(Forge(h, R"({"iss":"evil","aud":"takt","sub":"42",)" + tail, kKey), kNow));
  EXPECT_FALSE(
      codec.Verify(Forge(h, R"({"iss":"takt","aud":"takt","sub":42,)" + tail, kKey), kNow));
  EXPECT_FALSE(
      codec.Verify(Forge(h, R"({"iss":"takt","aud":"takt","sub":"0",)" + tail, kKey), kNow));
  EXPECT_FALSE(
      codec.Verify(Forge(h, R"({"iss":"takt","aud":"takt","sub":"-4",)" + tail, kKey), kNow));
  EXPECT_TRUE(
      codec.Verify(Forge(h, R"({"iss":"takt","aud":["x","takt"],"sub":"42",)" + tail, kKey), kNow));
  EXPECT_FALSE(codec.Verify(
      Forge(
          h,
          R"({"iss":"takt","aud":"takt","sub":"42","email":"a@b.co","roles":"viewer","iat":1800000000,"exp":1800003600,"jti":"x"})",
          kKey),
      kNow));
  EXPECT_FALSE(codec.Verify(
      Forge(
          h,
          R"({"iss":"takt","aud":"takt","sub":"42","email":"a@b.co","roles":[],"iat":"1800000000","exp":1800003600,"jti":"x"})",
          kKey),
      kNow));
  EXPECT_FALSE(codec.Verify(
      Forge(
          h,
          R"({"iss":"takt","aud":"takt","sub":"42","email":"a@b.co","roles":[],"iat":1800000000,"exp":1800003600,"jti":"x","nbf":1800009999})",
          kKey),
      kNow));
  EXPECT_FALSE(codec.Verify(Forge(h, "[1,2]", kKey), kNow));
  EXPECT_FALSE(codec.Verify(Forge(h, "not json", kKey), kNow));
}

TEST(AccessTokenCodecTest, RejectsMalformedPieces) {
  AccessTokenCodec codec(kKey);
  const std::string token = codec.Sign(SampleClaims());
  const auto d1 = token.find('.');
  const auto d2 = token.rfind('.');
  const std::string header = token.substr(0, d1);
  const std::string payload = token.substr(d1 + 1, d2 - d1 - 1);
  const std::string sig = token.substr(d2 + 1);
  const std::string h = header + ".";
  const std::string hp = h + payload;
  for (const std::string& bad :
       {std::string(), std::string("."), std::string(".."), hp, Cat({hp, "."}),
        Cat({".", payload, ".", sig}), Cat({h, ".", sig}), Cat({token, "."}),
        Cat({token, ".", sig}), Cat({hp, ".", sig, "="}), Cat({hp, ".", sig.substr(1)}),
        Cat({header, "=.", payload, ".", sig}), Cat({hp, ".", sig, "A"}), Cat({" ", token}),
        Cat({token, " "}), std::string(AccessTokenCodec::kMaxTokenLength + 1, 'a')}) {
    EXPECT_FALSE(codec.Verify(bad, kNow)) << bad;
  }
}

TEST(AccessTokenCodecTest, RejectsTamperedPayload) {
  AccessTokenCodec codec(kKey);
  const std::string token = codec.Sign(SampleClaims());
  const auto d1 = token.find('.');
  const auto d2 = token.rfind('.');
  AccessTokenClaims admin = SampleClaims();
  admin.roles = {"admin"};
  const std::string other = AccessTokenCodec(std::string(32, 'z')).Sign(admin);
  const std::string spliced =
      Cat({token.substr(0, d1), other.substr(other.find('.'), other.rfind('.') - other.find('.')),
           token.substr(d2)});
  EXPECT_FALSE(codec.Verify(spliced, kNow));
}

// Property: no mutation of a valid token (flipped, inserted, deleted or swapped characters, or
// random bytes) may crash the verifier or be accepted, unless the mutation left the token
// unchanged. Seeded, so a failure reproduces.
TEST(AccessTokenCodecTest, RandomMutationsNeverVerify) {
  AccessTokenCodec codec(kKey);
  const std::string token = codec.Sign(SampleClaims());
  std::mt19937 rng(20261124);
  std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ";
  alphabet += '\0';
  alphabet += '\xff';
  alphabet += '\xe6';
  int accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string t = token;
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits; ++e) {
      const std::size_t pos = rng() % (t.size() + 1);
      const char c = alphabet[rng() % alphabet.size()];
      switch (rng() % 4) {
        case 0:
          if (pos < t.size()) t[pos] = c;
          break;
        case 1: t.insert(t.begin() + static_cast<std::ptrdiff_t>(pos), c); break;
        case 2:
          if (pos < t.size()) t.erase(pos, 1);
          break;
        case 3:
          if (pos + 1 < t.size()) std::swap(t[pos], t[pos + 1]);
          break;
      }
    }
    if (t == token) continue;
    if (codec.Verify(t, kNow)) ++accepted;
  }
  EXPECT_EQ(accepted, 0);
  for (int i = 0; i < 2000; ++i) {
    std::string junk(rng() % 300, '\0');
    for (auto& ch : junk) ch = static_cast<char>(rng());
    EXPECT_FALSE(codec.Verify(junk, kNow));
  }
}

TEST(AccessTokenCodecTest, RefusesShortKeys) {
  EXPECT_THROW(AccessTokenCodec(std::string(31, 'k')), std::invalid_argument);
}

TEST(AccessTokenCodecTest, Base64UrlIsStrict) {
  std::string out;
  ASSERT_TRUE(Base64UrlDecode(Base64UrlEncode("hello?>"), out));
  EXPECT_EQ(out, "hello?>");
  ASSERT_TRUE(Base64UrlDecode("aGVsbG8", out));
  EXPECT_EQ(out, "hello");
  EXPECT_FALSE(Base64UrlDecode("aGVsbG8=", out));  // padding
  EXPECT_FALSE(Base64UrlDecode("aGVsbG9", out));   // non-canonical last character
  EXPECT_FALSE(Base64UrlDecode("aGVs/G8", out));   // standard alphabet, not url-safe
  EXPECT_FALSE(Base64UrlDecode("aGVs bG8", out));  // whitespace
  EXPECT_FALSE(Base64UrlDecode("a", out));         // impossible length
}

// Regression: libsodium's base64 decoder accepted "\xe6" as '_' (a byte >= 0x80 aliasing an
// alphabet character), so a token verified under a second spelling. Found by the fuzz target.
TEST(AccessTokenCodecTest, HighBitBytesNeverAliasBase64Characters) {
  std::string out;
  EXPECT_FALSE(
      Base64UrlDecode("ab\xe6"
                      "d",
                      out));
  AccessTokenCodec codec(kKey);
  const std::string token = codec.Sign(SampleClaims());
  ASSERT_TRUE(codec.Verify(token, kNow));
  for (std::size_t pos = 0; pos < token.size(); ++pos) {
    if (token[pos] == '.') continue;
    for (int byte = 0x80; byte <= 0xff; ++byte) {
      std::string spelled = token;
      spelled[pos] = static_cast<char>(byte);
      ASSERT_FALSE(codec.Verify(spelled, kNow)) << "position " << pos << " byte " << byte;
    }
  }
}

TEST(AccessTokenCodecTest, TokenIdsAreRandom) {
  EXPECT_NE(AccessTokenCodec::NewTokenId(), AccessTokenCodec::NewTokenId());
  EXPECT_EQ(AccessTokenCodec::NewTokenId().size(), 22u);
}

}  // namespace
}  // namespace takt::identity

namespace takt::identity {
namespace {

TEST(AccessTokenCodecSessionTest, SessionIdRoundTripsAndMustBeANonEmptyString) {
  AccessTokenCodec codec(kKey);
  AccessTokenClaims claims = SampleClaims();
  claims.session_id = "session-7";
  auto verified = codec.Verify(codec.Sign(claims), kNow);
  ASSERT_TRUE(verified.has_value());
  EXPECT_EQ(verified->session_id, "session-7");
  EXPECT_TRUE(codec.Verify(codec.Sign(SampleClaims()), kNow)->session_id.empty());

  const std::string header = R"({"alg":"HS256","typ":"JWT"})";
  const std::string base = R"({"iss":"takt","aud":"takt","sub":"42","email":"a@b.co",)"
                           R"("roles":["viewer"],"iat":1800000000,"exp":1800003600,"jti":"x",)";
  for (const std::string sid : {R"("sid":7})", R"("sid":"")", R"("sid":null)", R"("sid":[]})"}) {
    EXPECT_FALSE(codec.Verify(Forge(header, base + sid + "}", kKey), kNow).has_value()) << sid;
  }
  EXPECT_TRUE(codec.Verify(Forge(header, base + R"("sid":"s"})", kKey), kNow).has_value());
}

TEST(AccessTokenCodecSessionTest, ConfiguredClockSkewIsHonouredAndCapped) {
  AccessTokenCodec strict(kKey, seconds(0));
  AccessTokenCodec capped(kKey, seconds(600));
  const std::string token = strict.Sign(SampleClaims());  // expires kNow + 3600
  EXPECT_TRUE(strict.Verify(token, kNow + seconds(3600)).has_value());
  EXPECT_FALSE(strict.Verify(token, kNow + seconds(3601)).has_value());
  EXPECT_TRUE(capped.Verify(token, kNow + seconds(3660)).has_value());
  EXPECT_FALSE(capped.Verify(token, kNow + seconds(3661)).has_value());  // at most 60 s
}

TEST(AccessTokenCodecSessionTest, GraceKeyVerifiesOldTokensDuringARotation) {
  const std::string old_key(32, 'o');
  AccessTokenCodec before(old_key);
  AccessTokenCodec rotated(kKey, AccessTokenCodec::kClockSkew, old_key);
  AccessTokenCodec after_grace(kKey);
  const std::string old_token = before.Sign(SampleClaims());
  EXPECT_TRUE(rotated.Verify(old_token, kNow).has_value());
  EXPECT_FALSE(after_grace.Verify(old_token, kNow).has_value());
  const std::string new_token = rotated.Sign(SampleClaims());
  EXPECT_TRUE(after_grace.Verify(new_token, kNow).has_value());  // signed with the current key
  EXPECT_FALSE(before.Verify(new_token, kNow).has_value());
  EXPECT_THROW(AccessTokenCodec(kKey, AccessTokenCodec::kClockSkew, "short"),
               std::invalid_argument);
}

}  // namespace
}  // namespace takt::identity
