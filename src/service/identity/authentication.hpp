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
// Each login opens a sign-in session and also returns a refresh token (random 256 bits; only its
// SHA-256 digest is stored) valid for `refresh_token_ttl`. Refresh exchanges a refresh token for a
// new access token and a new refresh token of the same session (rotation); presenting a refresh
// token that was already exchanged revokes the whole session (theft detection). Logout puts the
// access token's id on the revocation list (until it would expire) and revokes its session. All
// of it lives in the database, so it survives a restart.
//
// Lockout: `lockout_threshold` consecutive wrong passwords lock the account for
// `lockout_duration`; while locked, even the right password gets the same 401 as any other
// failure (and costs the same Argon2id verification). A successful sign-in clears the counter;
// UserAccounts::Unlock lets an administrator clear a lockout.
//
// Authenticate turns a bearer token into a Principal: the token must verify, must not be revoked
// (by id or through its session), and its user must still exist and be active, with the roles and
// permissions the database holds now. Every call reads the database's security epoch
// (SessionStore::SecurityEpoch, bumped by the database on any change that could alter the answer,
// whichever process makes it); a token already authenticated at the same epoch and still inside
// its validity window is answered from a PrincipalCache, anything else is verified and loaded
// afresh. So deactivating a user, changing a role or its grants, logging out or revoking sessions
// takes effect on the very next request, not at token expiry, in this process and in every other
// one serving the same database.
//
// Thread-safety: immutable after construction apart from the internally locked PrincipalCache and
// what the injected ports guard; all members may be called concurrently (Login is CPU-heavy:
// Argon2id runs outside any transaction).
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
#include "service/identity/principal_cache.hpp"
#include "storage/audit_log.hpp"
#include "storage/database.hpp"
#include "storage/session_store.hpp"
#include "storage/user_store.hpp"

namespace takt::identity {

struct LoginResult {
  std::string access_token;
  std::chrono::seconds expires_in{};
  std::string refresh_token;
  std::chrono::seconds refresh_expires_in{};
  User user;
};

// Token lifetimes and lockout settings (app/config.hpp documents the configuration keys).
struct SignInPolicy {
  std::chrono::seconds access_token_ttl{900};
  std::chrono::seconds refresh_token_ttl{7 * 24 * 3600};
  int lockout_threshold = 5;
  std::chrono::seconds lockout_duration{900};
};

class Authentication {
 public:
  using Clock = std::function<Instant()>;
  static constexpr char kInvalidCredentials[] = "invalid email or password";

  static constexpr char kInvalidRefreshToken[] = "invalid refresh token";

  Authentication(storage::Database& database, storage::UserStore& users,
                 storage::SessionStore& sessions, storage::AuditLog& audit,
                 const PasswordHasher& hasher, const AccessTokenCodec& codec, SignInPolicy policy,
                 Clock clock = InstantNow);

  static constexpr char kSecondFactorRequired[] =
      "a second factor is required: send totp_code (or a recovery code)";

  // `request_id` is stamped on the audit entry. For a user with a confirmed second factor
  // (second_factor.hpp), `second_factor` must be a current TOTP code or an unused recovery code:
  // missing, the answer is kUnauthenticated kSecondFactorRequired (after the password matched);
  // wrong, it is the usual "invalid email or password" and counts towards the lockout.
  Result<LoginResult> Login(std::string_view email, std::string_view password,
                            const std::string& request_id, std::string_view second_factor = {});

  // A new access token and refresh token for a live, unused refresh token; every failure is
  // kUnauthenticated "invalid refresh token". Reuse of a spent token revokes its session
  // ("auth.refresh_reuse" audit entry) before answering 401.
  Result<LoginResult> Refresh(std::string_view refresh_token, const std::string& request_id);

  // Revokes the (valid) access token `bearer_token` by id and its session ("auth.logout").
  Result<void> Logout(std::string_view bearer_token, const std::string& request_id);

  Result<Principal> Authenticate(std::string_view bearer_token);

  // Tokens currently remembered by Authenticate (for tests and diagnostics).
  std::size_t cached_tokens() const { return principal_cache_.size(); }

  // Appends "auth.permission_denied" (best effort: a failed append is logged, never thrown).
  void RecordPermissionDenied(const Principal& principal, std::string_view permission,
                              std::string_view method, std::string_view path,
                              std::string_view request_id);

  std::chrono::seconds access_token_ttl() const { return policy_.access_token_ttl; }

 private:
  void RecordFailure(const std::string& email, const User* user, const char* reason,
                     const std::string& request_id);
  // Opens or continues `session_id`: stores a new refresh token and signs an access token.
  Result<LoginResult> IssueTokens(storage::Transaction& tx, const User& user,
                                  const std::string& session_id, bool open_session, Instant now);

  storage::Database& database_;
  storage::UserStore& users_;
  storage::SessionStore& sessions_;
  storage::AuditLog& audit_;
  const PasswordHasher& hasher_;
  const AccessTokenCodec& codec_;
  // Verifies `bearer_token` and loads its principal together with the epoch of that snapshot.
  Result<Principal> AuthenticateAfresh(std::string_view bearer_token, Instant now);

  SignInPolicy policy_;
  Clock clock_;
  PrincipalCache principal_cache_;
};

}  // namespace takt::identity
