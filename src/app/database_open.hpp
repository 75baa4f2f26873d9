// Opening the configured database: the one place that maps a database URL to a concrete storage
// adapter (`sqlite://path` today; `postgresql://` once that adapter exists). Used by `takt serve`,
// `takt migrate` and `takt audit verify`. The default URL is $TAKT_DATABASE_URL, else
// sqlite://data/takt.db (relative to the working directory).
#pragma once

#include <memory>
#include <string>

#include "core/error.hpp"
#include "storage/audit_log.hpp"
#include "storage/database.hpp"
#include "storage/user_store.hpp"

namespace takt::app {

// The URL used when none is given: $TAKT_DATABASE_URL or "sqlite://data/takt.db".
std::string DefaultDatabaseUrl();

struct OpenedDatabase {
  std::unique_ptr<storage::Database> database;
  std::unique_ptr<storage::AuditLog> audit_log;
  std::unique_ptr<storage::UserStore> user_store;
};

// Opens the database at `url` (creating a SQLite file and its directory when missing); does not
// migrate. kInvalidArgument for an unsupported URL, kUnavailable when it cannot be opened.
// `reader_connections`: SQLite connections for concurrent read transactions (serve's db_readers).
Result<OpenedDatabase> OpenDatabase(const std::string& url, int busy_timeout_ms = 5000,
                                    int reader_connections = 4);

}  // namespace takt::app
