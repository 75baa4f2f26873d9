// Versions 200-299: identity. 200 creates users, roles, role grants and memberships; 201 seeds
// the shipped roles from core/permissions.hpp (DefaultRoles) with INSERT OR IGNORE, so a fresh
// database always matches the code's matrix. 202 adds sign-in sessions, hashed refresh tokens,
// the access-token revocation list and failed-login counters (storage/session_store.hpp). 203
// adds TOTP second factors and hashed recovery codes. 250
// adds role-addressed in-app notifications with per-user read state (notification_store.hpp). A
// later change to the shipped matrix needs its own step that applies the difference to existing
// databases.
#include <string>

#include "core/permissions.hpp"
#include "storage/migrations/migration.hpp"

namespace takt::storage {

namespace {

std::string Quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

std::string DefaultRolesSql() {
  std::string sql;
  for (const RoleDefinition& role : DefaultRoles()) {
    sql += "INSERT OR IGNORE INTO roles (name, description, builtin, created_at) VALUES (" +
           Quoted(role.name) + ", " + Quoted(role.description) +
           ", 1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));\n";
    for (const std::string& grant : role.permissions) {
      sql += "INSERT OR IGNORE INTO role_permissions (role, permission) VALUES (" +
             Quoted(role.name) + ", " + Quoted(grant) + ");\n";
    }
  }
  return sql;
}

}  // namespace

std::vector<Migration> IdentityMigrations() {
  static const std::string kSeed = DefaultRolesSql();
  return {
      {200, "users_and_roles", R"sql(
CREATE TABLE roles (
  name        TEXT PRIMARY KEY,
  description TEXT NOT NULL DEFAULT '',
  builtin     INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
  version     INTEGER NOT NULL DEFAULT 1,
  created_at  TEXT NOT NULL
);
CREATE TABLE role_permissions (
  role       TEXT NOT NULL REFERENCES roles (name) ON DELETE CASCADE ON UPDATE CASCADE,
  permission TEXT NOT NULL,
  PRIMARY KEY (role, permission)
) WITHOUT ROWID;
CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  email         TEXT NOT NULL UNIQUE,
  display_name  TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  version       INTEGER NOT NULL DEFAULT 1,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE TABLE user_roles (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role    TEXT NOT NULL REFERENCES roles (name) ON DELETE RESTRICT ON UPDATE CASCADE,
  PRIMARY KEY (user_id, role)
) WITHOUT ROWID;
CREATE INDEX user_roles_role ON user_roles (role);
)sql"},
      {201, "default_roles", kSeed.c_str()},
      {202, "sessions_revocation_lockout", R"sql(
CREATE TABLE auth_sessions (
  session_id TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX auth_sessions_user ON auth_sessions (user_id);
CREATE TABLE refresh_tokens (
  token_digest TEXT PRIMARY KEY,
  session_id   TEXT NOT NULL REFERENCES auth_sessions (session_id) ON DELETE CASCADE,
  issued_at    TEXT NOT NULL,
  expires_at   TEXT NOT NULL,
  used_at      TEXT
) WITHOUT ROWID;
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);
CREATE TABLE revoked_access_tokens (
  token_id   TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX revoked_access_tokens_expiry ON revoked_access_tokens (expires_at);
CREATE TABLE login_failures (
  user_id         INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  last_failed_at  TEXT,
  locked_until    TEXT
);
)sql"},
      {203, "second_factors", R"sql(
CREATE TABLE second_factors (
  user_id       INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  secret_base32 TEXT NOT NULL,
  confirmed     INTEGER NOT NULL DEFAULT 0 CHECK (confirmed IN (0, 1)),
  last_step     INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE recovery_codes (
  user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_digest TEXT NOT NULL,
  used_at     TEXT,
  PRIMARY KEY (user_id, code_digest)
) WITHOUT ROWID;
)sql"},
      // Every change that can alter what a bearer token authenticates as (a user's row or roles, a
      // role's grants, a revoked token or session) bumps security_epoch.value in the same
      // transaction, whichever process or connection makes it, so a cached authentication
      // (service/identity/principal_cache.hpp) is trusted only while the epoch is unchanged.
      {204, "security_epoch", R"sql(
CREATE TABLE security_epoch (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  value INTEGER NOT NULL
);
INSERT INTO security_epoch (id, value) VALUES (1, 1);
CREATE TRIGGER security_epoch_users_insert AFTER INSERT ON users
BEGIN UPDATE security_epoch SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER security_epoch_users_update AFTER UPDATE ON users
BEGIN UPDATE security_epoch SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER security_epoch_users_delete AFTER DELETE ON users
BEGIN UPDATE security_epoch SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER security_epoch_user_roles_insert AFTER INSERT ON user_roles
BEGIN UPDATE security_epoch SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER security_epoch_user_roles_update AFTER UPDATE ON user_roles
BEGIN UPDATE security_epoch SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER security_epoch_user_roles_delete AFTER DELETE ON user_roles
BEGIN UPDATE security_epoch SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER security_epoch_roles_insert AFTER INSERT ON roles
BEGIN UPDATE security_epoch SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER security_epoch_roles_update AFTER UPDATE ON roles
BEGIN UPDATE security_epoch SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER security_epoch_roles_delete AFTER DELETE ON roles
BEGIN UPDATE security_epoch SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER security_epoch_role_permissions_insert AFTER INSERT ON role_permissions
BEGIN UPDATE security_epoch SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER security_epoch_role_permissions_update AFTER UPDATE ON role_permissions
BEGIN UPDATE security_epoch SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER security_epoch_role_permissions_delete AFTER DELETE ON role_permissions
BEGIN UPDATE security_epoch SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER security_epoch_sessions_revoke AFTER UPDATE OF revoked_at ON auth_sessions
BEGIN UPDATE security_epoch SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER security_epoch_sessions_delete AFTER DELETE ON auth_sessions
BEGIN UPDATE security_epoch SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER security_epoch_revoked_tokens_insert AFTER INSERT ON revoked_access_tokens
BEGIN UPDATE security_epoch SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER security_epoch_revoked_tokens_update AFTER UPDATE ON revoked_access_tokens
BEGIN UPDATE security_epoch SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER security_epoch_revoked_tokens_delete AFTER DELETE ON revoked_access_tokens
BEGIN UPDATE security_epoch SET value = value + 1 WHERE id = 1; END;
)sql"},
      {250, "notifications", R"sql(
CREATE TABLE notifications (
  id             INTEGER PRIMARY KEY,
  recipient_role TEXT NOT NULL,
  kind           TEXT NOT NULL,
  entity_type    TEXT NOT NULL,
  entity_id      TEXT NOT NULL,
  message        TEXT NOT NULL,
  created_at     TEXT NOT NULL
);
CREATE INDEX notifications_role ON notifications (recipient_role, id);
CREATE TABLE notification_reads (
  notification_id INTEGER NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
  user_id         INTEGER NOT NULL,
  read_at         TEXT NOT NULL,
  PRIMARY KEY (notification_id, user_id)
) WITHOUT ROWID;
)sql"},
  };
}

}  // namespace takt::storage
