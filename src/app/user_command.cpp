#include "app/user_command.hpp"

#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "app/database_open.hpp"
#include "app/identity_setup.hpp"
#include "core/instant.hpp"
#include "service/identity/user_accounts.hpp"
#include "storage/sqlite/sqlite_session_store.hpp"

namespace takt::app {

namespace {

struct UserOptions {
  std::string database_url = DefaultDatabaseUrl();
  std::string email;
  std::string name;
  std::vector<std::string> roles;
  bool password_stdin = false;
};

constexpr int kExitFailure = 1;

std::optional<std::string> Environment(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

constexpr int kExitInvalid = 2;

int Report(const char* command, const Error& error) {
  std::cerr << "takt user " << command << ": " << error.message << "\n";
  for (const auto& f : error.field_errors)
    std::cerr << "  " << f.field << ": " << f.message << "\n";
  return error.code == ErrorCode::kInvalidArgument ? kExitInvalid : kExitFailure;
}

// Reads one line from the terminal without echoing it. Echo is off before the prompt appears,
// so whatever is typed after the prompt is never shown.
std::optional<std::string> PromptHidden(const char* prompt) {
  termios old_mode{};
  if (tcgetattr(STDIN_FILENO, &old_mode) != 0) return std::nullopt;
  termios silent = old_mode;
  silent.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  tcsetattr(STDIN_FILENO, TCSANOW, &silent);
  std::cerr << prompt << std::flush;
  std::string line;
  const bool ok = static_cast<bool>(std::getline(std::cin, line));
  tcsetattr(STDIN_FILENO, TCSANOW, &old_mode);
  std::cerr << "\n";
  if (!ok) return std::nullopt;
  return line;
}

Result<std::string> ReadPassword(bool from_stdin) {
  if (from_stdin) {
    std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    if (!text.empty() && text.back() == '\n') text.pop_back();
    if (!text.empty() && text.back() == '\r') text.pop_back();
    return text;
  }
  if (isatty(STDIN_FILENO) == 0) {
    return Fail(Error::InvalidArgument(
        "no password given: pipe it in with --password-stdin, or run in a terminal to be "
        "prompted",
        {{"password", "is required"}}));
  }
  auto first = PromptHidden("Password: ");
  auto second = first ? PromptHidden("Repeat password: ") : std::nullopt;
  if (!first || !second) return Fail(Error::InvalidArgument("no password entered"));
  if (*first != *second) {
    return Fail(Error::InvalidArgument("the passwords do not match", {{"password", "mismatch"}}));
  }
  return *first;
}

// Opens and migrates the database; the callback gets the accounts use cases.
template <typename Body>
int WithAccounts(const char* command, const UserOptions& options, Body&& body) {
  auto cost = PasswordCostFromEnvironment(Environment);
  if (!cost) return Report(command, cost.error());
  auto opened = OpenDatabase(options.database_url);
  if (!opened) return Report(command, opened.error());
  if (auto migrated = opened->database->Migrate(); !migrated) {
    return Report(command, migrated.error());
  }
  const identity::PasswordHasher hasher(*cost);
  storage::sqlite::SqliteSessionStore sessions;
  identity::UserAccounts accounts(*opened->database, *opened->user_store, sessions,
                                  *opened->audit_log, hasher);
  return body(accounts);
}

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

void AddCreate(CLI::App& user, int& exit_code) {
  auto options = std::make_shared<UserOptions>();
  auto* cmd = user.add_subcommand("create", "Create a user with one or more roles");
  cmd->add_option("--database", options->database_url, "Database URL (sqlite://path)")
      ->capture_default_str();
  cmd->add_option("--email", options->email, "Email address (the login name)")->required();
  cmd->add_option("--role", options->roles,
                  "Role name; repeat or separate with commas (see `takt user roles`)")
      ->required()
      ->delimiter(',');
  cmd->add_option("--name", options->name, "Display name (default: the part before '@')");
  cmd->add_flag("--password-stdin", options->password_stdin,
                "Read the password from standard input instead of prompting");
  cmd->callback([options, &exit_code] {
    auto password = ReadPassword(options->password_stdin);
    if (!password) {
      exit_code = Report("create", password.error());
      return;
    }
    exit_code = WithAccounts("create", *options, [&](identity::UserAccounts& accounts) {
      NewUser input{options->email, std::nullopt, options->roles};
      if (!options->name.empty()) input.display_name = options->name;
      auto created = accounts.Create(Actor::System("cli"), std::move(input), *password);
      if (!created) return Report("create", created.error());
      std::cout << "created user " << created->id.ToString() << " " << created->email << " ("
                << Joined(created->roles) << ")\n";
      return 0;
    });
  });
}

void AddList(CLI::App& user, int& exit_code) {
  auto options = std::make_shared<UserOptions>();
  auto* cmd = user.add_subcommand("list", "List users: id, email, roles, active, name");
  cmd->add_option("--database", options->database_url, "Database URL (sqlite://path)")
      ->capture_default_str();
  cmd->callback([options, &exit_code] {
    exit_code = WithAccounts("list", *options, [&](identity::UserAccounts& accounts) {
      auto users = accounts.List();
      if (!users) return Report("list", users.error());
      std::cout << "ID\tEMAIL\tROLES\tACTIVE\tNAME\tCREATED\n";
      for (const User& u : *users) {
        std::cout << u.id.ToString() << "\t" << u.email << "\t" << Joined(u.roles) << "\t"
                  << (u.active ? "yes" : "no") << "\t" << u.display_name << "\t"
                  << FormatInstant(u.created_at) << "\n";
      }
      return 0;
    });
  });
}

void AddRoles(CLI::App& user, int& exit_code) {
  auto options = std::make_shared<UserOptions>();
  auto* cmd = user.add_subcommand("roles", "List the roles and their permissions");
  cmd->add_option("--database", options->database_url, "Database URL (sqlite://path)")
      ->capture_default_str();
  cmd->callback([options, &exit_code] {
    exit_code = WithAccounts("roles", *options, [&](identity::UserAccounts& accounts) {
      auto roles = accounts.ListRoles();
      if (!roles) return Report("roles", roles.error());
      for (const RoleDefinition& r : *roles) {
        std::cout << r.name << "\t" << Joined(r.permissions) << "\n";
      }
      return 0;
    });
  });
}

void AddSetActive(CLI::App& user, int& exit_code, const char* name, bool active) {
  auto options = std::make_shared<UserOptions>();
  auto* cmd = user.add_subcommand(
      name, active ? "Allow a deactivated user to sign in again"
                   : "Stop a user from signing in; their tokens stop working at once");
  cmd->add_option("--database", options->database_url, "Database URL (sqlite://path)")
      ->capture_default_str();
  cmd->add_option("--email", options->email, "Email address of the user")->required();
  cmd->callback([options, &exit_code, name, active] {
    exit_code = WithAccounts(name, *options, [&](identity::UserAccounts& accounts) {
      auto changed = accounts.SetActive(Actor::System("cli"), options->email, active);
      if (!changed) return Report(name, changed.error());
      std::cout << changed->email << (active ? " is active\n" : " is deactivated\n");
      return 0;
    });
  });
}

void AddSetPassword(CLI::App& user, int& exit_code) {
  auto options = std::make_shared<UserOptions>();
  auto* cmd = user.add_subcommand(
      "set-password",
      "Set a user's password (e.g. a forgotten one); ends their sessions, clears a lockout");
  cmd->alias("reset-password");
  cmd->add_option("--database", options->database_url, "Database URL (sqlite://path)")
      ->capture_default_str();
  cmd->add_option("--email", options->email, "Email address of the user")->required();
  cmd->add_flag("--password-stdin", options->password_stdin,
                "Read the password from standard input instead of prompting");
  cmd->callback([options, &exit_code] {
    auto password = ReadPassword(options->password_stdin);
    if (!password) {
      exit_code = Report("set-password", password.error());
      return;
    }
    exit_code = WithAccounts("set-password", *options, [&](identity::UserAccounts& accounts) {
      auto set = accounts.SetPassword(Actor::System("cli"), options->email, *password);
      if (!set) return Report("set-password", set.error());
      std::cout << "password set for " << NormalizeEmail(options->email) << "\n";
      return 0;
    });
  });
}

void AddDelete(CLI::App& user, int& exit_code) {
  auto options = std::make_shared<UserOptions>();
  auto* cmd = user.add_subcommand("delete", "Delete a user; their tokens stop working at once");
  cmd->add_option("--database", options->database_url, "Database URL (sqlite://path)")
      ->capture_default_str();
  cmd->add_option("--email", options->email, "Email address of the user")->required();
  cmd->callback([options, &exit_code] {
    exit_code = WithAccounts("delete", *options, [&](identity::UserAccounts& accounts) {
      auto deleted = accounts.Delete(Actor::System("cli"), options->email);
      if (!deleted) return Report("delete", deleted.error());
      std::cout << "deleted " << NormalizeEmail(options->email) << "\n";
      return 0;
    });
  });
}

void AddUnlock(CLI::App& user, int& exit_code) {
  auto options = std::make_shared<UserOptions>();
  auto* cmd = user.add_subcommand("unlock", "Clear failed sign-ins and a lockout of a user");
  cmd->add_option("--database", options->database_url, "Database URL (sqlite://path)")
      ->capture_default_str();
  cmd->add_option("--email", options->email, "Email address of the user")->required();
  cmd->callback([options, &exit_code] {
    exit_code = WithAccounts("unlock", *options, [&](identity::UserAccounts& accounts) {
      auto unlocked = accounts.UnlockByEmail(Actor::System("cli"), options->email);
      if (!unlocked) return Report("unlock", unlocked.error());
      std::cout << unlocked->email << " is unlocked\n";
      return 0;
    });
  });
}

}  // namespace

void AddUserCommand(CLI::App& app, int& exit_code) {
  auto* user = app.add_subcommand("user", "Administer users (create the first admin here)");
  user->require_subcommand(1);
  AddCreate(*user, exit_code);
  AddList(*user, exit_code);
  AddRoles(*user, exit_code);
  AddSetActive(*user, exit_code, "deactivate", false);
  AddSetActive(*user, exit_code, "activate", true);
  AddSetPassword(*user, exit_code);
  AddDelete(*user, exit_code);
  AddUnlock(*user, exit_code);
}

}  // namespace takt::app
