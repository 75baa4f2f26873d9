// Machine: a resource that runs tasks. `status` says whether it can be planned (only AVAILABLE
// machines get new work; RETIRED is permanent in practice but may be reverted by a manager);
// `efficiency` (0.1-2.0) divides run durations; `attended` machines need an operator for the whole
// run, unattended ones only for setup; `required_skills` are what an operator must hold to run it;
// `setup_matrix` gives changeover minutes from one setup family to another; `downtimes` are planned
// maintenance or breakdown intervals. A plain value type; safe to copy between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "core/error.hpp"
#include "core/instant.hpp"
#include "core/skill.hpp"
#include "core/strong_id.hpp"
#include "core/work_center.hpp"

namespace takt {

struct MachineTag;
using MachineId = StrongId<MachineTag>;
struct DowntimeTag;
using DowntimeId = StrongId<DowntimeTag>;

enum class MachineStatus { kAvailable, kDown, kMaintenance, kRetired };
const char* MachineStatusName(MachineStatus status);
std::optional<MachineStatus> ParseMachineStatus(std::string_view text);

enum class DowntimeKind { kPlanned, kBreakdown };
const char* DowntimeKindName(DowntimeKind kind);
std::optional<DowntimeKind> ParseDowntimeKind(std::string_view text);

struct MachineSkill {
  SkillId skill_id;
  int min_level = 1;  // 1-5
  bool operator==(const MachineSkill&) const = default;
};

struct SetupTime {
  std::string from_family;
  std::string to_family;
  int minutes = 0;  // >= 0
  bool operator==(const SetupTime&) const = default;
};

struct Downtime {
  DowntimeId id;
  DowntimeKind kind = DowntimeKind::kPlanned;
  Instant start{};
  Instant end{};
  std::string reason;
  std::string created_at;
};

inline constexpr double kMinEfficiency = 0.1;
inline constexpr double kMaxEfficiency = 2.0;

struct Machine {
  MachineId id;
  std::string code;  // [A-Z0-9_-]{2,32}, unique
  std::string name;
  WorkCenterId work_center_id;  // 0 = none
  MachineStatus status = MachineStatus::kAvailable;
  double efficiency = 1.0;
  CalendarId calendar_id;  // 0 = none (always available)
  bool attended = true;
  std::vector<MachineSkill> required_skills;
  std::vector<SetupTime> setup_matrix;
  std::vector<Downtime> downtimes;
  std::int64_t version = 1;
  std::string created_at;
  std::string updated_at;
};

std::vector<FieldError> ValidateMachine(const Machine& machine);
// Checks one downtime (reported under `path`, e.g. "downtimes[1]" or "" for a request body).
std::vector<FieldError> ValidateDowntime(const Downtime& downtime, const std::string& path);

}  // namespace takt
