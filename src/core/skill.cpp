#include "core/skill.hpp"

#include "core/master_data_rules.hpp"

namespace takt {

std::vector<FieldError> ValidateSkill(const Skill& skill) {
  std::vector<FieldError> errors;
  AddProblem(errors, "code", CodeProblem(skill.code));
  AddProblem(errors, "name", NameProblem(skill.name));
  return errors;
}

}  // namespace takt
