#include "core/shop_operator.hpp"

#include <set>

#include "core/master_data_rules.hpp"

namespace takt {

namespace {
constexpr const char* kStatusNames[] = {"ACTIVE", "ABSENT", "INACTIVE"};

std::string Join(const std::string& path, const char* field) {
  return path.empty() ? std::string(field) : path + "." + field;
}
}  // namespace

const char* OperatorStatusName(OperatorStatus status) {
  return kStatusNames[static_cast<int>(status)];
}

std::optional<OperatorStatus> ParseOperatorStatus(std::string_view text) {
  for (int i = 0; i < 3; ++i) {
    if (text == kStatusNames[i]) return static_cast<OperatorStatus>(i);
  }
  return std::nullopt;
}

const char* AbsenceKindName(AbsenceKind kind) {
  return kind == AbsenceKind::kAbsence ? "ABSENCE" : "OVERTIME";
}

std::optional<AbsenceKind> ParseAbsenceKind(std::string_view text) {
  if (text == "ABSENCE") return AbsenceKind::kAbsence;
  if (text == "OVERTIME") return AbsenceKind::kOvertime;
  return std::nullopt;
}

bool OperatorSkill::ValidOn(std::string_view date) const {
  if (certified_on && date < std::string_view(*certified_on)) return false;
  if (expires_on && date > std::string_view(*expires_on)) return false;
  return true;
}

std::vector<FieldError> ValidateOperatorSkill(const OperatorSkill& s, const std::string& path) {
  std::vector<FieldError> errors;
  if (s.level < 1 || s.level > 5) errors.push_back({Join(path, "level"), "must be 1-5"});
  if (s.certified_on) AddProblem(errors, Join(path, "certified_on"), DateProblem(*s.certified_on));
  if (s.expires_on) AddProblem(errors, Join(path, "expires_on"), DateProblem(*s.expires_on));
  if (s.certified_on && s.expires_on && *s.expires_on < *s.certified_on) {
    errors.push_back({Join(path, "expires_on"), "must not be before certified_on"});
  }
  return errors;
}

std::vector<FieldError> ValidateAbsence(const Absence& a, const std::string& path) {
  std::vector<FieldError> errors;
  if (a.end <= a.start) errors.push_back({Join(path, "end"), "must be after start"});
  if (a.reason.size() > 1000)
    errors.push_back({Join(path, "reason"), "must be at most 1000 characters"});
  return errors;
}

std::vector<FieldError> ValidateOperator(const Operator& op) {
  std::vector<FieldError> errors;
  if (op.employee_id.empty() || op.employee_id.size() > 64 ||
      op.employee_id.find_first_of(" \t\r\n") != std::string::npos) {
    errors.push_back({"employee_id", "must be 1-64 characters without spaces"});
  }
  AddProblem(errors, "name", NameProblem(op.name));
  std::set<SkillId> seen;
  for (std::size_t i = 0; i < op.skills.size(); ++i) {
    std::string path = "skills[" + std::to_string(i) + "]";
    auto more = ValidateOperatorSkill(op.skills[i], path);
    errors.insert(errors.end(), more.begin(), more.end());
    if (!seen.insert(op.skills[i].skill_id).second) {
      errors.push_back({path + ".skill_id", "is listed twice"});
    }
  }
  for (std::size_t i = 0; i < op.absences.size(); ++i) {
    auto more = ValidateAbsence(op.absences[i], "absences[" + std::to_string(i) + "]");
    errors.insert(errors.end(), more.begin(), more.end());
  }
  return errors;
}

}  // namespace takt
