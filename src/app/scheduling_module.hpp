// SchedulingModule: the scheduling slice of the composition root: the SQLite schedule store, the
// stores it reads jobs and master data through, the bounded solver threads, the optimizer and the
// schedule service, and their routes. ServeApplication owns one, built over the shared Database
// and AuditLog (which must outlive it); destroying it cancels running optimizations and joins the
// solver threads. Thread-safety: built and registered on the controlling thread; afterwards the
// services are safe to use from any request thread.
#pragma once

#include <memory>

#include "api/router.hpp"
#include "service/scheduling/schedule_optimizer.hpp"
#include "storage/audit_log.hpp"
#include "storage/database.hpp"

namespace takt::app {

class SchedulingModule {
 public:
  SchedulingModule(storage::Database& database, storage::AuditLog& audit,
                   service::OptimizerConfig config);
  ~SchedulingModule();
  SchedulingModule(const SchedulingModule&) = delete;
  SchedulingModule& operator=(const SchedulingModule&) = delete;

  void RegisterRoutes(api::Router& router);

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

// Solver settings from the environment: TAKT_SOLVER_THREADS (concurrent solves, default 1),
// TAKT_SOLVER_SEARCH_THREADS (threads per solve, default 1), TAKT_SOLVER_MAX_TIME_LIMIT_S (default
// 300), TAKT_SOLVER_DEFAULT_TIME_LIMIT_S (default 10), TAKT_SOLVER_MAX_QUEUED (default 16),
// TAKT_SOLVER_MAX_WAITING (requests blocked waiting for a result at once, default 4).
service::OptimizerConfig OptimizerConfigFromEnvironment(std::string engine_version);

}  // namespace takt::app
