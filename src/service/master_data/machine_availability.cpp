#include "service/master_data/machine_availability.hpp"

#include <algorithm>
#include <set>

namespace takt::service {

Result<Machine> MachineAvailability::SetStatus(const Actor& actor, MachineId id,
                                               MachineStatus status,
                                               std::optional<std::int64_t> expected_version) {
  return machines_.Update(
      actor, id, expected_version,
      [status](Machine& m) -> Result<void> {
        m.status = status;
        return {};
      },
      "machine.status");
}

Result<Downtime> MachineAvailability::AddDowntime(const Actor& actor, MachineId id,
                                                  Downtime downtime) {
  if (auto errors = ValidateDowntime(downtime, ""); !errors.empty()) {
    return Fail(Error::InvalidArgument("the downtime is invalid", std::move(errors)));
  }
  downtime.id = DowntimeId();
  downtime.created_at.clear();
  std::set<DowntimeId> existing;
  auto stored = machines_.Update(
      actor, id, std::nullopt,
      [&](Machine& m) -> Result<void> {
        for (const Downtime& d : m.downtimes) existing.insert(d.id);
        m.downtimes.push_back(downtime);
        return {};
      },
      "machine.downtime.add");
  if (!stored) return Fail(stored.error());
  for (const Downtime& d : stored->downtimes) {
    if (!existing.contains(d.id)) return d;
  }
  return Fail(Error::Internal("the new downtime was not stored"));
}

Result<void> MachineAvailability::RemoveDowntime(const Actor& actor, MachineId id,
                                                 DowntimeId downtime_id) {
  auto stored = machines_.Update(
      actor, id, std::nullopt,
      [&](Machine& m) -> Result<void> {
        auto it = std::find_if(m.downtimes.begin(), m.downtimes.end(),
                               [&](const Downtime& d) { return d.id == downtime_id; });
        if (it == m.downtimes.end()) {
          return Fail(Error::NotFound("machine " + id.ToString() + " has no downtime " +
                                      downtime_id.ToString()));
        }
        m.downtimes.erase(it);
        return {};
      },
      "machine.downtime.remove");
  if (!stored) return Fail(stored.error());
  return {};
}

}  // namespace takt::service
