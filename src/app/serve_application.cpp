#include "app/serve_application.hpp"

#include <spdlog/spdlog.h>

#include "api/browser_policy.hpp"
#include "api/handlers/auth_handlers.hpp"
#include "api/handlers/job_handlers.hpp"
#include "api/handlers/notification_handlers.hpp"
#include "api/handlers/second_factor_handlers.hpp"
#include "api/handlers/security_audit_handlers.hpp"
#include "api/handlers/task_handlers.hpp"
#include "api/handlers/user_admin_handlers.hpp"
#include "api/http/http_server.hpp"
#include "api/identity_authenticator.hpp"
#include "api/request_dispatcher.hpp"
#include "api/request_metrics.hpp"
#include "api/router.hpp"
#include "api/system_routes.hpp"
#include "app/database_open.hpp"
#include "app/demo_command.hpp"
#include "app/identity_setup.hpp"
#include "app/master_data_module.hpp"
#include "app/scheduling_module.hpp"
#include "service/identity/access_token_codec.hpp"
#include "service/identity/authentication.hpp"
#include "service/identity/password_hasher.hpp"
#include "service/identity/role_catalog.hpp"
#include "service/identity/second_factor.hpp"
#include "service/identity/security_audit.hpp"
#include "service/identity/signing_key.hpp"
#include "service/identity/user_accounts.hpp"
#include "service/jobs/job_service.hpp"
#include "service/jobs/task_service.hpp"
#include "service/notifications/notification_center.hpp"
#include "storage/sqlite/sqlite_job_store.hpp"
#include "storage/sqlite/sqlite_notification_store.hpp"
#include "storage/sqlite/sqlite_session_store.hpp"
#include "storage/sqlite/sqlite_task_store.hpp"
#include "storage/sqlite/sqlite_user_store.hpp"

namespace takt::app {

// Everything the server is made of, in construction order; destroyed in reverse.
struct ServeApplication::Parts {
  ServerConfig config;
  // Storage.
  OpenedDatabase db;
  storage::sqlite::SqliteUserStore user_store;
  storage::sqlite::SqliteSessionStore session_store;
  storage::sqlite::SqliteNotificationStore notification_store;
  storage::sqlite::SqliteJobStore job_store;
  storage::sqlite::SqliteTaskStore task_store;
  // Services.
  std::unique_ptr<identity::PasswordHasher> password_hasher;
  std::unique_ptr<identity::AccessTokenCodec> token_codec;
  std::unique_ptr<identity::Authentication> authentication;
  std::unique_ptr<identity::UserAccounts> user_accounts;
  std::unique_ptr<identity::RoleCatalog> role_catalog;
  std::unique_ptr<identity::SecurityAudit> security_audit;
  std::unique_ptr<identity::SecondFactor> second_factor;
  std::unique_ptr<service::NotificationCenter> notifications;
  std::unique_ptr<service::JobService> job_service;
  std::unique_ptr<service::TaskService> task_service;
  std::unique_ptr<MasterDataModule> master_data;
  std::unique_ptr<SchedulingModule> scheduling;
  // HTTP.
  std::unique_ptr<api::IdentityAuthenticator> authenticator;
  std::unique_ptr<api::RequestMetrics> metrics;
  std::unique_ptr<api::RateLimiter> rate_limiter;
  std::unique_ptr<api::BrowserPolicy> browser_policy;
  api::Router router;
  std::unique_ptr<api::RequestDispatcher> dispatcher;
  std::unique_ptr<api::HttpServer> server;
};

namespace {

Result<std::string> SigningKey(const ServerConfig& config) {
  if (!config.token_key.empty()) {
    return identity::SigningKeyFromText(config.token_key, "token_key");
  }
  return identity::LoadOrCreateSigningKeyFile(config.token_key_file);
}

}  // namespace

Result<std::unique_ptr<ServeApplication>> ServeApplication::Build(const ServerConfig& config) {
  auto parts = std::make_unique<Parts>();
  parts->config = config;

  // Storage: open, then bring the schema up to date before anything reads it.
  auto opened = OpenDatabase(config.database_url, config.busy_timeout_ms, config.db_readers);
  if (!opened) {
    return Fail(Error::Unavailable("cannot open the database '" + config.database_url +
                                   "': " + opened.error().message));
  }
  parts->db = std::move(*opened);
  auto applied = parts->db.database->Migrate();
  if (!applied) {
    return Fail(Error::Unavailable("cannot migrate the database: " + applied.error().message));
  }
  for (const auto& migration : *applied) {
    spdlog::info("applied migration {} {}", migration.version, migration.name);
  }
  storage::Database& database = *parts->db.database;
  storage::AuditLog& audit = *parts->db.audit_log;
  if (config.demo) {
    // The loader changes nothing when the database already holds jobs or machines.
    auto demo = LoadDemoPlantInto(database, audit, InstantNow());
    if (!demo) {
      return Fail(Error::Unavailable("cannot load the demo plant: " + demo.error().message));
    }
    spdlog::info("{}", service::DescribeDemoSummary(*demo));
  }

  // Identity.
  auto key = SigningKey(config);
  if (!key) return Fail(key.error());
  // Argon2id cost: TAKT_PASSWORD_OPSLIMIT / TAKT_PASSWORD_MEMLIMIT_KIB (app/identity_setup.hpp).
  auto password_cost = PasswordCostFromEnvironment(ProcessEnv);
  if (!password_cost) return Fail(password_cost.error());
  parts->password_hasher = std::make_unique<identity::PasswordHasher>(*password_cost);
  parts->token_codec = std::make_unique<identity::AccessTokenCodec>(
      std::move(*key), std::chrono::seconds(config.token_clock_skew_s), config.token_grace_key);
  identity::SignInPolicy sign_in;
  sign_in.access_token_ttl = std::chrono::seconds(config.access_token_ttl_s);
  sign_in.refresh_token_ttl = std::chrono::seconds(config.refresh_token_ttl_s);
  sign_in.lockout_threshold = config.login_lockout_threshold;
  sign_in.lockout_duration = std::chrono::seconds(config.login_lockout_s);
  parts->authentication = std::make_unique<identity::Authentication>(
      database, parts->user_store, parts->session_store, audit, *parts->password_hasher,
      *parts->token_codec, sign_in);
  parts->user_accounts = std::make_unique<identity::UserAccounts>(
      database, parts->user_store, parts->session_store, audit, *parts->password_hasher);
  parts->role_catalog = std::make_unique<identity::RoleCatalog>(database, parts->user_store, audit);
  parts->security_audit = std::make_unique<identity::SecurityAudit>(database, audit);
  parts->second_factor =
      std::make_unique<identity::SecondFactor>(database, parts->session_store, audit);
  parts->notifications =
      std::make_unique<service::NotificationCenter>(database, parts->notification_store);
  parts->authenticator = std::make_unique<api::IdentityAuthenticator>(*parts->authentication);

  // Jobs and tasks.
  service::JobStorage job_storage{
      parts->job_store, parts->task_store, audit, {}, &parts->notification_store};
  parts->job_service = std::make_unique<service::JobService>(database, job_storage);
  parts->task_service = std::make_unique<service::TaskService>(database, job_storage);

  // Master data: skills, work centers, calendars, machines, operators.
  parts->master_data = std::make_unique<MasterDataModule>(database, audit);

  // Schedules: solver threads, optimizer, schedule service.
  parts->scheduling = std::make_unique<SchedulingModule>(
      database, audit, OptimizerConfigFromEnvironment(std::string("takt-engine ") + TAKT_VERSION));

  // Routes: system first, then each area's group.
  parts->metrics = std::make_unique<api::RequestMetrics>(TAKT_VERSION);
  api::Router& router = parts->router;
  storage::Database* database_ptr = &database;
  api::RegisterSystemRoutes(router, {.metrics = parts->metrics.get(),
                                     .readiness = [database_ptr] { return database_ptr->Ping(); },
                                     .version = TAKT_VERSION,
                                     .scheduling_service = "in_process"});
  api::RegisterAuthRoutes(router, *parts->authentication, *parts->user_accounts);
  api::RegisterUserAdminRoutes(router, *parts->user_accounts, *parts->role_catalog);
  api::RegisterSecurityAuditRoutes(router, *parts->security_audit);
  api::RegisterSecondFactorRoutes(router, *parts->second_factor, *parts->user_accounts);
  api::RegisterNotificationRoutes(router, *parts->notifications);
  api::RegisterJobRoutes(router, *parts->job_service, *parts->task_service);
  api::RegisterTaskRoutes(router, *parts->task_service);
  parts->master_data->RegisterRoutes(router);
  parts->scheduling->RegisterRoutes(router);

  // HTTP.
  parts->dispatcher = std::make_unique<api::RequestDispatcher>(router, parts->authenticator.get());
  parts->rate_limiter = std::make_unique<api::RateLimiter>(
      api::RateLimits{.auth_per_minute = config.rate_limit_auth_per_min,
                      .write_per_minute = config.rate_limit_write_per_min,
                      .read_per_minute = config.rate_limit_read_per_min,
                      .solve_per_minute = config.rate_limit_solve_per_min});
  parts->dispatcher->SetRateLimiter(parts->rate_limiter.get());
  api::HttpServerOptions options;
  options.host = config.host;
  options.port = static_cast<std::uint16_t>(config.port);
  options.io_threads = config.io_threads;
  options.worker_threads = config.worker_threads;
  options.write_worker_threads = config.write_worker_threads;
  options.max_queued_requests = config.max_queued_requests;
  options.body_limit_bytes = static_cast<std::size_t>(config.body_limit_bytes);
  options.read_timeout = std::chrono::seconds(config.read_timeout_s);
  options.idle_timeout = std::chrono::seconds(config.idle_timeout_s);
  options.shutdown_timeout = std::chrono::seconds(config.shutdown_timeout_s);
  parts->browser_policy = std::make_unique<api::BrowserPolicy>(
      api::BrowserPolicy::ParseOrigins(config.cors_allowed_origins));
  const api::RequestDispatcher* dispatcher = parts->dispatcher.get();
  const api::BrowserPolicy* browser = parts->browser_policy.get();
  parts->server = std::make_unique<api::HttpServer>(
      options,
      [dispatcher, browser](api::Request& request) {
        if (auto preflight = browser->Preflight(request)) return std::move(*preflight);
        api::Response response = dispatcher->Dispatch(request);
        browser->Apply(request, response);
        return response;
      },
      *parts->metrics);
  api::HttpServer* server = parts->server.get();
  parts->metrics->AddGauge("takt_http_requests_queued", "Requests waiting for a worker thread.",
                           [server] { return static_cast<double>(server->queued_requests()); });
  // The database adapter's figures keep their names and order, so each is read by position.
  const storage::Database* db = parts->db.database.get();
  const auto statistics = db->Statistics();
  for (std::size_t i = 0; i < statistics.size(); ++i) {
    auto read = [db, i] {
      auto now = db->Statistics();
      return i < now.size() ? now[i].value : 0.0;
    };
    std::string name = "takt_db_" + statistics[i].name;
    if (statistics[i].kind == storage::DatabaseStatistic::Kind::kCounter) {
      parts->metrics->AddCounter(std::move(name), statistics[i].help, std::move(read));
    } else {
      parts->metrics->AddGauge(std::move(name), statistics[i].help, std::move(read));
    }
  }
  spdlog::info("{} routes registered", router.routes().size());
  return std::unique_ptr<ServeApplication>(new ServeApplication(std::move(parts)));
}

ServeApplication::ServeApplication(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

ServeApplication::~ServeApplication() { Stop(); }

Result<void> ServeApplication::Start() { return parts_->server->Start(); }

void ServeApplication::Stop() {
  if (parts_ && parts_->server) parts_->server->Stop();
}

std::uint16_t ServeApplication::port() const { return parts_->server->port(); }

}  // namespace takt::app
