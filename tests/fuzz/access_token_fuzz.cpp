// libFuzzer target for the access-token verifier (service/identity/access_token_codec.hpp): any
// byte string must be rejected or accepted without crashing, leaking or reading out of bounds, and
// nothing but a token signed with the key may verify. Build and run with
// tests/fuzz/run-access-token-fuzz [SECONDS]; crashes are kept under tests/fuzz/corpus/.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "service/identity/access_token_codec.hpp"

namespace {

const takt::identity::AccessTokenCodec& Codec() {
  static const takt::identity::AccessTokenCodec codec(std::string(32, 'k'));
  return codec;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto now = std::chrono::sys_seconds(std::chrono::seconds(1'800'000'000));
  auto claims = Codec().Verify(input, now);
  if (claims) {
    // Only a genuine signature may pass: re-signing the claims must reproduce the input exactly
    // (our encoder is canonical), otherwise the verifier accepted something it did not sign.
    if (Codec().Sign(*claims) != input) std::abort();
  }
  std::string decoded;
  (void)takt::identity::Base64UrlDecode(input, decoded);
  return 0;
}
