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

// kInvalidArgument naming every role of `roles` that does not exist.
Result<void> CheckRolesExist(Connection& db, const std::vector<std::string>& roles) {
  std::vector<FieldError> unknown;
  for (std::size_t i = 0; i < roles.size(); ++i) {
    auto exists = RoleExists(db, roles[i]);
    if (!exists) return Fail(exists.error());
    if (!*exists) {
      unknown.push_back({"roles[" + std::to_string(i) + "]", "unknown role '" + roles[i] + "'"});
    }
  }
  if (!unknown.empty()) return Fail(Error::InvalidArgument("unknown role", std::move(unknown)));
  return {};
}

Result<void> ReplaceRoles(Connection& db, UserId id, const std::vector<std::string>& roles) {
  auto clear = db.Prepare("DELETE FROM user_roles WHERE user_id = ?");
  if (!clear) return Fail(clear.error());
  clear->Bind(1, id.value());
  if (auto ok = clear->Run(); !ok) return Fail(ok.error());
  for (const std::string& role : roles) {
    auto link = db.Prepare("INSERT INTO user_roles (user_id, role) VALUES (?, ?)");
    if (!link) return Fail(link.error());
    link->Bind(1, id.value()).Bind(2, role);
    if (auto ok = link->Run(); !ok) return Fail(ok.error());
  }
  return {};
}

Result<void> InsertGrants(Connection& db, const RoleDefinition& role) {
  for (const std::string& grant : role.permissions) {
    auto stmt =
        db.Prepare("INSERT OR IGNORE INTO role_permissions (role, permission) VALUES (?, ?)");
    if (!stmt) return Fail(stmt.error());
    stmt->Bind(1, role.name).Bind(2, grant);
    if (auto ok = stmt->Run(); !ok) return Fail(ok.error());
  }
  return {};
}

Result<RoleDefinition> GetRole(UserStore& store, Transaction& tx, const std::string& name) {
  auto roles = store.ListRoles(tx);
  if (!roles) return Fail(roles.error());
  for (auto& r : *roles) {
    if (r.name == name) return std::move(r);
  }
  return Fail(Error::NotFound("role '" + name + "' does not exist"));
}

// Shared tail of Update, SetActive and SetPasswordHash: explains zero changed rows.
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
  if (auto known = CheckRolesExist(db, user.roles); !known) return Fail(known.error());
  const std::string now = FormatInstant(InstantNow());
  auto insert = db.Prepare(
      "INSERT INTO users (email, display_name, password_hash, active, version, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)");
  if (!insert) return Fail(insert.error());
  insert->Bind(1, user.email).Bind(2, user.display_name).Bind(3, user.password_hash);
  insert->Bind(4, user.active).Bind(5, now).Bind(6, now);
  if (auto ok = insert->Run(); !ok) return Fail(ok.error());
  const UserId id(db.LastInsertId());
  if (auto linked = ReplaceRoles(db, id, user.roles); !linked) return Fail(linked.error());
  return Get(tx, id);
}

Result<User> SqliteUserStore::Update(Transaction& tx, const User& user,
                                     std::int64_t expected_version) {
  Connection& db = ConnectionOf(tx);
  if (auto known = CheckRolesExist(db, user.roles); !known) return Fail(known.error());
  auto stmt = db.Prepare(
      "UPDATE users SET display_name = ?, active = ?, version = version + 1, updated_at = ? "
      "WHERE id = ? AND version = ?");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, user.display_name).Bind(2, user.active).Bind(3, FormatInstant(InstantNow()));
  stmt->Bind(4, user.id.value()).Bind(5, expected_version);
  if (auto ok = stmt->Run(); !ok) return Fail(ok.error());
  if (db.Changes() == 0) return AfterVersionedUpdate(db, *this, tx, user.id, expected_version);
  if (auto linked = ReplaceRoles(db, user.id, user.roles); !linked) return Fail(linked.error());
  return Get(tx, user.id);
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

Result<UserPage> SqliteUserStore::Search(Transaction& tx, const UserQuery& query) {
  Connection& db = ConnectionOf(tx);
  if (query.sort != "email" && query.sort != "created_at") {
    return Fail(
        Error::InvalidArgument("cannot sort users by '" + query.sort + "'",
                               {{"sort", "must be email, created_at, -email or -created_at"}}));
  }
  // ?1 role, ?2 active, ?3 q: each NULL when the filter is absent.
  const std::string where =
      " FROM users u WHERE (?1 IS NULL OR EXISTS (SELECT 1 FROM user_roles r "
      "WHERE r.user_id = u.id AND r.role = ?1)) AND (?2 IS NULL OR u.active = ?2) AND "
      "(?3 IS NULL OR instr(lower(u.email), lower(?3)) > 0 OR "
      "instr(lower(u.display_name), lower(?3)) > 0)";
  auto bind_filters = [&](Statement& stmt) {
    stmt.Bind(1, query.role);
    if (query.active) {
      stmt.Bind(2, *query.active);
    } else {
      stmt.BindNull(2);
    }
    stmt.Bind(3, query.q);
  };
  UserPage page;
  {
    auto count = db.Prepare("SELECT COUNT(*)" + where);
    if (!count) return Fail(count.error());
    bind_filters(*count);
    auto row = count->Step();
    if (!row) return Fail(row.error());
    page.total = *row ? count->Int(0) : 0;
  }
  const std::string direction = query.descending ? " DESC" : " ASC";
  auto stmt = db.Prepare(
      "SELECT u.id, u.email, u.display_name, u.password_hash, u.active, u.version, u.created_at, "
      "(SELECT group_concat(role, ',') FROM (SELECT role FROM user_roles "
      "WHERE user_id = u.id ORDER BY role))" +
      where + " ORDER BY u." + query.sort + direction + ", u.id" + direction +
      " LIMIT ?4 OFFSET ?5");
  if (!stmt) return Fail(stmt.error());
  bind_filters(*stmt);
  stmt->Bind(4, query.limit).Bind(5, query.offset);
  while (true) {
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (!*row) return page;
    User user = ReadUser(*stmt);
    const std::string roles = stmt->OptionalText(7).value_or("");
    // Role names are [a-z0-9_], so the comma cannot occur inside one.
    for (std::size_t start = 0; start < roles.size();) {
      const auto comma = roles.find(',', start);
      user.roles.push_back(
          roles.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      start = comma == std::string::npos ? roles.size() : comma + 1;
    }
    page.items.push_back(std::move(user));
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

Result<RoleDefinition> SqliteUserStore::InsertRole(Transaction& tx, const RoleDefinition& role) {
  Connection& db = ConnectionOf(tx);
  auto stmt = db.Prepare(
      "INSERT INTO roles (name, description, builtin, version, created_at) VALUES (?, ?, 0, 1, ?)");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, role.name).Bind(2, role.description).Bind(3, FormatInstant(InstantNow()));
  if (auto ok = stmt->Run(); !ok) {
    if (ok.error().code == ErrorCode::kConflict) {
      return Fail(Error::Conflict("a role named '" + role.name + "' already exists")
                      .WithDetail("name", role.name));
    }
    return Fail(ok.error());
  }
  if (auto granted = InsertGrants(db, role); !granted) return Fail(granted.error());
  return GetRole(*this, tx, role.name);
}

Result<RoleDefinition> SqliteUserStore::UpdateRole(Transaction& tx, const RoleDefinition& role) {
  Connection& db = ConnectionOf(tx);
  auto stmt = db.Prepare("UPDATE roles SET description = ?, version = version + 1 WHERE name = ?");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, role.description).Bind(2, role.name);
  if (auto ok = stmt->Run(); !ok) return Fail(ok.error());
  if (db.Changes() == 0) return Fail(Error::NotFound("role '" + role.name + "' does not exist"));
  auto clear = db.Prepare("DELETE FROM role_permissions WHERE role = ?");
  if (!clear) return Fail(clear.error());
  clear->Bind(1, role.name);
  if (auto ok = clear->Run(); !ok) return Fail(ok.error());
  if (auto granted = InsertGrants(db, role); !granted) return Fail(granted.error());
  return GetRole(*this, tx, role.name);
}

Result<void> SqliteUserStore::DeleteRole(Transaction& tx, const std::string& name) {
  Connection& db = ConnectionOf(tx);
  auto holders = db.Prepare("SELECT COUNT(*) FROM user_roles WHERE role = ?");
  if (!holders) return Fail(holders.error());
  holders->Bind(1, name);
  auto row = holders->Step();
  if (!row) return Fail(row.error());
  if (*row && holders->Int(0) > 0) {
    return Fail(Error::Conflict("role '" + name + "' is held by " +
                                std::to_string(holders->Int(0)) +
                                " user(s); remove it from them first"));
  }
  auto stmt = db.Prepare("DELETE FROM roles WHERE name = ?");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, name);
  if (auto ok = stmt->Run(); !ok) return Fail(ok.error());
  if (db.Changes() == 0) return Fail(Error::NotFound("role '" + name + "' does not exist"));
  return {};
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
