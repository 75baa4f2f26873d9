// OperatorQualifications: the sub-resources of an operator: skills (set or replace one skill's
// level and certification window; remove it) and absences (add or remove an ABSENCE/OVERTIME
// interval). Each is a change of the operator aggregate through MasterDataService<Operator>, so it
// bumps the operator's version and appends one audit entry ("operator.skill.set",
// "operator.skill.remove", "operator.absence.add", "operator.absence.remove") in one transaction.
//
// Thread-safety: stateless apart from the injected service; members may be called concurrently.
#pragma once

#include "service/master_data/master_data_service.hpp"

namespace takt::service {

class OperatorQualifications {
 public:
  explicit OperatorQualifications(MasterDataService<Operator>& operators) : operators_(operators) {}

  // Adds the skill or replaces the entry for the same skill_id; an unknown skill is 422.
  Result<OperatorSkill> SetSkill(const Actor& actor, OperatorId id, const OperatorSkill& skill);
  Result<void> RemoveSkill(const Actor& actor, OperatorId id, SkillId skill_id);

  Result<Absence> AddAbsence(const Actor& actor, OperatorId id, Absence absence);
  Result<void> RemoveAbsence(const Actor& actor, OperatorId id, AbsenceId absence_id);

 private:
  MasterDataService<Operator>& operators_;
};

}  // namespace takt::service
