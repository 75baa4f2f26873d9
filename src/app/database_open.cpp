#include "app/database_open.hpp"

#include <cstdlib>

#include "storage/sqlite/sqlite_audit_log.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "storage/sqlite/sqlite_user_store.hpp"

namespace takt::app {

std::string DefaultDatabaseUrl() {
  const char* env = std::getenv("TAKT_DATABASE_URL");
  return env != nullptr && *env != '\0' ? std::string(env) : std::string("sqlite://data/takt.db");
}

Result<OpenedDatabase> OpenDatabase(const std::string& url, int busy_timeout_ms,
                                    int reader_connections) {
  auto options = storage::sqlite::SqliteOptions::FromUrl(url);
  if (!options) return Fail(options.error());
  options->busy_timeout_ms = busy_timeout_ms;
  options->reader_connections = reader_connections;
  auto db = storage::sqlite::SqliteDatabase::Open(*options);
  if (!db) return Fail(db.error());
  OpenedDatabase opened;
  opened.database = std::move(*db);
  opened.audit_log = std::make_unique<storage::sqlite::SqliteAuditLog>();
  opened.user_store = std::make_unique<storage::sqlite::SqliteUserStore>();
  return opened;
}

}  // namespace takt::app
