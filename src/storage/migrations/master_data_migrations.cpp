// Versions 10-99: master data (skills, calendars, work centers, machines, operators) and the
// Idempotency-Key records of POST creates (15). Every mutable row carries `version` for
// optimistic locking. Foreign keys use RESTRICT where a
// referenced row must not vanish (DELETE answers 409 while referenced) and CASCADE for the
// sub-resources owned by their parent (shifts, downtimes, absences, skill links).
#include "storage/migrations/migration.hpp"

namespace takt::storage {

std::vector<Migration> MasterDataMigrations() {
  return {
      {10, "skills", R"sql(
CREATE TABLE skills (
  id         INTEGER PRIMARY KEY,
  code       TEXT NOT NULL UNIQUE,
  name       TEXT NOT NULL,
  version    INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
)sql"},
      {11, "calendars", R"sql(
CREATE TABLE calendars (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  timezone   TEXT NOT NULL,
  version    INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE calendar_shifts (
  calendar_id  INTEGER NOT NULL REFERENCES calendars (id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('SHIFT', 'BREAK')),
  weekday      INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  start_minute INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
  end_minute   INTEGER NOT NULL CHECK (end_minute BETWEEN 0 AND 1440),
  PRIMARY KEY (calendar_id, position)
);
CREATE TABLE calendar_holidays (
  calendar_id INTEGER NOT NULL REFERENCES calendars (id) ON DELETE CASCADE,
  day         TEXT NOT NULL,
  name        TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (calendar_id, day)
);
CREATE TABLE calendar_exceptions (
  calendar_id INTEGER NOT NULL REFERENCES calendars (id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('WORKING', 'NON_WORKING')),
  start_at    TEXT NOT NULL,
  end_at      TEXT NOT NULL,
  reason      TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (calendar_id, position)
);
)sql"},
      {12, "work_centers", R"sql(
CREATE TABLE work_centers (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  wip_limit   INTEGER NOT NULL CHECK (wip_limit >= 1),
  calendar_id INTEGER REFERENCES calendars (id) ON DELETE RESTRICT,
  version     INTEGER NOT NULL DEFAULT 1,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
CREATE INDEX work_centers_calendar ON work_centers (calendar_id);
)sql"},
      {13, "machines", R"sql(
CREATE TABLE machines (
  id             INTEGER PRIMARY KEY,
  code           TEXT NOT NULL UNIQUE,
  name           TEXT NOT NULL,
  work_center_id INTEGER REFERENCES work_centers (id) ON DELETE RESTRICT,
  status         TEXT NOT NULL CHECK (status IN ('AVAILABLE', 'DOWN', 'MAINTENANCE', 'RETIRED')),
  efficiency     REAL NOT NULL CHECK (efficiency BETWEEN 0.1 AND 2.0),
  calendar_id    INTEGER REFERENCES calendars (id) ON DELETE RESTRICT,
  attended       INTEGER NOT NULL DEFAULT 1,
  version        INTEGER NOT NULL DEFAULT 1,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);
CREATE INDEX machines_work_center ON machines (work_center_id);
CREATE INDEX machines_calendar ON machines (calendar_id);
CREATE INDEX machines_status ON machines (status);
CREATE TABLE machine_skills (
  machine_id INTEGER NOT NULL REFERENCES machines (id) ON DELETE CASCADE,
  skill_id   INTEGER NOT NULL REFERENCES skills (id) ON DELETE RESTRICT,
  min_level  INTEGER NOT NULL DEFAULT 1 CHECK (min_level BETWEEN 1 AND 5),
  PRIMARY KEY (machine_id, skill_id)
);
CREATE INDEX machine_skills_skill ON machine_skills (skill_id);
CREATE TABLE machine_setup_times (
  machine_id  INTEGER NOT NULL REFERENCES machines (id) ON DELETE CASCADE,
  from_family TEXT NOT NULL,
  to_family   TEXT NOT NULL,
  minutes     INTEGER NOT NULL CHECK (minutes >= 0),
  PRIMARY KEY (machine_id, from_family, to_family)
);
CREATE TABLE machine_downtimes (
  id         INTEGER PRIMARY KEY,
  machine_id INTEGER NOT NULL REFERENCES machines (id) ON DELETE CASCADE,
  kind       TEXT NOT NULL CHECK (kind IN ('PLANNED', 'BREAKDOWN')),
  start_at   TEXT NOT NULL,
  end_at     TEXT NOT NULL,
  reason     TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE INDEX machine_downtimes_machine ON machine_downtimes (machine_id, start_at);
)sql"},
      {14, "operators", R"sql(
CREATE TABLE operators (
  id          INTEGER PRIMARY KEY,
  employee_id TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('ACTIVE', 'ABSENT', 'INACTIVE')),
  calendar_id INTEGER REFERENCES calendars (id) ON DELETE RESTRICT,
  version     INTEGER NOT NULL DEFAULT 1,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
CREATE INDEX operators_calendar ON operators (calendar_id);
CREATE INDEX operators_status ON operators (status);
CREATE TABLE operator_skills (
  operator_id  INTEGER NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
  skill_id     INTEGER NOT NULL REFERENCES skills (id) ON DELETE RESTRICT,
  level        INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
  certified_on TEXT,
  expires_on   TEXT,
  PRIMARY KEY (operator_id, skill_id)
);
CREATE INDEX operator_skills_skill ON operator_skills (skill_id);
CREATE TABLE operator_absences (
  id          INTEGER PRIMARY KEY,
  operator_id INTEGER NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('ABSENCE', 'OVERTIME')),
  start_at    TEXT NOT NULL,
  end_at      TEXT NOT NULL,
  reason      TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL
);
CREATE INDEX operator_absences_operator ON operator_absences (operator_id, start_at);
)sql"},
      {15, "idempotency_keys", R"sql(
CREATE TABLE idempotency_keys (
  scope        TEXT NOT NULL,
  key          TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  entity_id    TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  PRIMARY KEY (scope, key)
);
)sql"},
  };
}

}  // namespace takt::storage
