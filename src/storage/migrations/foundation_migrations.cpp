// Versions 1-9: the audit trail. Append-only is enforced by the database: triggers abort any
// UPDATE or DELETE, whoever issues it.
#include "storage/migrations/migration.hpp"

namespace takt::storage {

std::vector<Migration> FoundationMigrations() {
  return {
      {1, "audit_log", R"sql(
CREATE TABLE audit_log (
  sequence      INTEGER PRIMARY KEY,
  occurred_at   TEXT NOT NULL,
  actor_user_id INTEGER NOT NULL DEFAULT 0,
  actor_email   TEXT NOT NULL DEFAULT '',
  request_id    TEXT NOT NULL DEFAULT '',
  action        TEXT NOT NULL,
  entity_type   TEXT NOT NULL,
  entity_id     TEXT NOT NULL,
  before_json   TEXT NOT NULL DEFAULT '',
  after_json    TEXT NOT NULL DEFAULT '',
  prev_hash     TEXT NOT NULL,
  hash          TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id);
CREATE INDEX audit_log_occurred_at ON audit_log (occurred_at);
CREATE INDEX audit_log_request_id ON audit_log (request_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be changed'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be deleted'); END;
)sql"},
  };
}

}  // namespace takt::storage
