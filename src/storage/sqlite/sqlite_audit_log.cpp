#include "storage/sqlite/sqlite_audit_log.hpp"

#include "storage/audit_chain.hpp"
#include "storage/sqlite/sqlite_transaction.hpp"
#include "storage/utc_text.hpp"

namespace takt::storage::sqlite {

namespace {

constexpr const char* kColumns =
    "sequence, occurred_at, actor_user_id, actor_email, request_id, action, entity_type, "
    "entity_id, before_json, after_json, prev_hash, hash";

AuditEntry ReadEntry(const Statement& s) {
  AuditEntry e;
  e.sequence = s.Int(0);
  e.occurred_at = s.Text(1);
  e.actor_user_id = s.Int(2);
  e.actor_email = s.Text(3);
  e.request_id = s.Text(4);
  e.action = s.Text(5);
  e.entity_type = s.Text(6);
  e.entity_id = s.Text(7);
  e.before_json = s.Text(8);
  e.after_json = s.Text(9);
  e.prev_hash = s.Text(10);
  e.hash = s.Text(11);
  return e;
}

Result<std::vector<AuditEntry>> Collect(Statement& stmt) {
  std::vector<AuditEntry> out;
  while (true) {
    auto row = stmt.Step();
    if (!row) return Fail(row.error());
    if (!*row) return out;
    out.push_back(ReadEntry(stmt));
  }
}

}  // namespace

Result<AuditEntry> SqliteAuditLog::Append(Transaction& tx, const AuditRecord& record) {
  const Actor* actor = tx.actor();
  if (actor == nullptr) return Fail(Error::Internal("audit entries need a write transaction"));
  Connection& db = ConnectionOf(tx);
  AuditEntry e;
  e.sequence = 1;
  e.prev_hash = kAuditGenesisHash;
  {
    auto last = db.Prepare("SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1");
    if (!last) return Fail(last.error());
    auto row = last->Step();
    if (!row) return Fail(row.error());
    if (*row) {
      e.sequence = last->Int(0) + 1;
      e.prev_hash = last->Text(1);
    }
  }
  e.occurred_at = UtcNowText();
  e.actor_user_id = actor->user_id.value();
  e.actor_email = actor->email;
  e.request_id = actor->request_id;
  e.action = record.action;
  e.entity_type = record.entity_type;
  e.entity_id = record.entity_id;
  e.before_json = record.before_json;
  e.after_json = record.after_json;
  e.hash = ComputeAuditHash(e);
  auto insert = db.Prepare(
      "INSERT INTO audit_log (sequence, occurred_at, actor_user_id, actor_email, request_id, "
      "action, entity_type, entity_id, before_json, after_json, prev_hash, hash) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!insert) return Fail(insert.error());
  insert->Bind(1, e.sequence).Bind(2, e.occurred_at).Bind(3, e.actor_user_id);
  insert->Bind(4, e.actor_email).Bind(5, e.request_id).Bind(6, e.action);
  insert->Bind(7, e.entity_type).Bind(8, e.entity_id).Bind(9, e.before_json);
  insert->Bind(10, e.after_json).Bind(11, e.prev_hash).Bind(12, e.hash);
  if (auto ok = insert->Run(); !ok) return Fail(ok.error());
  return e;
}

Result<std::vector<AuditEntry>> SqliteAuditLog::List(Transaction& tx, const AuditQuery& q) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM audit_log WHERE sequence > ?1";
  if (q.entity_type) sql += " AND entity_type = ?2";
  if (q.entity_id) sql += " AND entity_id = ?3";
  if (q.action) sql += " AND action = ?4";
  if (q.actor_user_id) sql += " AND actor_user_id = ?5";
  if (q.request_id) sql += " AND request_id = ?6";
  if (q.from) sql += " AND occurred_at >= ?7";
  if (q.to) sql += " AND occurred_at < ?8";
  sql += " ORDER BY sequence LIMIT ?9";
  auto stmt = ConnectionOf(tx).Prepare(sql);
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, q.after_sequence).Bind(2, q.entity_type).Bind(3, q.entity_id).Bind(4, q.action);
  stmt->Bind(5, q.actor_user_id).Bind(6, q.request_id).Bind(7, q.from).Bind(8, q.to);
  stmt->Bind(9, q.limit);
  return Collect(*stmt);
}

Result<std::vector<AuditEntry>> SqliteAuditLog::Page(Transaction& tx, std::int64_t after_sequence,
                                                     int limit) {
  auto stmt =
      ConnectionOf(tx).Prepare(std::string("SELECT ") + kColumns +
                               " FROM audit_log WHERE sequence > ? ORDER BY sequence LIMIT ?");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, after_sequence).Bind(2, limit);
  return Collect(*stmt);
}

}  // namespace takt::storage::sqlite
