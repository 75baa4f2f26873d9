#include "storage/sqlite/sqlite_session_store.hpp"

#include "storage/sqlite/sqlite_transaction.hpp"

namespace takt::storage::sqlite {

Result<void> SqliteSessionStore::OpenSession(Transaction& tx, const std::string& session_id,
                                             UserId user, Instant now, Instant expires_at) {
  auto stmt = ConnectionOf(tx).Prepare(
      "INSERT INTO auth_sessions (session_id, user_id, created_at, expires_at) VALUES (?, ?, ?, "
      "?)");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, session_id).Bind(2, user.value()).Bind(3, FormatInstant(now));
  stmt->Bind(4, FormatInstant(expires_at));
  return stmt->Run();
}

Result<void> SqliteSessionStore::InsertRefreshToken(Transaction& tx,
                                                    const RefreshTokenRecord& token) {
  Connection& db = ConnectionOf(tx);
  auto stmt = db.Prepare(
      "INSERT INTO refresh_tokens (token_digest, session_id, issued_at, expires_at) "
      "VALUES (?, ?, ?, ?)");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, token.token_digest).Bind(2, token.session_id);
  stmt->Bind(3, FormatInstant(token.issued_at)).Bind(4, FormatInstant(token.expires_at));
  if (auto ok = stmt->Run(); !ok) return Fail(ok.error());
  // The session lives as long as its newest refresh token.
  auto extend = db.Prepare("UPDATE auth_sessions SET expires_at = ? WHERE session_id = ?");
  if (!extend) return Fail(extend.error());
  extend->Bind(1, FormatInstant(token.expires_at)).Bind(2, token.session_id);
  return extend->Run();
}

Result<std::optional<RefreshTokenRecord>> SqliteSessionStore::FindRefreshToken(
    Transaction& tx, const std::string& token_digest) {
  auto stmt = ConnectionOf(tx).Prepare(
      "SELECT r.token_digest, r.session_id, s.user_id, r.issued_at, r.expires_at, "
      "r.used_at IS NOT NULL, s.revoked_at IS NOT NULL FROM refresh_tokens r "
      "JOIN auth_sessions s ON s.session_id = r.session_id WHERE r.token_digest = ?");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, token_digest);
  auto row = stmt->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<RefreshTokenRecord>();
  RefreshTokenRecord record;
  record.token_digest = stmt->Text(0);
  record.session_id = stmt->Text(1);
  record.user_id = UserId(stmt->Int(2));
  record.issued_at = ParseInstant(stmt->Text(3)).value_or(Instant{});
  record.expires_at = ParseInstant(stmt->Text(4)).value_or(Instant{});
  record.used = stmt->Int(5) != 0;
  record.session_revoked = stmt->Int(6) != 0;
  return std::optional<RefreshTokenRecord>(std::move(record));
}

Result<bool> SqliteSessionStore::MarkRefreshTokenUsed(Transaction& tx,
                                                      const std::string& token_digest,
                                                      Instant now) {
  Connection& db = ConnectionOf(tx);
  auto stmt = db.Prepare(
      "UPDATE refresh_tokens SET used_at = ? WHERE token_digest = ? AND used_at IS NULL");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, FormatInstant(now)).Bind(2, token_digest);
  if (auto ok = stmt->Run(); !ok) return Fail(ok.error());
  return db.Changes() == 1;
}

Result<bool> SqliteSessionStore::RevokeSession(Transaction& tx, const std::string& session_id,
                                               Instant now) {
  Connection& db = ConnectionOf(tx);
  auto stmt = db.Prepare(
      "UPDATE auth_sessions SET revoked_at = ? WHERE session_id = ? AND revoked_at IS NULL");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, FormatInstant(now)).Bind(2, session_id);
  if (auto ok = stmt->Run(); !ok) return Fail(ok.error());
  return db.Changes() == 1;
}

Result<int> SqliteSessionStore::RevokeSessionsOfUser(Transaction& tx, UserId user,
                                                     const std::optional<std::string>& keep,
                                                     Instant now) {
  Connection& db = ConnectionOf(tx);
  auto stmt = db.Prepare(
      "UPDATE auth_sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL "
      "AND session_id IS NOT ?");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, FormatInstant(now)).Bind(2, user.value()).Bind(3, keep);
  if (auto ok = stmt->Run(); !ok) return Fail(ok.error());
  return db.Changes();
}

Result<void> SqliteSessionStore::RevokeAccessToken(Transaction& tx, const std::string& token_id,
                                                   UserId user, Instant expires_at, Instant now) {
  Connection& db = ConnectionOf(tx);
  auto prune = db.Prepare("DELETE FROM revoked_access_tokens WHERE expires_at < ?");
  if (!prune) return Fail(prune.error());
  prune->Bind(1, FormatInstant(now));
  if (auto ok = prune->Run(); !ok) return Fail(ok.error());
  auto stmt = db.Prepare(
      "INSERT OR IGNORE INTO revoked_access_tokens (token_id, user_id, expires_at, revoked_at) "
      "VALUES (?, ?, ?, ?)");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, token_id).Bind(2, user.value()).Bind(3, FormatInstant(expires_at));
  stmt->Bind(4, FormatInstant(now));
  return stmt->Run();
}

Result<bool> SqliteSessionStore::IsAccessRevoked(Transaction& tx, const std::string& token_id,
                                                 const std::string& session_id) {
  auto stmt = ConnectionOf(tx).Prepare(
      "SELECT EXISTS (SELECT 1 FROM revoked_access_tokens WHERE token_id = ?) OR "
      "EXISTS (SELECT 1 FROM auth_sessions WHERE session_id = ? AND revoked_at IS NOT NULL)");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, token_id).Bind(2, session_id);
  auto row = stmt->Step();
  if (!row) return Fail(row.error());
  return *row && stmt->Int(0) != 0;
}

Result<std::int64_t> SqliteSessionStore::SecurityEpoch(Transaction& tx) {
  auto stmt = ConnectionOf(tx).Prepare("SELECT value FROM security_epoch WHERE id = 1");
  if (!stmt) return Fail(stmt.error());
  auto row = stmt->Step();
  if (!row) return Fail(row.error());
  if (!*row) return Fail(Error::Internal("the security_epoch row is missing (migration 204)"));
  return stmt->Int(0);
}

Result<LoginLockState> SqliteSessionStore::GetLockState(Transaction& tx, UserId user) {
  auto stmt = ConnectionOf(tx).Prepare(
      "SELECT failed_attempts, locked_until FROM login_failures WHERE user_id = ?");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, user.value());
  auto row = stmt->Step();
  if (!row) return Fail(row.error());
  LoginLockState state;
  if (!*row) return state;
  state.failed_attempts = static_cast<int>(stmt->Int(0));
  if (auto until = stmt->OptionalText(1)) state.locked_until = ParseInstant(*until);
  return state;
}

Result<LoginLockState> SqliteSessionStore::RecordLoginFailure(Transaction& tx, UserId user,
                                                              Instant now, int threshold,
                                                              std::chrono::seconds lock_for) {
  Connection& db = ConnectionOf(tx);
  auto stmt = db.Prepare(
      "INSERT INTO login_failures (user_id, failed_attempts, last_failed_at) VALUES (?, 1, ?) "
      "ON CONFLICT (user_id) DO UPDATE SET failed_attempts = failed_attempts + 1, "
      "last_failed_at = excluded.last_failed_at");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, user.value()).Bind(2, FormatInstant(now));
  if (auto ok = stmt->Run(); !ok) return Fail(ok.error());
  auto state = GetLockState(tx, user);
  if (!state) return Fail(state.error());
  if (state->failed_attempts < threshold) return state;
  auto lock = db.Prepare(
      "UPDATE login_failures SET failed_attempts = 0, locked_until = ? WHERE user_id = ?");
  if (!lock) return Fail(lock.error());
  lock->Bind(1, FormatInstant(now + lock_for)).Bind(2, user.value());
  if (auto ok = lock->Run(); !ok) return Fail(ok.error());
  state->failed_attempts = 0;
  state->locked_until = now + lock_for;
  return state;
}

Result<void> SqliteSessionStore::ClearLoginFailures(Transaction& tx, UserId user) {
  auto stmt = ConnectionOf(tx).Prepare("DELETE FROM login_failures WHERE user_id = ?");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, user.value());
  return stmt->Run();
}

Result<std::optional<SecondFactorRecord>> SqliteSessionStore::GetSecondFactor(Transaction& tx,
                                                                              UserId user) {
  auto stmt = ConnectionOf(tx).Prepare(
      "SELECT secret_base32, confirmed, last_step FROM second_factors WHERE user_id = ?");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, user.value());
  auto row = stmt->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<SecondFactorRecord>();
  return std::optional<SecondFactorRecord>(
      SecondFactorRecord{stmt->Text(0), stmt->Int(1) != 0, stmt->Int(2)});
}

Result<void> SqliteSessionStore::PutSecondFactor(Transaction& tx, UserId user,
                                                 const std::string& secret_base32) {
  if (auto ok = DeleteSecondFactor(tx, user); !ok) return ok;
  auto stmt = ConnectionOf(tx).Prepare(
      "INSERT INTO second_factors (user_id, secret_base32, confirmed, last_step) "
      "VALUES (?, ?, 0, 0)");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, user.value()).Bind(2, secret_base32);
  return stmt->Run();
}

Result<void> SqliteSessionStore::ConfirmSecondFactor(Transaction& tx, UserId user,
                                                     std::int64_t step,
                                                     const std::vector<std::string>& code_digests) {
  Connection& db = ConnectionOf(tx);
  auto stmt =
      db.Prepare("UPDATE second_factors SET confirmed = 1, last_step = ? WHERE user_id = ?");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, step).Bind(2, user.value());
  if (auto ok = stmt->Run(); !ok) return Fail(ok.error());
  auto clear = db.Prepare("DELETE FROM recovery_codes WHERE user_id = ?");
  if (!clear) return Fail(clear.error());
  clear->Bind(1, user.value());
  if (auto ok = clear->Run(); !ok) return Fail(ok.error());
  for (const std::string& digest : code_digests) {
    auto insert = db.Prepare("INSERT INTO recovery_codes (user_id, code_digest) VALUES (?, ?)");
    if (!insert) return Fail(insert.error());
    insert->Bind(1, user.value()).Bind(2, digest);
    if (auto ok = insert->Run(); !ok) return Fail(ok.error());
  }
  return {};
}

Result<bool> SqliteSessionStore::UseTotpStep(Transaction& tx, UserId user, std::int64_t step) {
  Connection& db = ConnectionOf(tx);
  auto stmt =
      db.Prepare("UPDATE second_factors SET last_step = ? WHERE user_id = ? AND last_step < ?");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, step).Bind(2, user.value()).Bind(3, step);
  if (auto ok = stmt->Run(); !ok) return Fail(ok.error());
  return db.Changes() == 1;
}

Result<bool> SqliteSessionStore::UseRecoveryCode(Transaction& tx, UserId user,
                                                 const std::string& digest, Instant now) {
  Connection& db = ConnectionOf(tx);
  auto stmt = db.Prepare(
      "UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_digest = ? "
      "AND used_at IS NULL");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, FormatInstant(now)).Bind(2, user.value()).Bind(3, digest);
  if (auto ok = stmt->Run(); !ok) return Fail(ok.error());
  return db.Changes() == 1;
}

Result<void> SqliteSessionStore::DeleteSecondFactor(Transaction& tx, UserId user) {
  Connection& db = ConnectionOf(tx);
  for (const char* sql : {"DELETE FROM recovery_codes WHERE user_id = ?",
                          "DELETE FROM second_factors WHERE user_id = ?"}) {
    auto stmt = db.Prepare(sql);
    if (!stmt) return Fail(stmt.error());
    stmt->Bind(1, user.value());
    if (auto ok = stmt->Run(); !ok) return Fail(ok.error());
  }
  return {};
}

}  // namespace takt::storage::sqlite
