#include "core/machine.hpp"

#include <set>
#include <utility>

#include "core/master_data_rules.hpp"

namespace takt {

namespace {
constexpr const char* kStatusNames[] = {"AVAILABLE", "DOWN", "MAINTENANCE", "RETIRED"};

std::string Join(const std::string& path, const char* field) {
  return path.empty() ? std::string(field) : path + "." + field;
}
}  // namespace

const char* MachineStatusName(MachineStatus status) {
  return kStatusNames[static_cast<int>(status)];
}

std::optional<MachineStatus> ParseMachineStatus(std::string_view text) {
  for (int i = 0; i < 4; ++i) {
    if (text == kStatusNames[i]) return static_cast<MachineStatus>(i);
  }
  return std::nullopt;
}

const char* DowntimeKindName(DowntimeKind kind) {
  return kind == DowntimeKind::kPlanned ? "PLANNED" : "BREAKDOWN";
}

std::optional<DowntimeKind> ParseDowntimeKind(std::string_view text) {
  if (text == "PLANNED") return DowntimeKind::kPlanned;
  if (text == "BREAKDOWN") return DowntimeKind::kBreakdown;
  return std::nullopt;
}

std::vector<FieldError> ValidateDowntime(const Downtime& d, const std::string& path) {
  std::vector<FieldError> errors;
  if (d.end <= d.start) errors.push_back({Join(path, "end"), "must be after start"});
  if (d.reason.size() > 1000)
    errors.push_back({Join(path, "reason"), "must be at most 1000 characters"});
  return errors;
}

std::vector<FieldError> ValidateMachine(const Machine& m) {
  std::vector<FieldError> errors;
  AddProblem(errors, "code", CodeProblem(m.code));
  AddProblem(errors, "name", NameProblem(m.name));
  if (!(m.efficiency >= kMinEfficiency && m.efficiency <= kMaxEfficiency)) {
    errors.push_back({"efficiency", "must be between 0.1 and 2.0"});
  }
  std::set<SkillId> skills;
  for (std::size_t i = 0; i < m.required_skills.size(); ++i) {
    const auto& s = m.required_skills[i];
    std::string path = "required_skills[" + std::to_string(i) + "]";
    if (s.min_level < 1 || s.min_level > 5) errors.push_back({path + ".min_level", "must be 1-5"});
    if (!skills.insert(s.skill_id).second)
      errors.push_back({path + ".skill_id", "is listed twice"});
  }
  std::set<std::pair<std::string, std::string>> pairs;
  for (std::size_t i = 0; i < m.setup_matrix.size(); ++i) {
    const auto& s = m.setup_matrix[i];
    std::string path = "setup_matrix[" + std::to_string(i) + "]";
    if (s.from_family.empty()) errors.push_back({path + ".from_family", "must not be empty"});
    if (s.to_family.empty()) errors.push_back({path + ".to_family", "must not be empty"});
    if (s.minutes < 0) errors.push_back({path + ".minutes", "must be at least 0"});
    if (!pairs.insert({s.from_family, s.to_family}).second) {
      errors.push_back({path, "this from_family/to_family pair is listed twice"});
    }
  }
  for (std::size_t i = 0; i < m.downtimes.size(); ++i) {
    auto more = ValidateDowntime(m.downtimes[i], "downtimes[" + std::to_string(i) + "]");
    errors.insert(errors.end(), more.begin(), more.end());
  }
  return errors;
}

}  // namespace takt
