// The `takt` command line: `serve`, `solve`, `migrate`, `user`, `audit`, `demo`. Each subcommand
// lives in its own *_command.cpp and is registered here, in one place, read top to bottom.
#pragma once

namespace takt::app {

// Parses argv, runs the chosen subcommand and returns the process exit code
// (0 success, 1 runtime failure, 2 bad usage or configuration).
int RunCli(int argc, char** argv);

}  // namespace takt::app
