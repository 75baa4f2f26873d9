// MachineAvailability: the shop-floor use cases on a machine that a maintenance technician or
// floor supervisor performs without full master-data rights: set its status
// (AVAILABLE/DOWN/MAINTENANCE/RETIRED, with a reason) and add or remove downtime windows. Each is
// a change of the machine aggregate through MasterDataService<Machine> (so it bumps the machine's
// version and appends an audit entry: "machine.status", "machine.downtime.add",
// "machine.downtime.remove"), in one transaction.
//
// Thread-safety: stateless apart from the injected service; members may be called concurrently.
#pragma once

#include <optional>
#include <string>

#include "service/master_data/master_data_service.hpp"

namespace takt::service {

class MachineAvailability {
 public:
  explicit MachineAvailability(MasterDataService<Machine>& machines) : machines_(machines) {}

  Result<Machine> SetStatus(const Actor& actor, MachineId id, MachineStatus status,
                            std::optional<std::int64_t> expected_version);

  // Validates the window (end after start); returns the stored downtime with its id.
  Result<Downtime> AddDowntime(const Actor& actor, MachineId id, Downtime downtime);
  Result<void> RemoveDowntime(const Actor& actor, MachineId id, DowntimeId downtime_id);

 private:
  MasterDataService<Machine>& machines_;
};

}  // namespace takt::service
