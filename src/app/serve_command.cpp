#include "app/serve_command.hpp"

#include <signal.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <map>
#include <memory>
#include <string>

#include "app/buffered_log_sink.hpp"
#include "app/config.hpp"
#include "app/serve_application.hpp"

namespace takt::app {

namespace {

struct ServeFlags {
  std::string config_file;
  std::map<std::string, std::string> values;  // config key -> flag text
  bool demo = false;
};

void SetUpLogging(const ServerConfig& config) {
  auto logger = spdlog::stderr_color_mt("takt");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(config.log_level));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc);
  // One access line per request: buffered and written in batches (at most 100 ms late, flushed on
  // shutdown) instead of one write(2) per request.
  auto access = std::make_shared<spdlog::logger>("access", std::make_shared<BufferedLogSink>());
  spdlog::register_logger(access);
  access->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ access %v", spdlog::pattern_time_type::utc);
  access->set_level(config.access_log ? spdlog::level::info : spdlog::level::off);
}

int Serve(const ServeFlags& flags) {
  ConfigSources sources;
  if (!flags.config_file.empty()) sources.config_file = flags.config_file;
  sources.flags = flags.values;
  if (flags.demo) sources.flags["demo"] = "true";
  auto config = LoadConfig(sources);
  if (!config) {
    for (const FieldError& error : config.error().field_errors) {
      std::cerr << "takt serve: configuration error: " << error.field << ": " << error.message
                << "\n";
    }
    return 2;
  }
  SetUpLogging(*config);

  // SIGTERM and SIGINT are blocked in every thread (threads inherit the mask) and taken by sigwait
  // below, so shutdown runs on this thread, outside any signal handler.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto application = ServeApplication::Build(*config);
  if (!application) {
    spdlog::critical("cannot start: {}", application.error().message);
    return application.error().code == ErrorCode::kInvalidArgument ? 2 : 1;
  }
  if (auto started = (*application)->Start(); !started) {
    spdlog::critical("cannot start: {}", started.error().message);
    return 1;
  }
  spdlog::info("takt {} listening on http://{}:{} (database {})", TAKT_VERSION, config->host,
               (*application)->port(), config->database_url);

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  spdlog::info("received {}, shutting down: finishing in-flight requests",
               signal_number == SIGTERM ? "SIGTERM" : "SIGINT");
  (*application)->Stop();
  application->reset();  // closes the database after the last request finished
  spdlog::info("stopped cleanly");
  spdlog::shutdown();
  return 0;
}

}  // namespace

void AddServeCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("serve", "Run the HTTP API server until SIGTERM/SIGINT");
  auto flags = std::make_shared<ServeFlags>();
  cmd->add_option("--config", flags->config_file, "JSON config file (see docs/configuration.md)");
  auto value = [cmd, flags](const std::string& flag, const std::string& key,
                            const std::string& help) {
    cmd->add_option_function<std::string>(
        flag, [flags, key](const std::string& text) { flags->values[key] = text; }, help);
  };
  value("--host", "host", "IP address to listen on (default 127.0.0.1)");
  value("--port", "port", "TCP port (default 8080)");
  value("--database", "database_url", "database URL (default sqlite://data/takt.db)");
  value("--io-threads", "io_threads", "network I/O threads (default 2)");
  value("--worker-threads", "worker_threads", "read request handler threads (default 8)");
  value("--write-worker-threads", "write_worker_threads",
        "write request handler threads (default 32)");
  value("--log-level", "log_level", "trace|debug|info|warn|error|off (default info)");
  cmd->add_flag("--demo", flags->demo, "load the demo plant when the database has no jobs");
  cmd->callback([flags, &exit_code] { exit_code = Serve(*flags); });
}

}  // namespace takt::app
