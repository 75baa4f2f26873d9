// Operator: a person who runs or sets up machines. `skills` hold a level 1-5 and an optional
// certification window [certified_on, expires_on]; a skill counts only on dates inside it.
// `absences` are intervals of unavailability (ABSENCE) or of extra availability (OVERTIME).
// The file is named shop_operator.hpp because "operator" is a C++ keyword. A plain value type;
// safe to copy between threads.
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

namespace takt {

struct OperatorTag;
using OperatorId = StrongId<OperatorTag>;
struct AbsenceTag;
using AbsenceId = StrongId<AbsenceTag>;

enum class OperatorStatus { kActive, kAbsent, kInactive };
const char* OperatorStatusName(OperatorStatus status);
std::optional<OperatorStatus> ParseOperatorStatus(std::string_view text);

enum class AbsenceKind { kAbsence, kOvertime };
const char* AbsenceKindName(AbsenceKind kind);
std::optional<AbsenceKind> ParseAbsenceKind(std::string_view text);

struct OperatorSkill {
  SkillId skill_id;
  int level = 1;                            // 1-5
  std::optional<std::string> certified_on;  // YYYY-MM-DD
  std::optional<std::string> expires_on;    // YYYY-MM-DD, not before certified_on
  bool operator==(const OperatorSkill&) const = default;
  // Whether the certification window contains `date` (YYYY-MM-DD).
  bool ValidOn(std::string_view date) const;
};

struct Absence {
  AbsenceId id;
  AbsenceKind kind = AbsenceKind::kAbsence;
  Instant start{};
  Instant end{};
  std::string reason;
  std::string created_at;
};

struct Operator {
  OperatorId id;
  std::string employee_id;  // 1-64 characters, unique
  std::string name;
  OperatorStatus status = OperatorStatus::kActive;
  CalendarId calendar_id;  // 0 = none
  std::vector<OperatorSkill> skills;
  std::vector<Absence> absences;
  std::int64_t version = 1;
  std::string created_at;
  std::string updated_at;
};

std::vector<FieldError> ValidateOperator(const Operator& op);
std::vector<FieldError> ValidateOperatorSkill(const OperatorSkill& skill, const std::string& path);
std::vector<FieldError> ValidateAbsence(const Absence& absence, const std::string& path);

}  // namespace takt
