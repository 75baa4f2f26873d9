// Registration of every `takt` subcommand. Each subcommand is defined in its own
// <name>_command.cpp, and AddCommands (commands.cpp) lists them all. A command's callback writes
// its process exit code into `exit_code`.
#pragma once

namespace CLI {
class App;
}

namespace takt::app {

void AddCommands(CLI::App& app, int& exit_code);

}  // namespace takt::app
