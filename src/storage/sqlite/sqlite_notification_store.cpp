#include "storage/sqlite/sqlite_notification_store.hpp"

#include "storage/sqlite/sqlite_transaction.hpp"

namespace takt::storage::sqlite {

namespace {

constexpr const char* kSelect =
    "SELECT n.id, n.recipient_role, n.kind, n.entity_type, n.entity_id, n.message, n.created_at, "
    "EXISTS (SELECT 1 FROM notification_reads r WHERE r.notification_id = n.id AND r.user_id = ?1) "
    "FROM notifications n WHERE n.id > ?2";

// " AND n.recipient_role IN (?3, ?4, ...)" unless the query sees every role.
std::string RoleFilter(const NotificationQuery& q) {
  if (q.all_roles) return "";
  if (q.roles.empty()) return " AND 0";
  std::string sql = " AND n.recipient_role IN (";
  for (std::size_t i = 0; i < q.roles.size(); ++i) {
    sql += (i == 0 ? "?" : ", ?") + std::to_string(i + 10);
  }
  return sql + ")";
}

void BindRoles(Statement& stmt, const NotificationQuery& q) {
  if (q.all_roles) return;
  for (std::size_t i = 0; i < q.roles.size(); ++i) {
    stmt.Bind(static_cast<int>(i + 10), q.roles[i]);
  }
}

Result<std::vector<Notification>> Collect(Statement& stmt) {
  std::vector<Notification> out;
  while (true) {
    auto row = stmt.Step();
    if (!row) return Fail(row.error());
    if (!*row) return out;
    Notification n;
    n.id = stmt.Int(0);
    n.recipient_role = stmt.Text(1);
    n.kind = stmt.Text(2);
    n.entity_type = stmt.Text(3);
    n.entity_id = stmt.Text(4);
    n.message = stmt.Text(5);
    n.created_at = ParseInstant(stmt.Text(6)).value_or(Instant{});
    n.read = stmt.Int(7) != 0;
    out.push_back(std::move(n));
  }
}

}  // namespace

Result<std::int64_t> SqliteNotificationStore::Insert(Transaction& tx, const Notification& n) {
  Connection& db = ConnectionOf(tx);
  auto stmt = db.Prepare(
      "INSERT INTO notifications (recipient_role, kind, entity_type, entity_id, message, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?)");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, n.recipient_role).Bind(2, n.kind).Bind(3, n.entity_type).Bind(4, n.entity_id);
  stmt->Bind(5, n.message).Bind(6, FormatInstant(n.created_at));
  if (auto ok = stmt->Run(); !ok) return Fail(ok.error());
  return db.LastInsertId();
}

Result<std::vector<Notification>> SqliteNotificationStore::List(Transaction& tx,
                                                                const NotificationQuery& q) {
  std::string sql = kSelect + RoleFilter(q);
  if (q.unread_only) {
    sql +=
        " AND NOT EXISTS (SELECT 1 FROM notification_reads r WHERE r.notification_id = n.id AND "
        "r.user_id = ?1)";
  }
  sql += " ORDER BY n.id LIMIT ?3";
  auto stmt = ConnectionOf(tx).Prepare(sql);
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, q.user.value()).Bind(2, q.after_id).Bind(3, q.limit);
  BindRoles(*stmt, q);
  return Collect(*stmt);
}

Result<std::optional<Notification>> SqliteNotificationStore::Find(Transaction& tx, std::int64_t id,
                                                                  const NotificationQuery& q) {
  std::string sql = kSelect + RoleFilter(q) + " AND n.id = ?3";
  auto stmt = ConnectionOf(tx).Prepare(sql);
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, q.user.value()).Bind(2, std::int64_t{0}).Bind(3, id);
  BindRoles(*stmt, q);
  auto found = Collect(*stmt);
  if (!found) return Fail(found.error());
  if (found->empty()) return std::optional<Notification>();
  return std::optional<Notification>(std::move(found->front()));
}

Result<void> SqliteNotificationStore::MarkRead(Transaction& tx, std::int64_t id, UserId user,
                                               Instant now) {
  auto stmt = ConnectionOf(tx).Prepare(
      "INSERT OR IGNORE INTO notification_reads (notification_id, user_id, read_at) "
      "VALUES (?, ?, ?)");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, id).Bind(2, user.value()).Bind(3, FormatInstant(now));
  return stmt->Run();
}

}  // namespace takt::storage::sqlite
