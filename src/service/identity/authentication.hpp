// Authentication: the login use case and bearer-token authentication.
//
// Login takes an email and password and, when they match an active user, issues a signed access
// token (see access_token_codec.hpp) valid for `access_token_ttl`. Every failure (unknown email,
// wrong password, deactivated user, malformed email) is the same kUnauthenticated "invalid email
// or password", and an unknown email still spends one Argon2id verification, so a caller cannot
// tell which emails exist. Each attempt appends an audit entry ("auth.login" or
// "auth.login_failed" with the reason) in its own short transaction; the password is never
// logged or stored. A stored hash weaker than the configured cost is upgraded on success.
//
// Authenticate turns a bearer token into a Principal: the token must verify, and its user must
// still exist and be active; roles and permissions are read from the database on every call, so
// deactivating a user or changing a role takes effect at once, not at token expiry.
//
// Thread-safety: immutable after construction apart from what the injected ports guard; all
// members may be called concurrently (Login is CPU-heavy: Argon2id runs outside any transaction).
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/instant.hpp"
#include "core/principal.hpp"
#include "core/user.hpp"
#include "service/identity/access_token_codec.hpp"
#include "service/identity/password_hasher.hpp"
#include "storage/audit_log.hpp"
#include "storage/database.hpp"
#include "storage/user_store.hpp"

namespace takt::identity {

struct LoginResult {
  std::string access_token;
  std::chrono::seconds expires_in{};
  User user;
};

class Authentication {
 public:
  using Clock = std::function<Instant()>;
  static constexpr char kInvalidCredentials[] = "invalid email or password";

  Authentication(storage::Database& database, storage::UserStore& users, storage::AuditLog& audit,
                 const PasswordHasher& hasher, const AccessTokenCodec& codec,
                 std::chrono::seconds access_token_ttl, Clock clock = InstantNow);

  // `request_id` is stamped on the audit entry.
  Result<LoginResult> Login(std::string_view email, std::string_view password,
                            const std::string& request_id);

  Result<Principal> Authenticate(std::string_view bearer_token);

  std::chrono::seconds access_token_ttl() const { return access_token_ttl_; }

 private:
  void RecordFailure(const std::string& email, const User* user, const char* reason,
                     const std::string& request_id);

  storage::Database& database_;
  storage::UserStore& users_;
  storage::AuditLog& audit_;
  const PasswordHasher& hasher_;
  const AccessTokenCodec& codec_;
  std::chrono::seconds access_token_ttl_;
  Clock clock_;
};

}  // namespace takt::identity
