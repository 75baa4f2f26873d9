// SqliteSessionStore: the SessionStore port over the identity tables of migration 202:
// auth_sessions, refresh_tokens, revoked_access_tokens and login_failures, and of migration 203:
// second_factors and recovery_codes. Deleting a user
// cascades to all four. The security epoch is the single row of migration 204, kept current by
// that migration's triggers (so no write here has to remember to bump it).
//
// Thread-safety: stateless; safe to share; each call follows its Transaction's rules.
#pragma once

#include "storage/session_store.hpp"

namespace takt::storage::sqlite {

class SqliteSessionStore final : public SessionStore {
 public:
  Result<void> OpenSession(Transaction& tx, const std::string& session_id, UserId user, Instant now,
                           Instant expires_at) override;
  Result<void> InsertRefreshToken(Transaction& tx, const RefreshTokenRecord& token) override;
  Result<std::optional<RefreshTokenRecord>> FindRefreshToken(
      Transaction& tx, const std::string& token_digest) override;
  Result<bool> MarkRefreshTokenUsed(Transaction& tx, const std::string& token_digest,
                                    Instant now) override;
  Result<bool> RevokeSession(Transaction& tx, const std::string& session_id, Instant now) override;
  Result<int> RevokeSessionsOfUser(Transaction& tx, UserId user,
                                   const std::optional<std::string>& keep, Instant now) override;
  Result<void> RevokeAccessToken(Transaction& tx, const std::string& token_id, UserId user,
                                 Instant expires_at, Instant now) override;
  Result<bool> IsAccessRevoked(Transaction& tx, const std::string& token_id,
                               const std::string& session_id) override;
  Result<std::int64_t> SecurityEpoch(Transaction& tx) override;
  Result<LoginLockState> GetLockState(Transaction& tx, UserId user) override;
  Result<LoginLockState> RecordLoginFailure(Transaction& tx, UserId user, Instant now,
                                            int threshold, std::chrono::seconds lock_for) override;
  Result<void> ClearLoginFailures(Transaction& tx, UserId user) override;
  Result<std::optional<SecondFactorRecord>> GetSecondFactor(Transaction& tx, UserId user) override;
  Result<void> PutSecondFactor(Transaction& tx, UserId user,
                               const std::string& secret_base32) override;
  Result<void> ConfirmSecondFactor(Transaction& tx, UserId user, std::int64_t step,
                                   const std::vector<std::string>& code_digests) override;
  Result<bool> UseTotpStep(Transaction& tx, UserId user, std::int64_t step) override;
  Result<bool> UseRecoveryCode(Transaction& tx, UserId user, const std::string& digest,
                               Instant now) override;
  Result<void> DeleteSecondFactor(Transaction& tx, UserId user) override;
};

}  // namespace takt::storage::sqlite
