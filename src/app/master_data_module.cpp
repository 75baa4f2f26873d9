#include "app/master_data_module.hpp"

#include "api/handlers/master_data_handlers.hpp"
#include "service/master_data/machine_availability.hpp"
#include "service/master_data/master_data_service.hpp"
#include "service/master_data/operator_qualifications.hpp"
#include "storage/sqlite/sqlite_idempotency_store.hpp"
#include "storage/sqlite/sqlite_master_data_store.hpp"

namespace takt::app {

struct MasterDataModule::Parts {
  storage::sqlite::SqliteMasterDataStore<Skill> skill_store;
  storage::sqlite::SqliteMasterDataStore<WorkCenter> work_center_store;
  storage::sqlite::SqliteMasterDataStore<Calendar> calendar_store;
  storage::sqlite::SqliteMasterDataStore<Machine> machine_store;
  storage::sqlite::SqliteMasterDataStore<Operator> operator_store;
  storage::sqlite::SqliteIdempotencyStore idempotency_store;
  service::MasterDataStores stores;
  service::MasterDataService<Skill> skills{stores};
  service::MasterDataService<WorkCenter> work_centers{stores};
  service::MasterDataService<Calendar> calendars{stores};
  service::MasterDataService<Machine> machines{stores};
  service::MasterDataService<Operator> operators{stores};
  service::MachineAvailability machine_availability{machines};
  service::OperatorQualifications operator_qualifications{operators};

  Parts(storage::Database& database, storage::AuditLog& audit)
      : stores{database,       audit,         skill_store,    work_center_store,
               calendar_store, machine_store, operator_store, &idempotency_store} {}
};

MasterDataModule::MasterDataModule(storage::Database& database, storage::AuditLog& audit)
    : parts_(std::make_unique<Parts>(database, audit)) {}

MasterDataModule::~MasterDataModule() = default;

void MasterDataModule::RegisterRoutes(api::Router& router) {
  Parts& p = *parts_;
  api::RegisterMasterDataRoutes(router,
                                {p.skills, p.work_centers, p.calendars, p.machines, p.operators,
                                 p.machine_availability, p.operator_qualifications});
}

}  // namespace takt::app
