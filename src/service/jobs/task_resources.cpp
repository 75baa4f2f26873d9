#include "service/jobs/task_resources.hpp"

namespace takt::service {
namespace {

std::string At(const std::string& prefix, std::size_t mode) {
  std::string base = prefix.empty() ? "modes" : prefix + ".modes";
  return base + "[" + std::to_string(mode) + "]";
}

}  // namespace

Result<std::vector<FieldError>> ResolveTaskResources(storage::TaskStore& store,
                                                     storage::Transaction& tx,
                                                     std::vector<Task*> tasks,
                                                     const std::vector<std::string>& prefixes) {
  storage::ResourceRefs refs;
  for (const Task* task : tasks) {
    for (const TaskMode& mode : task->modes) {
      if (mode.machine_id) refs.machines.insert(*mode.machine_id);
      if (mode.work_center_id) refs.work_centers.insert(*mode.work_center_id);
      for (const OperatorRequirement& req : mode.operators) {
        if (req.skill_id.valid()) {
          refs.skill_ids.insert(req.skill_id);
        } else if (!req.skill_code.empty()) {
          refs.skill_codes.insert(req.skill_code);
        }
      }
    }
  }
  auto known = store.FindResources(tx, refs);
  if (!known) return Fail(known.error());

  std::vector<FieldError> errors;
  for (std::size_t t = 0; t < tasks.size(); ++t) {
    Task& task = *tasks[t];
    for (std::size_t m = 0; m < task.modes.size(); ++m) {
      TaskMode& mode = task.modes[m];
      const std::string at = At(prefixes[t], m);
      if (mode.machine_id && !known->machines.count(*mode.machine_id)) {
        errors.push_back(
            {at + ".machine_id", "machine " + mode.machine_id->ToString() + " does not exist"});
      }
      if (mode.work_center_id && !known->work_centers.count(*mode.work_center_id)) {
        errors.push_back({at + ".work_center_id",
                          "work center " + mode.work_center_id->ToString() + " does not exist"});
      }
      for (std::size_t o = 0; o < mode.operators.size(); ++o) {
        OperatorRequirement& req = mode.operators[o];
        const std::string op = at + ".operators[" + std::to_string(o) + "]";
        if (req.skill_id.valid()) {
          auto it = known->skill_code_by_id.find(req.skill_id);
          if (it == known->skill_code_by_id.end()) {
            errors.push_back(
                {op + ".skill_id", "skill " + req.skill_id.ToString() + " does not exist"});
          } else {
            req.skill_code = it->second;
          }
        } else if (!req.skill_code.empty()) {
          auto it = known->skill_id_by_code.find(req.skill_code);
          if (it == known->skill_id_by_code.end()) {
            errors.push_back({op + ".skill", "skill '" + req.skill_code + "' does not exist"});
          } else {
            req.skill_id = it->second;
          }
        }
      }
    }
  }
  return errors;
}

}  // namespace takt::service
