// SqliteAuditLog: the AuditLog port over the `audit_log` table (migration 1). Append reads the
// last entry's hash, links and hashes the new entry and inserts it, all inside the caller's write
// transaction (whose single-writer lock keeps the chain linear). Thread-safety: stateless; safe to
// share; each call follows its Transaction's rules.
#pragma once

#include "storage/audit_log.hpp"

namespace takt::storage::sqlite {

class SqliteAuditLog final : public AuditLog {
 public:
  Result<AuditEntry> Append(Transaction& tx, const AuditRecord& record) override;
  Result<std::vector<AuditEntry>> List(Transaction& tx, const AuditQuery& query) override;
  Result<std::vector<AuditEntry>> Page(Transaction& tx, std::int64_t after_sequence,
                                       int limit) override;
};

}  // namespace takt::storage::sqlite
