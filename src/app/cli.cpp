#include "app/cli.hpp"

#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>

#include "app/commands.hpp"

namespace takt::app {

int RunCli(int argc, char** argv) {
  CLI::App app{"Takt: finite-capacity production scheduling for job shops"};
  app.set_version_flag("--version", std::string("takt ") + TAKT_VERSION);
  app.require_subcommand(1);

  // Each Add*Command registers a subcommand and its callback; the callback stores its exit code.
  int exit_code = 0;
  AddCommands(app, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::cerr << "takt: " << e.what() << "\n";
    return 1;
  }
  return exit_code;
}

}  // namespace takt::app
