#include "app/identity_setup.hpp"

#include <sodium.h>

#include <charconv>
#include <cstdint>

#include "service/identity/signing_key.hpp"

namespace takt::app {

namespace {

std::optional<std::uint64_t> ParseUnsigned(const std::string& text) {
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

}  // namespace

Result<identity::PasswordCost> PasswordCostFromEnvironment(const EnvReader& getenv) {
  identity::PasswordCost cost = identity::PasswordCost::Interactive();
  std::vector<FieldError> errors;
  if (auto text = getenv("TAKT_PASSWORD_OPSLIMIT")) {
    auto value = ParseUnsigned(*text);
    if (!value || *value < crypto_pwhash_OPSLIMIT_MIN || *value > 64) {
      errors.push_back({"TAKT_PASSWORD_OPSLIMIT",
                        "must be an integer from 1 to 64 (Argon2 passes), got '" + *text + "'"});
    } else {
      cost.ops_limit = *value;
    }
  }
  if (auto text = getenv("TAKT_PASSWORD_MEMLIMIT_KIB")) {
    auto value = ParseUnsigned(*text);
    if (!value || *value < 8 || *value > std::uint64_t{4} * 1024 * 1024) {
      errors.push_back(
          {"TAKT_PASSWORD_MEMLIMIT_KIB",
           "must be an integer from 8 to 4194304 (KiB of Argon2 memory), got '" + *text + "'"});
    } else {
      cost.mem_limit_bytes = static_cast<std::size_t>(*value) * 1024;
    }
  }
  if (!errors.empty()) {
    std::string message = "invalid password hashing settings:";
    for (const auto& e : errors) message += " " + e.field + " " + e.message + ";";
    message.pop_back();
    return Fail(Error::InvalidArgument(std::move(message), std::move(errors)));
  }
  return cost;
}

Result<std::string> LoadTokenKey(const std::string& token_key, const std::string& token_key_file) {
  if (!token_key.empty()) return identity::SigningKeyFromText(token_key, "token_key");
  return identity::LoadOrCreateSigningKeyFile(token_key_file);
}

}  // namespace takt::app
