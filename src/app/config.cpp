#include "app/config.hpp"

#include <arpa/inet.h>

#include <boost/json/parse.hpp>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "api/browser_policy.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace takt::app {

namespace {

// How one key is parsed and checked; `apply` returns the rule broken, or nullopt when the text
// fits.
struct Setting {
  ConfigKey doc;
  std::function<std::optional<std::string>(ServerConfig&, const std::string&)> apply;
};

std::optional<std::int64_t> ParseInteger(const std::string& text) {
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return value;
}

template <typename Field>
Setting IntSetting(std::string key, std::string env, std::string description, Field field,
                   std::int64_t min, std::int64_t max) {
  return {{std::move(key), std::move(env), std::move(description)},
          [field, min, max](ServerConfig& config,
                            const std::string& text) -> std::optional<std::string> {
            auto value = ParseInteger(text);
            if (!value || *value < min || *value > max) {
              return "must be an integer from " + std::to_string(min) + " to " +
                     std::to_string(max);
            }
            config.*field = static_cast<std::remove_reference_t<decltype(config.*field)>>(*value);
            return std::nullopt;
          }};
}

Setting BoolSetting(std::string key, std::string env, std::string description,
                    bool ServerConfig::*field) {
  return {{std::move(key), std::move(env), std::move(description)},
          [field](ServerConfig& config, const std::string& text) -> std::optional<std::string> {
            if (text == "true" || text == "1" || text == "yes") {
              config.*field = true;
            } else if (text == "false" || text == "0" || text == "no") {
              config.*field = false;
            } else {
              return "must be true or false";
            }
            return std::nullopt;
          }};
}

const std::vector<Setting>& Settings() {
  static const std::vector<Setting> settings = [] {
    std::vector<Setting> s;
    s.push_back({{"host", "TAKT_HOST",
                  "IP address to listen on (127.0.0.1: this machine only; 0.0.0.0: all)"},
                 [](ServerConfig& c, const std::string& text) -> std::optional<std::string> {
                   unsigned char buffer[16];
                   if (inet_pton(AF_INET, text.c_str(), buffer) != 1 &&
                       inet_pton(AF_INET6, text.c_str(), buffer) != 1) {
                     return "must be an IPv4 or IPv6 address such as 127.0.0.1 or 0.0.0.0";
                   }
                   c.host = text;
                   return std::nullopt;
                 }});
    s.push_back(IntSetting("port", "TAKT_PORT", "TCP port of the HTTP server", &ServerConfig::port,
                           1, 65535));
    s.push_back({{"database_url", "TAKT_DATABASE_URL",
                  "sqlite://PATH (file created with its directory) or sqlite::memory:"},
                 [](ServerConfig& c, const std::string& text) -> std::optional<std::string> {
                   auto options = storage::sqlite::SqliteOptions::FromUrl(text);
                   if (!options)
                     return "must be a supported database URL (" + options.error().message + ")";
                   c.database_url = text;
                   return std::nullopt;
                 }});
    s.push_back(IntSetting("io_threads", "TAKT_IO_THREADS",
                           "threads running network I/O (accept, parse, write)",
                           &ServerConfig::io_threads, 1, 64));
    s.push_back(IntSetting("worker_threads", "TAKT_WORKER_THREADS",
                           "threads running read request handlers (GET, HEAD, OPTIONS)",
                           &ServerConfig::worker_threads, 1, 256));
    s.push_back(IntSetting("write_worker_threads", "TAKT_WRITE_WORKER_THREADS",
                           "threads running write request handlers (every other method)",
                           &ServerConfig::write_worker_threads, 1, 256));
    s.push_back(IntSetting("max_queued_requests", "TAKT_MAX_QUEUED_REQUESTS",
                           "requests waiting for a worker before the server answers 503",
                           &ServerConfig::max_queued_requests, 1, 1000000));
    s.push_back(IntSetting("body_limit_bytes", "TAKT_BODY_LIMIT_BYTES",
                           "largest accepted request body; larger ones get 413",
                           &ServerConfig::body_limit_bytes, 1024, 1024LL * 1024 * 1024));
    s.push_back(IntSetting("read_timeout_s", "TAKT_READ_TIMEOUT_S",
                           "seconds a client has to send a whole request",
                           &ServerConfig::read_timeout_s, 1, 3600));
    s.push_back(IntSetting("idle_timeout_s", "TAKT_IDLE_TIMEOUT_S",
                           "seconds an idle keep-alive connection stays open",
                           &ServerConfig::idle_timeout_s, 1, 3600));
    s.push_back(IntSetting("shutdown_timeout_s", "TAKT_SHUTDOWN_TIMEOUT_S",
                           "seconds in-flight requests get to finish on SIGTERM/SIGINT",
                           &ServerConfig::shutdown_timeout_s, 0, 3600));
    s.push_back(IntSetting("busy_timeout_ms", "TAKT_BUSY_TIMEOUT_MS",
                           "how long a database call waits for a lock before answering 503",
                           &ServerConfig::busy_timeout_ms, 0, 600000));
    s.push_back(IntSetting("db_readers", "TAKT_DB_READERS",
                           "SQLite reader connections (concurrent read transactions)",
                           &ServerConfig::db_readers, 1, 64));
    s.push_back(IntSetting("access_token_ttl_s", "TAKT_ACCESS_TOKEN_TTL_S",
                           "lifetime of an access token in seconds",
                           &ServerConfig::access_token_ttl_s, 2, 86400));
    s.push_back(IntSetting("refresh_token_ttl_s", "TAKT_REFRESH_TOKEN_TTL_S",
                           "lifetime of a refresh token in seconds (each use rotates it)",
                           &ServerConfig::refresh_token_ttl_s, 60, std::int64_t{90} * 86400));
    s.push_back(IntSetting("token_clock_skew_s", "TAKT_TOKEN_CLOCK_SKEW_S",
                           "seconds of clock difference tolerated on token times",
                           &ServerConfig::token_clock_skew_s, 0, 60));
    s.push_back(IntSetting("login_lockout_threshold", "TAKT_LOGIN_LOCKOUT_THRESHOLD",
                           "consecutive wrong passwords that lock an account",
                           &ServerConfig::login_lockout_threshold, 1, 1000));
    s.push_back(IntSetting("login_lockout_s", "TAKT_LOGIN_LOCKOUT_S",
                           "seconds an account stays locked after too many wrong passwords",
                           &ServerConfig::login_lockout_s, 1, std::int64_t{86400} * 30));
    s.push_back(IntSetting("rate_limit_auth_per_min", "TAKT_RATE_LIMIT_AUTH_PER_MIN",
                           "sign-in/refresh requests per minute per IP (0: no limit)",
                           &ServerConfig::rate_limit_auth_per_min, 0, 1000000));
    s.push_back(IntSetting("rate_limit_write_per_min", "TAKT_RATE_LIMIT_WRITE_PER_MIN",
                           "writes per minute per IP and per user (0: no limit)",
                           &ServerConfig::rate_limit_write_per_min, 0, 1000000));
    s.push_back(IntSetting("rate_limit_read_per_min", "TAKT_RATE_LIMIT_READ_PER_MIN",
                           "reads per minute per IP and per user (0: no limit)",
                           &ServerConfig::rate_limit_read_per_min, 0, 1000000));
    s.push_back(IntSetting("rate_limit_solve_per_min", "TAKT_RATE_LIMIT_SOLVE_PER_MIN",
                           "solve/optimize requests per minute per IP and per user (0: no limit)",
                           &ServerConfig::rate_limit_solve_per_min, 0, 1000000));
    s.push_back({{"cors_allowed_origins", "TAKT_CORS_ALLOWED_ORIGINS",
                  "comma-separated origins allowed to call the API from a browser"},
                 [](ServerConfig& c, const std::string& text) -> std::optional<std::string> {
                   if (auto problem = api::BrowserPolicy::OriginListProblem(text)) return problem;
                   c.cors_allowed_origins = text;
                   return std::nullopt;
                 }});
    s.push_back({{"token_key", "TAKT_TOKEN_KEY",
                  "secret (>= 32 bytes) signing access tokens; share it between processes"},
                 [](ServerConfig& c, const std::string& text) -> std::optional<std::string> {
                   if (text.size() < 32) return "must be at least 32 characters long";
                   c.token_key = text;
                   return std::nullopt;
                 }});
    s.push_back({{"token_grace_key", "TAKT_TOKEN_GRACE_KEY",
                  "previous token key (>= 32 bytes): its tokens verify until they expire"},
                 [](ServerConfig& c, const std::string& text) -> std::optional<std::string> {
                   if (!text.empty() && text.size() < 32) {
                     return "must be empty or at least 32 characters long";
                   }
                   c.token_grace_key = text;
                   return std::nullopt;
                 }});
    s.push_back({{"token_key_file", "TAKT_TOKEN_KEY_FILE",
                  "file holding the token key when token_key is unset (created, mode 0600)"},
                 [](ServerConfig& c, const std::string& text) -> std::optional<std::string> {
                   if (text.empty()) return "must be a file path";
                   c.token_key_file = text;
                   return std::nullopt;
                 }});
    s.push_back({{"log_level", "TAKT_LOG_LEVEL", "trace, debug, info, warn, error or off"},
                 [](ServerConfig& c, const std::string& text) -> std::optional<std::string> {
                   for (const char* level : {"trace", "debug", "info", "warn", "error", "off"}) {
                     if (text == level) {
                       c.log_level = text;
                       return std::nullopt;
                     }
                   }
                   return "must be one of trace, debug, info, warn, error, off";
                 }});
    s.push_back(BoolSetting("access_log", "TAKT_ACCESS_LOG", "log one line per answered request",
                            &ServerConfig::access_log));
    s.push_back(BoolSetting("demo", "TAKT_DEMO",
                            "load the demo plant at start when the database has no jobs",
                            &ServerConfig::demo));
    return s;
  }();
  return settings;
}

const Setting* FindSetting(std::string_view key) {
  for (const Setting& setting : Settings()) {
    if (setting.doc.key == key) return &setting;
  }
  return nullptr;
}

void Apply(ServerConfig& config, const Setting& setting, const std::string& text,
           const std::string& source, std::vector<FieldError>& errors) {
  if (auto rule = setting.apply(config, text)) {
    errors.push_back({setting.doc.key, source + ": " + *rule + ", got '" + text + "'"});
  }
}

void ApplyFile(ServerConfig& config, const std::string& path, std::vector<FieldError>& errors) {
  std::ifstream in(path);
  if (!in) {
    errors.push_back({"config", "cannot read the config file '" + path + "'"});
    return;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  boost::system::error_code ec;
  boost::json::value document = boost::json::parse(buffer.str(), ec);
  if (ec || !document.is_object()) {
    errors.push_back({"config", "'" + path + "' must hold one JSON object" +
                                    (ec ? " (" + ec.message() + ")" : std::string())});
    return;
  }
  const std::string source = "config file " + path;
  for (const auto& member : document.as_object()) {
    const std::string key(member.key());
    const Setting* setting = FindSetting(key);
    if (setting == nullptr) {
      errors.push_back({key, source + ": is not a known setting"});
      continue;
    }
    const boost::json::value& v = member.value();
    std::string text;
    if (v.is_string()) {
      text = std::string(v.get_string());
    } else if (v.is_int64()) {
      text = std::to_string(v.get_int64());
    } else if (v.is_bool()) {
      text = v.get_bool() ? "true" : "false";
    } else {
      errors.push_back({key, source + ": must be a string, an integer or a boolean"});
      continue;
    }
    Apply(config, *setting, text, source, errors);
  }
}

}  // namespace

const std::vector<ConfigKey>& ConfigKeys() {
  static const std::vector<ConfigKey> keys = [] {
    std::vector<ConfigKey> out;
    for (const Setting& setting : Settings()) out.push_back(setting.doc);
    return out;
  }();
  return keys;
}

std::optional<std::string> ProcessEnv(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

Result<ServerConfig> LoadConfig(const ConfigSources& sources) {
  ServerConfig config;
  std::vector<FieldError> errors;
  auto getenv = sources.getenv ? sources.getenv : ProcessEnv;

  std::optional<std::string> file = sources.config_file;
  if (!file) file = getenv("TAKT_CONFIG");
  if (file && !file->empty()) ApplyFile(config, *file, errors);

  for (const Setting& setting : Settings()) {
    auto value = getenv(setting.doc.env);
    if (value && !value->empty()) {
      Apply(config, setting, *value, "environment " + setting.doc.env, errors);
    }
  }
  for (const auto& [key, text] : sources.flags) {
    const Setting* setting = FindSetting(key);
    if (setting == nullptr) {
      errors.push_back({key, "command line: is not a known setting"});
      continue;
    }
    Apply(config, *setting, text, "command line", errors);
  }
  if (!errors.empty()) {
    return Fail(Error::InvalidArgument("invalid configuration", std::move(errors)));
  }
  return config;
}

}  // namespace takt::app
