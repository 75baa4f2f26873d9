#include "storage/sqlite/sqlite_idempotency_store.hpp"

#include "storage/sqlite/sqlite_transaction.hpp"
#include "storage/utc_text.hpp"

namespace takt::storage::sqlite {

Result<std::optional<IdempotencyRecord>> SqliteIdempotencyStore::Find(Transaction& tx,
                                                                      const std::string& scope,
                                                                      const std::string& key) {
  auto stmt = ConnectionOf(tx).Prepare(
      "SELECT request_hash, entity_id FROM idempotency_keys WHERE scope = ? AND key = ?");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, scope).Bind(2, key);
  auto row = stmt->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<IdempotencyRecord>();
  return std::optional<IdempotencyRecord>(IdempotencyRecord{stmt->Text(0), stmt->Text(1)});
}

Result<void> SqliteIdempotencyStore::Remember(Transaction& tx, const std::string& scope,
                                              const std::string& key,
                                              const IdempotencyRecord& record) {
  auto stmt = ConnectionOf(tx).Prepare(
      "INSERT INTO idempotency_keys (scope, key, request_hash, entity_id, created_at) "
      "VALUES (?, ?, ?, ?, ?)");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, scope).Bind(2, key).Bind(3, record.request_hash).Bind(4, record.entity_id);
  stmt->Bind(5, UtcNowText());
  return stmt->Run();
}

}  // namespace takt::storage::sqlite
