// Migration: one versioned step of the database schema. Steps are applied in ascending version
// order at start-up and by `takt migrate`, each in its own transaction, and recorded in the
// schema_migrations table (version, name, applied_at) so each runs exactly once. A step is never
// edited once committed: change the schema with a new step.
//
// Version ranges by area, so engineers can add steps without colliding:
//     1- 99  storage foundation and master data   (foundation_migrations.cpp, master_data_...)
//   100-199  jobs and tasks
//   200-299  identity (users, roles, tokens)
//   300-...  later areas (schedules, events, ...)
//
// To add steps: create `src/storage/migrations/<area>_migrations.cpp` defining
//   std::vector<Migration> <Area>Migrations() { return {{101, "jobs", R"sql(...)sql"}, ...}; }
// in namespace takt::storage, then declare and append it in migration_list.cpp (two lines). The
// SQL is the SQLite dialect; a PostgreSQL adapter carries its own list with the same versions.
#pragma once

#include <vector>

namespace takt::storage {

struct Migration {
  int version = 0;
  const char* name = "";
  const char* sql = "";
};

// Every step of every area, sorted by version. Versions are unique (checked at start-up).
std::vector<Migration> AllMigrations();

}  // namespace takt::storage
