// MasterDataModule: the master-data slice of the composition root: the SQLite stores of skills,
// work centers, calendars, machines and operators, their services, and their routes.
// ServeApplication owns one, built over the shared Database and AuditLog (which must outlive it),
// and calls RegisterRoutes once at start-up. Thread-safety: built and registered on the controlling
// thread; afterwards the services are safe to use from any request thread.
#pragma once

#include <memory>

#include "api/router.hpp"
#include "storage/audit_log.hpp"
#include "storage/database.hpp"

namespace takt::app {

class MasterDataModule {
 public:
  MasterDataModule(storage::Database& database, storage::AuditLog& audit);
  ~MasterDataModule();
  MasterDataModule(const MasterDataModule&) = delete;
  MasterDataModule& operator=(const MasterDataModule&) = delete;

  void RegisterRoutes(api::Router& router);

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace takt::app
