#include "app/commands.hpp"

#include <CLI/CLI.hpp>

#include "app/audit_command.hpp"
#include "app/demo_command.hpp"
#include "app/migrate_command.hpp"
#include "app/serve_command.hpp"
#include "app/solve_command.hpp"
#include "app/user_command.hpp"

namespace takt::app {

void AddCommands(CLI::App& app, int& exit_code) {
  AddMigrateCommand(app, exit_code);
  AddAuditCommand(app, exit_code);
  AddDemoCommand(app, exit_code);
  AddServeCommand(app, exit_code);
  AddSolveCommand(app, exit_code);
  AddUserCommand(app, exit_code);
}

}  // namespace takt::app
