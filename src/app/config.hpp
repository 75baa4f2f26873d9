// Configuration of `takt serve` (and of any command that needs the same settings). Every setting
// has a default (zero configuration works) and may be overridden, later sources winning:
//   defaults  <  config file (JSON object, --config PATH or $TAKT_CONFIG)  <  TAKT_* environment
//   variables  <  command-line flags.
// LoadConfig validates everything at once and reports each bad setting naming its key, where it
// came from, the rule and the offending value; `takt serve` prints them and exits with code 2.
// docs/configuration.md documents every key. Values are plain data; thread-safe to read.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace takt::app {

struct ServerConfig {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string database_url = "sqlite://data/takt.db";
  int io_threads = 2;
  int worker_threads = 8;
  int write_worker_threads = 32;
  int max_queued_requests = 1024;
  std::int64_t body_limit_bytes = std::int64_t{1024} * 1024;
  int read_timeout_s = 30;
  int idle_timeout_s = 60;
  int shutdown_timeout_s = 30;
  int busy_timeout_ms = 5000;
  int db_readers = 4;
  int access_token_ttl_s = 900;
  int refresh_token_ttl_s = 7 * 24 * 3600;
  int token_clock_skew_s = 60;
  int login_lockout_threshold = 5;
  int login_lockout_s = 900;
  int rate_limit_auth_per_min = 30;
  int rate_limit_write_per_min = 600;
  int rate_limit_read_per_min = 3000;
  int rate_limit_solve_per_min = 30;
  std::string cors_allowed_origins;  // comma-separated exact origins; empty: no CORS
  std::string token_key;             // secret for signing access tokens; empty: use token_key_file
  std::string token_key_file = "data/token.key";
  std::string token_grace_key;  // previous signing key during a rotation; empty: none
  std::string log_level = "info";
  bool access_log = true;
  bool demo = false;
};

// Where overrides come from. `flags` maps a config key to the text given on the command line.
struct ConfigSources {
  std::optional<std::string> config_file;
  std::map<std::string, std::string> flags;
  // Reads an environment variable (std::getenv by default; tests inject their own).
  std::function<std::optional<std::string>(const std::string&)> getenv;
};

// One documented setting (for docs and `--help`): key, environment variable, meaning.
struct ConfigKey {
  std::string key;
  std::string env;
  std::string description;
};
const std::vector<ConfigKey>& ConfigKeys();

// kInvalidArgument with one FieldError per bad setting (field = key, message = source, rule,
// value).
Result<ServerConfig> LoadConfig(const ConfigSources& sources);

// The process environment, for ConfigSources::getenv.
std::optional<std::string> ProcessEnv(const std::string& name);

}  // namespace takt::app
