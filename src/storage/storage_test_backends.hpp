// Backends for the storage contract suite (storage_contract_test.cpp). Each backend bundles a
// freshly migrated, empty database, its store implementations, and the two things a contract test
// cannot do through the ports: run raw SQL as a hostile administrator would (to tamper with the
// audit log) and name itself. A PostgreSQL backend joins by adding a struct with the same members
// to the type list in the suite.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "storage/sqlite/sqlite_audit_log.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "storage/sqlite/sqlite_master_data_store.hpp"

namespace takt::storage {

// A temporary directory removed when the object dies.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("takt-test-" + std::to_string(rd()) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

struct SqliteBackend {
  TempDir dir;
  std::unique_ptr<sqlite::SqliteDatabase> database;
  sqlite::SqliteAuditLog audit_log;
  sqlite::SqliteMasterDataStore<Skill> skill_store;
  sqlite::SqliteMasterDataStore<Calendar> calendar_store;
  sqlite::SqliteMasterDataStore<Machine> machine_store;
  sqlite::SqliteMasterDataStore<Operator> operator_store;

  SqliteBackend() {
    sqlite::SqliteOptions options;
    options.path = (dir.path() / "takt.db").string();
    options.reader_connections = 2;
    auto db = sqlite::SqliteDatabase::Open(options);
    EXPECT_TRUE(db.has_value()) << (db ? "" : db.error().message);
    database = std::move(*db);
    auto migrated = database->Migrate();
    EXPECT_TRUE(migrated.has_value()) << (migrated ? "" : migrated.error().message);
  }
  Database& db() { return *database; }
  AuditLog& audit() { return audit_log; }
  MasterDataStore<Skill>& skills() { return skill_store; }
  MasterDataStore<Calendar>& calendars() { return calendar_store; }
  MasterDataStore<Machine>& machines() { return machine_store; }
  MasterDataStore<Operator>& operators() { return operator_store; }
  Result<void> RawSql(const std::string& sql) { return database->ExecuteRawSql(sql); }
  static const char* Name() { return "sqlite"; }
};

}  // namespace takt::storage
