// Master-data routes (api.md "Master data"), registered by app/ wiring:
//   /api/v1/skills, /work-centers, /calendars, /machines, /operators, each with
//     POST (201, ETag, Location)  GET list {items, total, next_cursor}  GET /{id} (ETag)
//     PATCH /{id} (partial; If-Match: "<version>" or body `version`)  DELETE /{id} (204)
//   PATCH /machines/{id}/status {status, version?}                      machines:status
//   GET|POST /machines/{id}/downtimes, DELETE .../downtimes/{downtime_id} machines:downtime
//   GET|POST /operators/{id}/skills (set one skill), DELETE .../skills/{skill_id}
//   GET|POST /operators/{id}/absences, DELETE .../absences/{absence_id}
//   POST /api/v1/import/{entity} (text/csv), GET /api/v1/export/{entity} (text/csv)
// Reads need master_data:read, changes master_data:write (except the two shop-floor groups).
// Lists take ?limit= (1-1000, default 50), ?offset= or ?cursor= (the next_cursor of the previous
// page), ?sort=<field> or ?sort=-<field>, ?q= (substring of code/name), and equality filters on
// the entity's fields (e.g. ?status=AVAILABLE&work_center_id=3); unknown query fields are 422.
// Bodies are parsed strictly (unknown fields 422; id/version/created_at/updated_at are accepted
// and ignored on PATCH; machine downtimes and operator absences change only through their
// sub-resources). The services must outlive the router.
#pragma once

#include "api/router.hpp"
#include "service/master_data/machine_availability.hpp"
#include "service/master_data/master_data_service.hpp"
#include "service/master_data/operator_qualifications.hpp"

namespace takt::api {

struct MasterDataServices {
  service::MasterDataService<Skill>& skills;
  service::MasterDataService<WorkCenter>& work_centers;
  service::MasterDataService<Calendar>& calendars;
  service::MasterDataService<Machine>& machines;
  service::MasterDataService<Operator>& operators;
  service::MachineAvailability& machine_availability;
  service::OperatorQualifications& operator_qualifications;
};

void RegisterMasterDataRoutes(Router& router, const MasterDataServices& services);

// The CSV import/export routes (master_data_csv_handlers.cpp); called by
// RegisterMasterDataRoutes.
void RegisterMasterDataCsvRoutes(Router& router, const MasterDataServices& services);

}  // namespace takt::api
