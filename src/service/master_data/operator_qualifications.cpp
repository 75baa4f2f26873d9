#include "service/master_data/operator_qualifications.hpp"

#include <algorithm>
#include <set>

namespace takt::service {

Result<OperatorSkill> OperatorQualifications::SetSkill(const Actor& actor, OperatorId id,
                                                       const OperatorSkill& skill) {
  if (auto errors = ValidateOperatorSkill(skill, ""); !errors.empty()) {
    return Fail(Error::InvalidArgument("the skill entry is invalid", std::move(errors)));
  }
  auto stored = operators_.Update(
      actor, id, std::nullopt,
      [&](Operator& op) -> Result<void> {
        auto it = std::find_if(op.skills.begin(), op.skills.end(), [&](const OperatorSkill& s) {
          return s.skill_id == skill.skill_id;
        });
        if (it == op.skills.end()) {
          op.skills.push_back(skill);
        } else {
          *it = skill;
        }
        return {};
      },
      "operator.skill.set");
  if (!stored) {
    // The reference check names the list position; the caller sent one skill_id.
    Error error = stored.error();
    for (FieldError& f : error.field_errors) {
      if (f.field.ends_with(".skill_id")) f.field = "skill_id";
    }
    return Fail(error);
  }
  return skill;
}

Result<void> OperatorQualifications::RemoveSkill(const Actor& actor, OperatorId id,
                                                 SkillId skill_id) {
  auto stored = operators_.Update(
      actor, id, std::nullopt,
      [&](Operator& op) -> Result<void> {
        auto it = std::find_if(op.skills.begin(), op.skills.end(),
                               [&](const OperatorSkill& s) { return s.skill_id == skill_id; });
        if (it == op.skills.end()) {
          return Fail(Error::NotFound("operator " + id.ToString() + " has no skill " +
                                      skill_id.ToString()));
        }
        op.skills.erase(it);
        return {};
      },
      "operator.skill.remove");
  if (!stored) return Fail(stored.error());
  return {};
}

Result<Absence> OperatorQualifications::AddAbsence(const Actor& actor, OperatorId id,
                                                   Absence absence) {
  if (auto errors = ValidateAbsence(absence, ""); !errors.empty()) {
    return Fail(Error::InvalidArgument("the absence is invalid", std::move(errors)));
  }
  absence.id = AbsenceId();
  absence.created_at.clear();
  std::set<AbsenceId> existing;
  auto stored = operators_.Update(
      actor, id, std::nullopt,
      [&](Operator& op) -> Result<void> {
        for (const Absence& a : op.absences) existing.insert(a.id);
        op.absences.push_back(absence);
        return {};
      },
      "operator.absence.add");
  if (!stored) return Fail(stored.error());
  for (const Absence& a : stored->absences) {
    if (!existing.contains(a.id)) return a;
  }
  return Fail(Error::Internal("the new absence was not stored"));
}

Result<void> OperatorQualifications::RemoveAbsence(const Actor& actor, OperatorId id,
                                                   AbsenceId absence_id) {
  auto stored = operators_.Update(
      actor, id, std::nullopt,
      [&](Operator& op) -> Result<void> {
        auto it = std::find_if(op.absences.begin(), op.absences.end(),
                               [&](const Absence& a) { return a.id == absence_id; });
        if (it == op.absences.end()) {
          return Fail(Error::NotFound("operator " + id.ToString() + " has no absence " +
                                      absence_id.ToString()));
        }
        op.absences.erase(it);
        return {};
      },
      "operator.absence.remove");
  if (!stored) return Fail(stored.error());
  return {};
}

}  // namespace takt::service
