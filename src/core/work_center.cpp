#include "core/work_center.hpp"

#include "core/master_data_rules.hpp"

namespace takt {

std::vector<FieldError> ValidateWorkCenter(const WorkCenter& wc) {
  std::vector<FieldError> errors;
  AddProblem(errors, "code", CodeProblem(wc.code));
  AddProblem(errors, "name", NameProblem(wc.name));
  if (wc.wip_limit < 1) errors.push_back({"wip_limit", "must be at least 1"});
  return errors;
}

}  // namespace takt
