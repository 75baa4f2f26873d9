// Identity set-up shared by `takt serve` and `takt user`: the Argon2id cost of password hashing
// and the token signing key, read from configuration.
//
// Password cost comes from the environment: TAKT_PASSWORD_OPSLIMIT (Argon2 passes, default 2) and
// TAKT_PASSWORD_MEMLIMIT_KIB (memory in KiB, default 65536 = 64 MiB), libsodium's "interactive"
// level. Test suites lower them (e.g. 1 and 8) to stay fast; hashes record their own cost, so
// lowering or raising it never locks anyone out (a login upgrades the stored hash).
// Thread-safety: pure functions over the given environment reader.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "service/identity/password_hasher.hpp"

namespace takt::app {

using EnvReader = std::function<std::optional<std::string>(const std::string&)>;

// kInvalidArgument naming the variable, the rule and the value when a setting is malformed or
// outside libsodium's bounds.
Result<identity::PasswordCost> PasswordCostFromEnvironment(const EnvReader& getenv);

// The token signing key: `token_key` when set, else the key file (created when absent).
Result<std::string> LoadTokenKey(const std::string& token_key, const std::string& token_key_file);

}  // namespace takt::app
