// `takt migrate [--database URL]`: applies every pending schema migration and lists what it
// applied (or says the schema is current). Exit 0 on success, 1 when the database cannot be opened
// or a step fails (that step is rolled back; earlier steps stay applied).
#pragma once

namespace CLI {
class App;
}

namespace takt::app {

void AddMigrateCommand(CLI::App& app, int& exit_code);

}  // namespace takt::app
