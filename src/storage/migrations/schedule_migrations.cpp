// Versions 300-399: schedules, their assignments, optimization runs and the idempotency keys of
// schedule creation and optimization. Assignments belong to their schedule (ON DELETE CASCADE);
// they name tasks by id without a foreign key, so a stored plan stays readable even after a task it
// once placed was deleted. Times of assignments are epoch seconds (integers sort and compare fast
// over 10,000-row plans); header timestamps are RFC 3339 text like the other areas.
#include "storage/migrations/migration.hpp"

namespace takt::storage {

std::vector<Migration> ScheduleMigrations() {
  return {
      {300, "schedules", R"sql(
CREATE TABLE schedules (
  id                       INTEGER PRIMARY KEY,
  name                     TEXT NOT NULL,
  horizon_start            TEXT NOT NULL,
  horizon_end              TEXT,
  job_ids                  TEXT NOT NULL DEFAULT '',
  objective                TEXT NOT NULL,
  status                   TEXT NOT NULL CHECK (status IN ('DRAFT', 'PUBLISHED', 'ACTIVE',
                             'COMPLETED', 'CANCELLED', 'SUPERSEDED')),
  revision                 INTEGER NOT NULL DEFAULT 1,
  parent_id                INTEGER REFERENCES schedules (id),
  fallback                 INTEGER NOT NULL DEFAULT 0,
  makespan_minutes         INTEGER NOT NULL DEFAULT 0,
  total_tardiness_minutes  INTEGER NOT NULL DEFAULT 0,
  max_tardiness_minutes    INTEGER NOT NULL DEFAULT 0,
  late_jobs                INTEGER NOT NULL DEFAULT 0,
  total_setup_minutes      INTEGER NOT NULL DEFAULT 0,
  weighted_tardiness       REAL NOT NULL DEFAULT 0,
  violations               TEXT NOT NULL DEFAULT '',
  last_run_id              INTEGER,
  created_by               TEXT NOT NULL,
  version                  INTEGER NOT NULL DEFAULT 1,
  created_at               TEXT NOT NULL,
  updated_at               TEXT NOT NULL
);
CREATE INDEX schedules_status ON schedules (status, id);
CREATE INDEX schedules_parent ON schedules (parent_id);
CREATE TABLE schedule_assignments (
  schedule_id    INTEGER NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
  task_id        INTEGER NOT NULL,
  job_id         INTEGER NOT NULL,
  mode_index     INTEGER NOT NULL,
  machine_id     INTEGER NOT NULL,
  operator_ids   TEXT NOT NULL DEFAULT '',
  setup_start    INTEGER NOT NULL,
  start          INTEGER NOT NULL,
  end            INTEGER NOT NULL,
  setup_minutes  INTEGER NOT NULL DEFAULT 0,
  pinned         INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (schedule_id, task_id)
) WITHOUT ROWID;
CREATE INDEX schedule_assignments_task ON schedule_assignments (task_id);
CREATE TABLE optimization_runs (
  id              INTEGER PRIMARY KEY,
  schedule_id     INTEGER NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
  state           TEXT NOT NULL CHECK (state IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED',
                    'CANCELLED')),
  outcome         TEXT NOT NULL DEFAULT '',
  strategy        TEXT NOT NULL,
  seed            INTEGER NOT NULL,
  time_limit_s    REAL NOT NULL,
  engine_version  TEXT NOT NULL,
  input_hash      TEXT NOT NULL DEFAULT '',
  progress        REAL NOT NULL DEFAULT 0,
  objective       REAL,
  bound           REAL,
  gap             REAL,
  makespan_minutes         INTEGER NOT NULL DEFAULT 0,
  total_tardiness_minutes  INTEGER NOT NULL DEFAULT 0,
  max_tardiness_minutes    INTEGER NOT NULL DEFAULT 0,
  late_jobs                INTEGER NOT NULL DEFAULT 0,
  total_setup_minutes      INTEGER NOT NULL DEFAULT 0,
  weighted_tardiness       REAL NOT NULL DEFAULT 0,
  improvements    INTEGER NOT NULL DEFAULT 0,
  solve_time_s    REAL NOT NULL DEFAULT 0,
  message         TEXT NOT NULL DEFAULT '',
  created_by      TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  started_at      TEXT,
  finished_at     TEXT
);
CREATE INDEX optimization_runs_schedule ON optimization_runs (schedule_id, id);
CREATE TABLE schedule_idempotency_keys (
  key          TEXT PRIMARY KEY,
  fingerprint  TEXT NOT NULL,
  schedule_id  INTEGER NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
  run_id       INTEGER,
  created_at   TEXT NOT NULL
);
)sql"},
  };
}

}  // namespace takt::storage
