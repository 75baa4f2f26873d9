#include "app/scheduling_module.hpp"

#include <cstdlib>
#include <string>

#include "api/handlers/schedule_handlers.hpp"
#include "api/handlers/schedule_insight_handlers.hpp"
#include "api/handlers/solve_handlers.hpp"
#include "service/scheduling/schedule_service.hpp"
#include "storage/sqlite/sqlite_job_store.hpp"
#include "storage/sqlite/sqlite_master_data_store.hpp"
#include "storage/sqlite/sqlite_schedule_store.hpp"
#include "storage/sqlite/sqlite_task_store.hpp"

namespace takt::app {

struct SchedulingModule::Parts {
  storage::sqlite::SqliteScheduleStore schedule_store;
  storage::sqlite::SqliteJobStore job_store;
  storage::sqlite::SqliteTaskStore task_store;
  storage::sqlite::SqliteMasterDataStore<Skill> skill_store;
  storage::sqlite::SqliteMasterDataStore<WorkCenter> work_center_store;
  storage::sqlite::SqliteMasterDataStore<Calendar> calendar_store;
  storage::sqlite::SqliteMasterDataStore<Machine> machine_store;
  storage::sqlite::SqliteMasterDataStore<Operator> operator_store;
  service::SchedulingStores stores;
  service::ScheduleOptimizer optimizer;
  service::ScheduleService schedules{stores, optimizer};

  Parts(storage::Database& database, storage::AuditLog& audit, service::OptimizerConfig config)
      : stores{database,      audit,         schedule_store,    job_store,
               task_store,    skill_store,   work_center_store, calendar_store,
               machine_store, operator_store},
        optimizer(stores, std::move(config)) {}
};

SchedulingModule::SchedulingModule(storage::Database& database, storage::AuditLog& audit,
                                   service::OptimizerConfig config)
    : parts_(std::make_unique<Parts>(database, audit, std::move(config))) {}

SchedulingModule::~SchedulingModule() = default;

void SchedulingModule::RegisterRoutes(api::Router& router) {
  api::RegisterScheduleRoutes(router, parts_->schedules, parts_->optimizer);
  api::RegisterScheduleInsightRoutes(router, parts_->schedules);
  api::RegisterSolveRoutes(router, parts_->optimizer);
}

namespace {

double EnvNumber(const char* name, double fallback, double min, double max) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return fallback;
  char* end = nullptr;
  const double value = std::strtod(text, &end);
  if (end == text || *end != '\0' || value < min || value > max) return fallback;
  return value;
}

}  // namespace

service::OptimizerConfig OptimizerConfigFromEnvironment(std::string engine_version) {
  service::OptimizerConfig config;
  config.solver_threads = static_cast<int>(EnvNumber("TAKT_SOLVER_THREADS", 1, 1, 64));
  config.search_threads = static_cast<int>(EnvNumber("TAKT_SOLVER_SEARCH_THREADS", 1, 1, 64));
  config.max_time_limit_s = EnvNumber("TAKT_SOLVER_MAX_TIME_LIMIT_S", 300, 1, 86400);
  config.default_time_limit_s = std::min(
      config.max_time_limit_s, EnvNumber("TAKT_SOLVER_DEFAULT_TIME_LIMIT_S", 10, 0.1, 86400));
  config.max_queued = static_cast<std::size_t>(EnvNumber("TAKT_SOLVER_MAX_QUEUED", 16, 0, 100000));
  config.max_waiting = static_cast<int>(EnvNumber("TAKT_SOLVER_MAX_WAITING", 4, 1, 1000));
  config.engine_version = std::move(engine_version);
  return config;
}

}  // namespace takt::app
