// `takt user`: administer sign-in accounts from the host, e.g. to create the first admin.
//   takt user create --email E --role R [--role R2 | --role R,R2] [--name N] [--password-stdin]
//   takt user list
//   takt user deactivate --email E      (sign-in and existing tokens stop working at once)
//   takt user activate --email E
//   takt user set-password --email E [--password-stdin]   (recovers a forgotten password)
//   takt user delete --email E
// Every subcommand takes --database URL (default $TAKT_DATABASE_URL or sqlite://data/takt.db) and
// applies pending migrations first, so it works on a fresh database.
// The password is never a flag and never defaulted: with --password-stdin it is read from
// standard input (one trailing newline removed); otherwise, on a terminal, it is prompted twice
// without echo; otherwise the command refuses. Exit codes: 0 done, 1 runtime failure (duplicate
// email, database unavailable), 2 invalid input (each bad field is named).
#pragma once

namespace CLI {
class App;
}

namespace takt::app {

void AddUserCommand(CLI::App& app, int& exit_code);

}  // namespace takt::app
