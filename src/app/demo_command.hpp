// `takt demo load [--database URL]`: applies pending migrations and loads the demo plant (see
// service/demo_plant.hpp) into an empty database; on a database that already holds machines or
// jobs it changes nothing and says so (exit 0 either way; 1 when the database cannot be opened or
// a step fails).
//
// For `takt serve --demo`: call LoadDemoPlantInto(database, audit, InstantNow()) once after
// migrating and before serving; it builds its own (stateless) SQLite stores and services over the
// given Database and AuditLog, and returns the summary to log (DescribeDemoSummary).
#pragma once

#include "core/instant.hpp"
#include "service/demo_plant.hpp"
#include "storage/audit_log.hpp"
#include "storage/database.hpp"

namespace CLI {
class App;
}

namespace takt::app {

Result<service::DemoSummary> LoadDemoPlantInto(storage::Database& database,
                                               storage::AuditLog& audit, Instant now);

void AddDemoCommand(CLI::App& app, int& exit_code);

}  // namespace takt::app
