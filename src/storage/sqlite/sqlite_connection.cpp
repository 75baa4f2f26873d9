#include "storage/sqlite/sqlite_connection.hpp"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace takt::storage::sqlite {

namespace {

// "UNIQUE constraint failed: skills.code, skills.x" -> {"code", "x"}
std::vector<std::string> UniqueColumns(std::string_view message) {
  std::vector<std::string> columns;
  const std::string_view prefix = "UNIQUE constraint failed: ";
  auto at = message.find(prefix);
  if (at == std::string_view::npos) return columns;
  std::string_view rest = message.substr(at + prefix.size());
  while (!rest.empty()) {
    auto comma = rest.find(", ");
    std::string_view item = rest.substr(0, comma);
    auto dot = item.rfind('.');
    columns.emplace_back(dot == std::string_view::npos ? item : item.substr(dot + 1));
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 2);
  }
  return columns;
}

}  // namespace

Result<std::unique_ptr<Connection>> Connection::Open(const ConnectionOptions& options) {
  // Before SQLite initialises (the first open): no global memory statistics. With them on (the
  // library default) every sqlite3_malloc/free of every connection takes one process-wide mutex,
  // which the writer, the readers and the checkpoint thread then contend for (8 % of the CPU of a
  // job-creation benchmark). Takt never reads those statistics. If SQLite was initialised
  // earlier, the call is refused (SQLITE_MISUSE) and changes nothing.
  static std::once_flag configured;
  std::call_once(configured, [] { (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
  flags |= options.read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(options.path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return Fail(Error::Unavailable("cannot open database '" + options.path + "': " + message));
  }
  sqlite3_extended_result_codes(db, 1);
  std::unique_ptr<Connection> connection(new Connection(db));
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  std::string pragmas = "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";
  if (!options.read_only) pragmas = "PRAGMA journal_mode = WAL; " + pragmas;
  if (auto ok = connection->Exec(pragmas); !ok) return Fail(ok.error());
  return connection;
}

Connection::~Connection() {
  for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.stmt);
  sqlite3_close_v2(db_);
}

Result<void> Connection::Exec(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string what = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    return Fail(MapError(rc, what));
  }
  return {};
}

Result<Statement> Connection::Prepare(std::string_view sql) {
  auto it = cache_.find(sql);  // heterogeneous lookup: no string built per call
  if (it != cache_.end() && !it->second.in_use) {
    it->second.in_use = true;
    return Statement(*this, it->second.stmt, true);
  }
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return Fail(MapError(rc, "prepare"));
  if (it == cache_.end()) {
    cache_.emplace(std::string(sql), CachedStatement{stmt, true});
    return Statement(*this, stmt, true);
  }
  return Statement(*this, stmt, false);  // nested use of the same text: a private statement
}

Result<void> Connection::RunStatement(std::string_view sql) {
  auto stmt = Prepare(sql);
  if (!stmt) return Fail(stmt.error());
  return stmt->Run();
}

void Connection::Release(sqlite3_stmt* stmt) {
  auto it = cache_.find(std::string_view(sqlite3_sql(stmt)));
  if (it != cache_.end() && it->second.stmt == stmt) it->second.in_use = false;
}

int Connection::Changes() const { return sqlite3_changes(db_); }

std::int64_t Connection::LastInsertId() const { return sqlite3_last_insert_rowid(db_); }

Error Connection::MapError(int rc, std::string_view context) const {
  std::string message = sqlite3_errmsg(db_);
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return Error::Unavailable("database is busy, retry");
    case SQLITE_READONLY: return Error::Unavailable("database is read-only: " + message);
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN: return Error::Unavailable("database I/O failed: " + message);
    case SQLITE_CONSTRAINT: break;
    default: return Error::Internal("database error (" + std::string(context) + "): " + message);
  }
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
    Error error = Error::Conflict("a record with the same " +
                                  message.substr(message.find(": ") + 2) + " already exists");
    for (std::string& column : UniqueColumns(message)) {
      error.field_errors.push_back({column, "must be unique; this value is already taken"});
    }
    return error;
  }
  if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) {
    return Error::Conflict(
        "the record is referenced by, or refers to, a missing or dependent record");
  }
  if (rc == SQLITE_CONSTRAINT_TRIGGER) return Error::Conflict(message);
  return Error::InvalidArgument("database constraint failed: " + message);
}

}  // namespace takt::storage::sqlite
