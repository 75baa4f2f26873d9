// Connection: one sqlite3 handle configured for Takt (WAL journal, foreign_keys=ON,
// synchronous=NORMAL, busy_timeout) with a cache of prepared statements keyed by SQL text.
// Prepare() hands out a Statement; a cached statement already in use (a nested query with the
// same text) is prepared afresh, so callers never need to care.
//
// Thread-safety: none; a Connection is used by one thread at a time. SqliteDatabase owns them and
// lends each to exactly one transaction at a time.
#pragma once

#include <sqlite3.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/error.hpp"
#include "storage/sqlite/sqlite_statement.hpp"

namespace takt::storage::sqlite {

struct ConnectionOptions {
  std::string path;  // a file path, or ":memory:"
  int busy_timeout_ms = 5000;
  bool read_only = false;
};

class Connection {
 public:
  // Opens (creating the file unless read-only) and applies the pragmas.
  static Result<std::unique_ptr<Connection>> Open(const ConnectionOptions& options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Executes one or more statements without results (DDL, BEGIN/COMMIT).
  Result<void> Exec(std::string_view sql);

  // A prepared statement for `sql` (from the cache when possible).
  Result<Statement> Prepare(std::string_view sql);

  // Runs one statement without results through the statement cache (BEGIN, COMMIT, SAVEPOINT...:
  // no parse per transaction).
  Result<void> RunStatement(std::string_view sql);

  // Rows changed by the last INSERT/UPDATE/DELETE, and the last inserted rowid.
  int Changes() const;
  std::int64_t LastInsertId() const;

  // The Error for a failed sqlite3 call returning `rc`, using this handle's message.
  Error MapError(int rc, std::string_view context) const;

  sqlite3* handle() const { return db_; }

 private:
  friend class Statement;
  explicit Connection(sqlite3* db) : db_(db) {}
  void Release(sqlite3_stmt* stmt);

  struct CachedStatement {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };
  // Looks statements up by std::string_view without building a std::string.
  struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view sql) const {
      return std::hash<std::string_view>{}(sql);
    }
  };
  sqlite3* db_;
  std::unordered_map<std::string, CachedStatement, SqlHash, std::equal_to<>> cache_;
};

}  // namespace takt::storage::sqlite
