#include "storage/sqlite/sqlite_user_store.hpp"

#include <map>
#include <set>

#include "core/instant.hpp"
#include "storage/sqlite/sqlite_transaction.hpp"

namespace takt::storage::sqlite {

namespace {

constexpr const char* kUserColumns =
    "id, email, display_name, password_hash, active, version, created_at";

User ReadUser(const Statement& s) {
  User u;
  u.id = UserId(s.Int(0));
  u.email = s.Text(1);
  u.display_name = s.Text(2);
  u.password_hash = s.Text(3);
  u.active = s.Int(4) != 0;
  u.version = s.Int(5);
  u.created_at = ParseInstant(s.Text(6)).value_or(Instant{});
  return u;
}

Result<std::vector<std::string>> RolesOf(Connection& db, UserId id) {
  auto stmt = db.Prepare("SELECT role FROM user_roles WHERE user_id = ? ORDER BY role");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, id.value());
  std::vector<std::string> roles;
  while (true) {
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (!*row) return roles;
    roles.push_back(stmt->Text(0));
  }
}

// Runs a query selecting kUserColumns and returns its rows with their roles.
Result<std::optional<User>> QueryOne(Connection& db, Statement& stmt) {
  auto row = stmt.Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<User>();
  User user = ReadUser(stmt);
  auto roles = RolesOf(db, user.id);
  if (!roles) return Fail(roles.error());
  user.roles = std::move(*roles);
  return std::optional<User>(std::move(user));
}

Result<bool> RoleExists(Connection& db, const std::string& role) {
  auto stmt = db.Prepare("SELECT 1 FROM roles WHERE name = ?");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, role);
  return stmt->Step();
}

// Shared tail of SetActive and SetPasswordHash: explains zero changed rows.
Result<User> AfterVersionedUpdate(Connection& db, UserStore& store, Transaction& tx, UserId id,
                                  std::int64_t expected_version) {
  if (db.Changes() == 0) {
    auto current = store.Get(tx, id);
    if (!current) return Fail(current.error());
    return Fail(Error::Conflict("user " + id.ToString() + " was changed by someone else (version " +
                                std::to_string(current->version) + ", expected " +
                                std::to_string(expected_version) + ")")
                    .WithDetail("current_version", std::to_string(current->version)));
  }
  return store.Get(tx, id);
}

}  // namespace

Result<User> SqliteUserStore::Insert(Transaction& tx, const User& user) {
  Connection& db = ConnectionOf(tx);
  std::vector<FieldError> unknown;
  for (std::size_t i = 0; i < user.roles.size(); ++i) {
    auto exists = RoleExists(db, user.roles[i]);
    if (!exists) return Fail(exists.error());
    if (!*exists) {
      unknown.push_back(
          {"roles[" + std::to_string(i) + "]", "unknown role '" + user.roles[i] + "'"});
    }
  }
  if (!unknown.empty()) return Fail(Error::InvalidArgument("unknown role", std::move(unknown)));

  const std::string now = FormatInstant(InstantNow());
  auto insert = db.Prepare(
      "INSERT INTO users (email, display_name, password_hash, active, version, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)");
  if (!insert) return Fail(insert.error());
  insert->Bind(1, user.email).Bind(2, user.display_name).Bind(3, user.password_hash);
  insert->Bind(4, user.active).Bind(5, now).Bind(6, now);
  if (auto ok = insert->Run(); !ok) return Fail(ok.error());
  const UserId id(db.LastInsertId());
  for (const std::string& role : user.roles) {
    auto link = db.Prepare("INSERT INTO user_roles (user_id, role) VALUES (?, ?)");
    if (!link) return Fail(link.error());
    link->Bind(1, id.value()).Bind(2, role);
    if (auto ok = link->Run(); !ok) return Fail(ok.error());
  }
  return Get(tx, id);
}

Result<User> SqliteUserStore::Get(Transaction& tx, UserId id) {
  Connection& db = ConnectionOf(tx);
  auto stmt = db.Prepare(std::string("SELECT ") + kUserColumns + " FROM users WHERE id = ?");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, id.value());
  auto user = QueryOne(db, *stmt);
  if (!user) return Fail(user.error());
  if (!*user) return Fail(Error::NotFound("user " + id.ToString() + " does not exist"));
  return std::move(**user);
}

Result<std::optional<User>> SqliteUserStore::FindByEmail(Transaction& tx, std::string_view email) {
  Connection& db = ConnectionOf(tx);
  auto stmt = db.Prepare(std::string("SELECT ") + kUserColumns + " FROM users WHERE email = ?");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, email);
  return QueryOne(db, *stmt);
}

Result<std::vector<User>> SqliteUserStore::List(Transaction& tx) {
  Connection& db = ConnectionOf(tx);
  std::map<std::int64_t, std::vector<std::string>> roles_by_user;
  {
    auto stmt = db.Prepare("SELECT user_id, role FROM user_roles ORDER BY user_id, role");
    if (!stmt) return Fail(stmt.error());
    while (true) {
      auto row = stmt->Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      roles_by_user[stmt->Int(0)].push_back(stmt->Text(1));
    }
  }
  auto stmt = db.Prepare(std::string("SELECT ") + kUserColumns + " FROM users ORDER BY email");
  if (!stmt) return Fail(stmt.error());
  std::vector<User> users;
  while (true) {
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (!*row) return users;
    users.push_back(ReadUser(*stmt));
    users.back().roles = std::move(roles_by_user[users.back().id.value()]);
  }
}

Result<User> SqliteUserStore::SetActive(Transaction& tx, UserId id, bool active,
                                        std::int64_t expected_version) {
  Connection& db = ConnectionOf(tx);
  auto stmt = db.Prepare(
      "UPDATE users SET active = ?, version = version + 1, updated_at = ? "
      "WHERE id = ? AND version = ?");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, active).Bind(2, FormatInstant(InstantNow())).Bind(3, id.value());
  stmt->Bind(4, expected_version);
  if (auto ok = stmt->Run(); !ok) return Fail(ok.error());
  return AfterVersionedUpdate(db, *this, tx, id, expected_version);
}

Result<User> SqliteUserStore::SetPasswordHash(Transaction& tx, UserId id, const std::string& hash,
                                              std::int64_t expected_version) {
  Connection& db = ConnectionOf(tx);
  auto stmt = db.Prepare(
      "UPDATE users SET password_hash = ?, version = version + 1, updated_at = ? "
      "WHERE id = ? AND version = ?");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, hash).Bind(2, FormatInstant(InstantNow())).Bind(3, id.value());
  stmt->Bind(4, expected_version);
  if (auto ok = stmt->Run(); !ok) return Fail(ok.error());
  return AfterVersionedUpdate(db, *this, tx, id, expected_version);
}

Result<void> SqliteUserStore::Delete(Transaction& tx, UserId id) {
  Connection& db = ConnectionOf(tx);
  auto stmt = db.Prepare("DELETE FROM users WHERE id = ?");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, id.value());
  if (auto ok = stmt->Run(); !ok) return Fail(ok.error());
  if (db.Changes() == 0) return Fail(Error::NotFound("user " + id.ToString() + " does not exist"));
  return {};
}

Result<std::vector<RoleDefinition>> SqliteUserStore::ListRoles(Transaction& tx) {
  Connection& db = ConnectionOf(tx);
  auto stmt = db.Prepare(
      "SELECT r.name, r.description, p.permission FROM roles r "
      "LEFT JOIN role_permissions p ON p.role = r.name ORDER BY r.name, p.permission");
  if (!stmt) return Fail(stmt.error());
  std::vector<RoleDefinition> roles;
  while (true) {
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (!*row) return roles;
    std::string name = stmt->Text(0);
    if (roles.empty() || roles.back().name != name) {
      roles.push_back({std::move(name), stmt->Text(1), {}});
    }
    if (!stmt->IsNull(2)) roles.back().permissions.push_back(stmt->Text(2));
  }
}

Result<std::vector<std::string>> SqliteUserStore::GrantsOfRoles(
    Transaction& tx, const std::vector<std::string>& roles) {
  Connection& db = ConnectionOf(tx);
  std::set<std::string> grants;
  for (const std::string& role : roles) {
    auto stmt = db.Prepare("SELECT permission FROM role_permissions WHERE role = ?");
    if (!stmt) return Fail(stmt.error());
    stmt->Bind(1, role);
    while (true) {
      auto row = stmt->Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      grants.insert(stmt->Text(0));
    }
  }
  return std::vector<std::string>(grants.begin(), grants.end());
}

}  // namespace takt::storage::sqlite
