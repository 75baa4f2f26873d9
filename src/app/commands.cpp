#include "app/commands.hpp"

#include <CLI/CLI.hpp>

namespace takt::app {

void AddCommands(CLI::App& app, int& exit_code) {
  (void)app;
  (void)exit_code;
}

}  // namespace takt::app
