// Migration 104 (check_constraints_without_lists): the CHECK constraints of jobs, tasks and
// task_links read as comparisons instead of `IN (<list>)`, so an INSERT builds no temporary
// B-tree, and they still reject what they rejected before, on a fresh database and on one
// migrated from version 103 with rows in it.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>

#include "storage/sqlite/sqlite_database.hpp"
#include "storage/storage_test_backends.hpp"

namespace takt::storage::sqlite {
namespace {

// A plain SQLite handle on the database file, as another process would open it.
class RawFile {
 public:
  explicit RawFile(const std::string& path) { sqlite3_open(path.c_str(), &db_); }
  ~RawFile() { sqlite3_close(db_); }
  RawFile(const RawFile&) = delete;
  RawFile& operator=(const RawFile&) = delete;

  // SQLITE_OK, or the error code of the first statement that failed.
  int Exec(const std::string& sql) {
    return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
  }

  // The first column of every row of `sql`, joined by newlines.
  std::string Text(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) return "<error>";
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      const unsigned char* text = sqlite3_column_text(stmt, 0);
      out += text != nullptr ? reinterpret_cast<const char*>(text) : "";
      out += "\n";
    }
    sqlite3_finalize(stmt);
    return out;
  }

  // The opcodes of `sql`'s program (EXPLAIN), one per line.
  std::string Program(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db_, ("EXPLAIN " + sql).c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      return "<error>";
    }
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      out += reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1));
      out += "\n";
    }
    sqlite3_finalize(stmt);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

constexpr const char* kInsertJob =
    "INSERT INTO jobs (job_number, customer_name, part_number, quantity, priority, due_date, "
    "status, created_by, created_at, updated_at) VALUES ('J-%', 'c', 'p', 1, '%P', "
    "'2031-01-01T00:00:00Z', '%S', 'x', 'x', 'x')";

std::string JobInsert(const std::string& number, const std::string& priority,
                      const std::string& status) {
  std::string sql = kInsertJob;
  sql.replace(sql.find("%S"), 2, status);
  sql.replace(sql.find("%P"), 2, priority);
  sql.replace(sql.find('%'), 1, number);
  return sql;
}

std::string TaskInsert(int sequence, const std::string& status) {
  return "INSERT INTO tasks (job_id, sequence, name, status, created_at, updated_at) VALUES "
         "((SELECT max(id) FROM jobs), " +
         std::to_string(sequence) + ", 'op', '" + status + "', 'x', 'x')";
}

void ExpectChecksHold(RawFile& file) {
  for (const char* table : {"jobs", "tasks", "task_links"}) {
    const std::string sql =
        file.Text(std::string("SELECT sql FROM sqlite_schema WHERE name = '") + table + "'");
    EXPECT_EQ(sql.find(" IN ('"), std::string::npos) << sql;
  }
  EXPECT_EQ(file.Text("PRAGMA integrity_check"), "ok\n");
  // No temporary B-tree per inserted row any more.
  EXPECT_EQ(file.Program(JobInsert("A", "HIGH", "PLANNED")).find("OpenEphemeral"),
            std::string::npos);
  EXPECT_EQ(file.Program(TaskInsert(1, "PENDING")).find("OpenEphemeral"), std::string::npos);
  // Every listed value is still accepted, anything else still rejected.
  int n = 0;
  for (const char* priority : {"LOW", "NORMAL", "HIGH", "URGENT"}) {
    for (const char* status :
         {"PLANNED", "APPROVED", "RELEASED", "IN_PROGRESS", "ON_HOLD", "COMPLETED", "CANCELLED"}) {
      EXPECT_EQ(file.Exec(JobInsert("OK" + std::to_string(++n), priority, status)), SQLITE_OK)
          << priority << " " << status;
    }
  }
  EXPECT_EQ(file.Exec(JobInsert("BAD1", "SOON", "PLANNED")), SQLITE_CONSTRAINT);
  EXPECT_EQ(file.Exec(JobInsert("BAD2", "LOW", "planned")), SQLITE_CONSTRAINT);
  int sequence = 0;
  for (const char* status :
       {"PENDING", "READY", "SCHEDULED", "IN_PROGRESS", "COMPLETED", "FAILED", "CANCELLED"}) {
    EXPECT_EQ(file.Exec(TaskInsert(++sequence, status)), SQLITE_OK) << status;
  }
  EXPECT_EQ(file.Exec(TaskInsert(++sequence, "DONE")), SQLITE_CONSTRAINT);
  EXPECT_EQ(file.Exec("INSERT INTO task_links (task_id, position, predecessor_id, type) VALUES "
                      "((SELECT max(id) FROM tasks), 0, (SELECT min(id) FROM tasks), 'SF')"),
            SQLITE_OK);
  EXPECT_EQ(file.Exec("INSERT INTO task_links (task_id, position, predecessor_id, type) VALUES "
                      "((SELECT max(id) FROM tasks), 1, (SELECT min(id) FROM tasks), 'XX')"),
            SQLITE_CONSTRAINT);
}

TEST(SqliteCheckConstraintsTest, AFreshDatabaseChecksByComparison) {
  TempDir dir;
  const std::string path = (dir.path() / "takt.db").string();
  SqliteOptions options;
  options.path = path;
  auto db = SqliteDatabase::Open(options);
  ASSERT_TRUE(db.has_value());
  ASSERT_TRUE((*db)->Migrate().has_value());
  db->reset();
  RawFile file(path);
  ExpectChecksHold(file);
}

// A database made by an older Takt (schema 103) with rows in it: migration 104 rewrites the
// constraints in place, keeps the rows, and a connection opened before it (here: the raw one)
// sees the new schema once the migration committed.
TEST(SqliteCheckConstraintsTest, AnOlderDatabaseIsRewrittenInPlaceAndKeepsItsRows) {
  TempDir dir;
  const std::string path = (dir.path() / "takt.db").string();
  RawFile file(path);
  SqliteOptions options;
  options.path = path;
  {
    auto db = SqliteDatabase::Open(options);
    ASSERT_TRUE(db.has_value());
    ASSERT_TRUE((*db)->Migrate().has_value());
  }
  // Back to the text migrations 100-103 left (as an older Takt wrote it), with a row inserted.
  ASSERT_EQ(file.Exec("PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = "
                      "replace(sql, 'CHECK (priority = ''LOW'' OR priority = ''NORMAL'' OR "
                      "priority = ''HIGH'' OR priority = ''URGENT'')', 'CHECK (priority IN "
                      "(''LOW'', ''NORMAL'', ''HIGH'', ''URGENT''))') WHERE name = 'jobs'; "
                      "PRAGMA writable_schema = RESET; "
                      "DELETE FROM schema_migrations WHERE version = 104;"),
            SQLITE_OK);
  ASSERT_NE(file.Text("SELECT sql FROM sqlite_schema WHERE name = 'jobs'").find("priority IN ("),
            std::string::npos);
  ASSERT_EQ(file.Exec(JobInsert("OLD", "LOW", "PLANNED")), SQLITE_OK);
  {
    auto db = SqliteDatabase::Open(options);
    ASSERT_TRUE(db.has_value());
    auto applied = (*db)->Migrate();
    ASSERT_TRUE(applied.has_value());
    ASSERT_EQ(applied->size(), 1u);
    EXPECT_EQ(applied->front().version, 104);
  }
  EXPECT_EQ(file.Text("SELECT job_number FROM jobs"), "J-OLD\n");
  ExpectChecksHold(file);
}

}  // namespace
}  // namespace takt::storage::sqlite
