// `takt serve [--config FILE] [--host IP] [--port N] [--database URL] [--demo] ...`: runs the HTTP
// server until SIGTERM or SIGINT, then shuts down gracefully (stop accepting, finish in-flight
// requests, close the database). Exit codes: 0 after a clean shutdown, 1 when start-up fails (the
// database cannot be opened, the port is taken), 2 for invalid configuration (each bad setting is
// printed with its key, source and rule).
#pragma once

namespace CLI {
class App;
}

namespace takt::app {

void AddServeCommand(CLI::App& app, int& exit_code);

}  // namespace takt::app
