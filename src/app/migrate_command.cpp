#include "app/migrate_command.hpp"

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <string>

#include "app/database_open.hpp"

namespace takt::app {

void AddMigrateCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("migrate", "Apply pending database schema migrations");
  auto url = std::make_shared<std::string>(DefaultDatabaseUrl());
  cmd->add_option("--database", *url, "Database URL (sqlite://path)")->capture_default_str();
  cmd->callback([url, &exit_code] {
    auto opened = OpenDatabase(*url);
    if (!opened) {
      std::cerr << "takt migrate: " << opened.error().message << "\n";
      exit_code = 1;
      return;
    }
    auto applied = opened->database->Migrate();
    if (!applied) {
      std::cerr << "takt migrate: " << applied.error().message << "\n";
      exit_code = 1;
      return;
    }
    for (const auto& m : *applied) {
      std::cout << "applied " << m.version << " " << m.name << "\n";
    }
    auto all = opened->database->AppliedMigrations();
    const std::size_t total = all ? all->size() : 0;
    if (applied->empty()) {
      std::cout << "schema is current (" << total << " migrations applied)\n";
    } else {
      std::cout << applied->size() << " migrations applied now, " << total << " in total\n";
    }
    exit_code = 0;
  });
}

}  // namespace takt::app
