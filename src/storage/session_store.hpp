// SessionStore: the storage port for sign-in state that must survive a restart: sign-in sessions
// (one per login, the "family" of its rotating refresh tokens), the refresh tokens themselves
// (only their SHA-256 digest is stored, never the token), the access-token revocation list (by
// token id, kept until the token would have expired), and per-user failed-login counters with
// their lockout deadline, and TOTP second factors with hashed single-use recovery codes. Times are
// Instants stored as "YYYY-MM-DDTHH:MM:SSZ".
//
// Every call takes the caller's Transaction; writes need a write transaction. The store never
// writes audit entries (the identity use cases do, in the same transaction).
//
// Thread-safety: implementations are stateless apart from the Transaction they are handed; one
// instance serves all threads. MarkRefreshTokenUsed is a compare-and-set, so two concurrent uses of
// one refresh token cannot both succeed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/instant.hpp"
#include "core/user.hpp"
#include "storage/transaction.hpp"

namespace takt::storage {

struct RefreshTokenRecord {
  std::string token_digest;  // hex SHA-256 of the refresh token
  std::string session_id;    // the family
  UserId user_id;
  Instant issued_at{};
  Instant expires_at{};
  bool used = false;             // already exchanged once
  bool session_revoked = false;  // the whole family was revoked
};

// A user's TOTP second factor: the secret (base32), whether enrolment was confirmed with a code,
// and the last time step accepted (a code is never accepted twice).
struct SecondFactorRecord {
  std::string secret_base32;
  bool confirmed = false;
  std::int64_t last_step = 0;
};

struct LoginLockState {
  int failed_attempts = 0;              // consecutive failures since the last success or lockout
  std::optional<Instant> locked_until;  // set while (or after) the account was locked
};

class SessionStore {
 public:
  virtual ~SessionStore() = default;

  // Opens session `session_id` for `user` (expiring with its last refresh token).
  virtual Result<void> OpenSession(Transaction& tx, const std::string& session_id, UserId user,
                                   Instant now, Instant expires_at) = 0;
  virtual Result<void> InsertRefreshToken(Transaction& tx, const RefreshTokenRecord& token) = 0;
  virtual Result<std::optional<RefreshTokenRecord>> FindRefreshToken(
      Transaction& tx, const std::string& token_digest) = 0;
  // Marks the token used; false when it was already used (by a concurrent request or earlier).
  virtual Result<bool> MarkRefreshTokenUsed(Transaction& tx, const std::string& token_digest,
                                            Instant now) = 0;

  // Revokes one session (its refresh tokens and the access tokens issued in it); true when it was
  // live before.
  virtual Result<bool> RevokeSession(Transaction& tx, const std::string& session_id,
                                     Instant now) = 0;
  // Revokes every live session of `user` except `keep` (when given); the number revoked.
  virtual Result<int> RevokeSessionsOfUser(Transaction& tx, UserId user,
                                           const std::optional<std::string>& keep, Instant now) = 0;

  // Puts access token `token_id` on the revocation list until `expires_at`. Entries that have
  // expired by `now` are pruned in the same call.
  virtual Result<void> RevokeAccessToken(Transaction& tx, const std::string& token_id, UserId user,
                                         Instant expires_at, Instant now) = 0;
  // True when access token `token_id` was revoked or its session (when non-empty) was.
  virtual Result<bool> IsAccessRevoked(Transaction& tx, const std::string& token_id,
                                       const std::string& session_id) = 0;

  // The security epoch: a counter the database itself bumps (in the same transaction) on every
  // change that can alter what an access token authenticates as: a user inserted, updated or
  // deleted, a role membership, a role or its grants, a revoked access token or session. Equal
  // values read at two moments mean no such change committed in between, from any process.
  virtual Result<std::int64_t> SecurityEpoch(Transaction& tx) = 0;

  virtual Result<LoginLockState> GetLockState(Transaction& tx, UserId user) = 0;
  // Counts one failed sign-in; at `threshold` consecutive failures the account is locked until
  // now + lock_for and the counter restarts. Returns the state after the update.
  virtual Result<LoginLockState> RecordLoginFailure(Transaction& tx, UserId user, Instant now,
                                                    int threshold,
                                                    std::chrono::seconds lock_for) = 0;
  // Forgets failures and any lockout (a successful sign-in, an administrator's unlock).
  virtual Result<void> ClearLoginFailures(Transaction& tx, UserId user) = 0;

  virtual Result<std::optional<SecondFactorRecord>> GetSecondFactor(Transaction& tx,
                                                                    UserId user) = 0;
  // Replaces the user's factor (unconfirmed, last step 0) and drops their recovery codes.
  virtual Result<void> PutSecondFactor(Transaction& tx, UserId user,
                                       const std::string& secret_base32) = 0;
  // Marks it confirmed and stores the SHA-256 digests of fresh recovery codes.
  virtual Result<void> ConfirmSecondFactor(Transaction& tx, UserId user, std::int64_t step,
                                           const std::vector<std::string>& code_digests) = 0;
  // Accepts time step `step` when it is later than the last accepted one (compare-and-set).
  virtual Result<bool> UseTotpStep(Transaction& tx, UserId user, std::int64_t step) = 0;
  // Consumes one unused recovery code by digest; false when none matches.
  virtual Result<bool> UseRecoveryCode(Transaction& tx, UserId user, const std::string& digest,
                                       Instant now) = 0;
  virtual Result<void> DeleteSecondFactor(Transaction& tx, UserId user) = 0;
};

}  // namespace takt::storage
