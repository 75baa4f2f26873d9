// Versions 100-199: jobs and tasks. Tasks, their modes, operator needs, links and the job's status
// history belong to their job and go with it (ON DELETE CASCADE); machines, work centers and skills
// named by a mode must not vanish while a task names them (RESTRICT). Every mutable row carries
// `version` for optimistic locking. Indexes serve the list filters of GET /jobs (status, priority,
// customer, due date) and the per-job task loads.
#include "storage/migrations/migration.hpp"

namespace takt::storage {

std::vector<Migration> JobMigrations() {
  return {
      {100, "jobs", R"sql(
CREATE TABLE jobs (
  id                 INTEGER PRIMARY KEY,
  job_number         TEXT NOT NULL UNIQUE,
  customer_name      TEXT NOT NULL,
  part_number        TEXT NOT NULL,
  quantity           INTEGER NOT NULL CHECK (quantity >= 1),
  priority           TEXT NOT NULL CHECK (priority IN ('LOW', 'NORMAL', 'HIGH', 'URGENT')),
  release_date       TEXT,
  due_date           TEXT NOT NULL,
  status             TEXT NOT NULL CHECK (status IN ('PLANNED', 'APPROVED', 'RELEASED',
                       'IN_PROGRESS', 'ON_HOLD', 'COMPLETED', 'CANCELLED')),
  status_before_hold TEXT,
  notes              TEXT NOT NULL DEFAULT '',
  compliance_tags    TEXT NOT NULL DEFAULT '',
  version            INTEGER NOT NULL DEFAULT 1,
  created_by         TEXT NOT NULL,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  CHECK (release_date IS NULL OR due_date > release_date)
);
CREATE INDEX jobs_status_due ON jobs (status, due_date);
CREATE INDEX jobs_due ON jobs (due_date);
CREATE INDEX jobs_priority ON jobs (priority, due_date);
CREATE INDEX jobs_customer ON jobs (customer_name COLLATE NOCASE);
CREATE INDEX jobs_created ON jobs (created_at);
CREATE TABLE job_status_changes (
  id          INTEGER PRIMARY KEY,
  job_id      INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  from_status TEXT NOT NULL,
  to_status   TEXT NOT NULL,
  actor       TEXT NOT NULL,
  changed_at  TEXT NOT NULL,
  reason      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX job_status_changes_job ON job_status_changes (job_id, id);
CREATE TABLE job_idempotency_keys (
  key         TEXT PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  job_id      INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  created_at  TEXT NOT NULL
);
CREATE INDEX job_idempotency_keys_job ON job_idempotency_keys (job_id);
)sql"},
      {101, "tasks", R"sql(
CREATE TABLE tasks (
  id                     INTEGER PRIMARY KEY,
  job_id                 INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  sequence               INTEGER NOT NULL CHECK (sequence > 0),
  name                   TEXT NOT NULL,
  operation_code         TEXT NOT NULL DEFAULT '',
  setup_minutes          INTEGER NOT NULL DEFAULT 0 CHECK (setup_minutes >= 0),
  run_minutes_per_unit   REAL NOT NULL DEFAULT 0 CHECK (run_minutes_per_unit >= 0),
  fixed_duration_minutes INTEGER CHECK (fixed_duration_minutes IS NULL OR fixed_duration_minutes >= 0),
  setup_family           TEXT NOT NULL DEFAULT '',
  interruptible          INTEGER NOT NULL DEFAULT 0,
  status                 TEXT NOT NULL CHECK (status IN ('PENDING', 'READY', 'SCHEDULED',
                           'IN_PROGRESS', 'COMPLETED', 'FAILED', 'CANCELLED')),
  pinned                 INTEGER NOT NULL DEFAULT 0,
  actual_start           TEXT,
  actual_end             TEXT,
  produced_quantity      INTEGER CHECK (produced_quantity IS NULL OR produced_quantity >= 0),
  scrap_quantity         INTEGER CHECK (scrap_quantity IS NULL OR scrap_quantity >= 0),
  quality_notes          TEXT NOT NULL DEFAULT '',
  failure_reason         TEXT NOT NULL DEFAULT '',
  version                INTEGER NOT NULL DEFAULT 1,
  created_at             TEXT NOT NULL,
  updated_at             TEXT NOT NULL,
  UNIQUE (job_id, sequence)
);
CREATE INDEX tasks_status ON tasks (status);
CREATE TABLE task_modes (
  task_id        INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  position       INTEGER NOT NULL,
  machine_id     INTEGER REFERENCES machines (id) ON DELETE RESTRICT,
  work_center_id INTEGER REFERENCES work_centers (id) ON DELETE RESTRICT,
  setup_minutes  INTEGER NOT NULL DEFAULT 0 CHECK (setup_minutes >= 0),
  run_minutes    REAL NOT NULL DEFAULT 0 CHECK (run_minutes >= 0),
  PRIMARY KEY (task_id, position),
  CHECK ((machine_id IS NULL) <> (work_center_id IS NULL))
);
CREATE INDEX task_modes_machine ON task_modes (machine_id);
CREATE INDEX task_modes_work_center ON task_modes (work_center_id);
CREATE TABLE task_mode_operators (
  task_id       INTEGER NOT NULL,
  mode_position INTEGER NOT NULL,
  position      INTEGER NOT NULL,
  skill_id      INTEGER NOT NULL REFERENCES skills (id) ON DELETE RESTRICT,
  min_level     INTEGER NOT NULL CHECK (min_level BETWEEN 1 AND 5),
  count         INTEGER NOT NULL CHECK (count >= 1),
  attendance    TEXT NOT NULL CHECK (attendance IN ('FULL', 'SETUP_ONLY')),
  PRIMARY KEY (task_id, mode_position, position),
  FOREIGN KEY (task_id, mode_position) REFERENCES task_modes (task_id, position)
    ON DELETE CASCADE
);
CREATE INDEX task_mode_operators_skill ON task_mode_operators (skill_id);
CREATE TABLE task_links (
  task_id        INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  position       INTEGER NOT NULL,
  predecessor_id INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  type           TEXT NOT NULL CHECK (type IN ('FS', 'SS', 'FF', 'SF')),
  min_lag        INTEGER NOT NULL DEFAULT 0 CHECK (min_lag >= 0),
  max_lag        INTEGER CHECK (max_lag IS NULL OR max_lag >= min_lag),
  PRIMARY KEY (task_id, position),
  CHECK (predecessor_id <> task_id)
);
CREATE INDEX task_links_predecessor ON task_links (predecessor_id);
)sql"},
      {102, "task_actual_resources", R"sql(
ALTER TABLE tasks ADD COLUMN actual_machine_id INTEGER REFERENCES machines (id) ON DELETE RESTRICT;
ALTER TABLE tasks ADD COLUMN actual_operator_ids TEXT NOT NULL DEFAULT '';
CREATE INDEX tasks_actual_machine ON tasks (actual_machine_id);
)sql"},
      // These indexes serve the foreign-key checks when a machine or work center is deleted
      // (`col = ?`, which a partial index on `col IS NOT NULL` answers). Most rows hold NULL (a
      // task not started has no actual machine, a mode names a machine or a work center), and
      // every NULL was one more index insert per task created for nothing.
      {103, "partial_resource_indexes", R"sql(
DROP INDEX tasks_actual_machine;
CREATE INDEX tasks_actual_machine ON tasks (actual_machine_id) WHERE actual_machine_id IS NOT NULL;
DROP INDEX task_modes_machine;
CREATE INDEX task_modes_machine ON task_modes (machine_id) WHERE machine_id IS NOT NULL;
DROP INDEX task_modes_work_center;
CREATE INDEX task_modes_work_center ON task_modes (work_center_id)
  WHERE work_center_id IS NOT NULL;
)sql"},
      // The same CHECK constraints, spelled so that SQLite evaluates them with comparisons: a
      // CHECK `x IN ('A', 'B', 'C', ...)` of more than two constants builds a temporary B-tree of
      // the list on every INSERT (an ephemeral table opened, filled and closed per row; ~10 % of
      // the server's CPU when creating jobs). SQLite cannot alter a CHECK and rebuilding `tasks`
      // would cascade into every child row, so the stored CREATE TABLE text is edited in place,
      // the documented way to change constraints that do not touch the file format; the edit
      // only replaces the exact text migrations 100 and 101 wrote. writable_schema=RESET reloads
      // this connection's schema, and the table created and dropped after it bumps the schema
      // cookie so that every other connection reloads it too.
      {104, "check_constraints_without_lists", R"sql(
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(replace(sql,
  'CHECK (priority IN (''LOW'', ''NORMAL'', ''HIGH'', ''URGENT''))',
  'CHECK (priority = ''LOW'' OR priority = ''NORMAL'' OR priority = ''HIGH'' OR priority = ''URGENT'')'),
  'CHECK (status IN (''PLANNED'', ''APPROVED'', ''RELEASED'',
                       ''IN_PROGRESS'', ''ON_HOLD'', ''COMPLETED'', ''CANCELLED''))',
  'CHECK (status = ''PLANNED'' OR status = ''APPROVED'' OR status = ''RELEASED'' OR
                       status = ''IN_PROGRESS'' OR status = ''ON_HOLD'' OR status = ''COMPLETED'' OR
                       status = ''CANCELLED'')')
WHERE type = 'table' AND name = 'jobs';
UPDATE sqlite_schema SET sql = replace(sql,
  'CHECK (status IN (''PENDING'', ''READY'', ''SCHEDULED'',
                           ''IN_PROGRESS'', ''COMPLETED'', ''FAILED'', ''CANCELLED''))',
  'CHECK (status = ''PENDING'' OR status = ''READY'' OR status = ''SCHEDULED'' OR
                           status = ''IN_PROGRESS'' OR status = ''COMPLETED'' OR status = ''FAILED'' OR
                           status = ''CANCELLED'')')
WHERE type = 'table' AND name = 'tasks';
UPDATE sqlite_schema SET sql = replace(sql,
  'CHECK (type IN (''FS'', ''SS'', ''FF'', ''SF''))',
  'CHECK (type = ''FS'' OR type = ''SS'' OR type = ''FF'' OR type = ''SF'')')
WHERE type = 'table' AND name = 'task_links';
PRAGMA writable_schema = RESET;
CREATE TABLE takt_schema_cookie (x);
DROP TABLE takt_schema_cookie;
)sql"},
      // Ids of jobs and tasks are never reused. SQLite gives a new row max(id) + 1, so deleting
      // the newest job handed its id to the next one, and notifications, audit entries and old
      // schedules about the deleted job then named the new one. id_high_water keeps the highest
      // id ever deleted (triggers, so raw SQL deletes count too); inserts take one past both.
      // Seeded from the rows and from the audit trail, which names every job and task created.
      {105, "ids_never_reused", R"sql(
CREATE TABLE id_high_water (name TEXT PRIMARY KEY, last_id INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO id_high_water (name, last_id) VALUES
  ('jobs', max(ifnull((SELECT max(id) FROM jobs), 0),
               ifnull((SELECT max(CAST(entity_id AS INTEGER)) FROM audit_log
                       WHERE entity_type = 'job'), 0))),
  ('tasks', max(ifnull((SELECT max(id) FROM tasks), 0),
                ifnull((SELECT max(CAST(entity_id AS INTEGER)) FROM audit_log
                        WHERE entity_type = 'task'), 0)));
CREATE TRIGGER jobs_keep_deleted_ids AFTER DELETE ON jobs
BEGIN UPDATE id_high_water SET last_id = max(last_id, old.id) WHERE name = 'jobs'; END;
CREATE TRIGGER tasks_keep_deleted_ids AFTER DELETE ON tasks
BEGIN UPDATE id_high_water SET last_id = max(last_id, old.id) WHERE name = 'tasks'; END;
)sql"},
  };
}

}  // namespace takt::storage
