#include "core/job_validation.hpp"

#include <functional>
#include <map>
#include <set>

namespace takt {
namespace {

std::string Path(std::string_view prefix, std::string_view field) {
  if (prefix.empty()) return std::string(field);
  return std::string(prefix) + "." + std::string(field);
}

std::string Index(std::string_view base, std::size_t i) {
  return std::string(base) + "[" + std::to_string(i) + "]";
}

bool IsTagChar(char c, bool allow_dash) {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || (allow_dash && c == '-');
}

bool IsBlank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

void ValidateMode(const TaskMode& mode, const std::string& at, std::vector<FieldError>& errors) {
  const bool has_machine = mode.machine_id.has_value();
  const bool has_center = mode.work_center_id.has_value();
  if (has_machine == has_center) {
    errors.push_back({at + ".machine_id", "give exactly one of machine_id or work_center_id"});
  } else if (has_machine && !mode.machine_id->valid()) {
    errors.push_back({at + ".machine_id", "must be a valid machine id"});
  } else if (has_center && !mode.work_center_id->valid()) {
    errors.push_back({at + ".work_center_id", "must be a valid work center id"});
  }
  if (mode.setup_minutes < 0) errors.push_back({at + ".setup_minutes", "must be >= 0"});
  if (mode.run_minutes < 0) errors.push_back({at + ".run_minutes", "must be >= 0"});
  for (std::size_t i = 0; i < mode.operators.size(); ++i) {
    const OperatorRequirement& req = mode.operators[i];
    const std::string op = Index(at + ".operators", i);
    if (!req.skill_id.valid() && IsBlank(req.skill_code)) {
      errors.push_back({op + ".skill", "is required"});
    }
    if (req.min_level < 1 || req.min_level > 5) {
      errors.push_back({op + ".min_level", "must be between 1 and 5"});
    }
    if (req.count < 1) errors.push_back({op + ".count", "must be >= 1"});
  }
}

}  // namespace

bool IsValidJobNumber(std::string_view job_number) {
  if (job_number.size() < 3 || job_number.size() > 50) return false;
  for (char c : job_number) {
    if (!IsTagChar(c, true)) return false;
  }
  return true;
}

std::vector<FieldError> ValidateJob(const Job& job) {
  std::vector<FieldError> errors;
  if (!IsValidJobNumber(NormalizeJobNumber(job.job_number))) {
    errors.push_back({"job_number", "must be 3 to 50 characters of A-Z, 0-9, '_' or '-'"});
  }
  if (IsBlank(job.customer_name)) errors.push_back({"customer_name", "is required"});
  if (job.customer_name.size() > 200) {
    errors.push_back({"customer_name", "must be at most 200 characters"});
  }
  if (IsBlank(job.part_number)) errors.push_back({"part_number", "is required"});
  if (job.part_number.size() > 200) {
    errors.push_back({"part_number", "must be at most 200 characters"});
  }
  if (job.quantity < 1) errors.push_back({"quantity", "must be >= 1"});
  if (job.due_date == Instant{}) errors.push_back({"due_date", "is required"});
  if (job.release_date && job.due_date != Instant{} && job.due_date <= *job.release_date) {
    errors.push_back({"due_date", "must be after release_date"});
  }
  if (job.notes.size() > 4000) errors.push_back({"notes", "must be at most 4000 characters"});
  std::set<std::string> seen;
  for (std::size_t i = 0; i < job.compliance_requirements.size(); ++i) {
    const std::string& tag = job.compliance_requirements[i];
    bool ok = tag.size() >= 2 && tag.size() <= 40;
    for (char c : tag) ok = ok && IsTagChar(c, false);
    if (!ok) {
      errors.push_back({Index("compliance_requirements", i),
                        "must be 2 to 40 characters of A-Z, 0-9 or '_' (e.g. ISO_13485)"});
    } else if (!seen.insert(tag).second) {
      errors.push_back({Index("compliance_requirements", i), "is listed twice"});
    }
  }
  return errors;
}

std::vector<FieldError> ValidateTask(const Task& task, std::string_view prefix) {
  std::vector<FieldError> errors;
  if (task.sequence <= 0) errors.push_back({Path(prefix, "sequence"), "must be > 0"});
  if (IsBlank(task.name)) errors.push_back({Path(prefix, "name"), "is required"});
  if (task.name.size() > 200) {
    errors.push_back({Path(prefix, "name"), "must be at most 200 characters"});
  }
  if (task.operation_code.size() > 50) {
    errors.push_back({Path(prefix, "operation_code"), "must be at most 50 characters"});
  }
  if (task.setup_minutes < 0) errors.push_back({Path(prefix, "setup_minutes"), "must be >= 0"});
  if (task.run_minutes_per_unit < 0) {
    errors.push_back({Path(prefix, "run_minutes_per_unit"), "must be >= 0"});
  }
  if (task.fixed_duration_minutes && *task.fixed_duration_minutes < 0) {
    errors.push_back({Path(prefix, "fixed_duration_minutes"), "must be >= 0"});
  }
  if (task.modes.empty()) {
    errors.push_back({Path(prefix, "modes"),
                      "give at least one mode (a machine_id or work_center_id to run on)"});
  }
  for (std::size_t i = 0; i < task.modes.size(); ++i) {
    ValidateMode(task.modes[i], Index(Path(prefix, "modes"), i), errors);
  }
  for (std::size_t i = 0; i < task.predecessors.size(); ++i) {
    const PrecedenceLink& link = task.predecessors[i];
    const std::string at = Index(Path(prefix, "predecessors"), i);
    if (!link.predecessor_id.valid() && link.predecessor_sequence <= 0) {
      errors.push_back({at + ".sequence", "must name a predecessor sequence > 0"});
    } else if (link.predecessor_sequence == task.sequence && !link.predecessor_id.valid()) {
      errors.push_back({at + ".sequence", "a task cannot precede itself"});
    } else if (task.id.valid() && link.predecessor_id == task.id) {
      errors.push_back({at + ".task_id", "a task cannot precede itself"});
    }
    if (link.min_lag_minutes < 0) errors.push_back({at + ".min_lag", "must be >= 0"});
    if (link.max_lag_minutes && *link.max_lag_minutes < link.min_lag_minutes) {
      errors.push_back({at + ".max_lag", "must be >= min_lag"});
    }
  }
  return errors;
}

std::vector<FieldError> ValidateTaskList(const std::vector<Task>& tasks, std::string_view prefix) {
  std::vector<FieldError> errors;
  std::map<std::int64_t, std::size_t> by_sequence;
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    const std::string at = Index(prefix, i);
    for (FieldError& e : ValidateTask(tasks[i], at)) errors.push_back(std::move(e));
    if (tasks[i].sequence > 0 && !by_sequence.emplace(tasks[i].sequence, i).second) {
      errors.push_back({at + ".sequence", "sequence " + std::to_string(tasks[i].sequence) +
                                              " is used by another task of this job"});
    }
  }
  // Links must name a task of this job.
  std::vector<std::vector<std::size_t>> edges(tasks.size());  // predecessor -> successor
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    for (std::size_t k = 0; k < tasks[i].predecessors.size(); ++k) {
      const PrecedenceLink& link = tasks[i].predecessors[k];
      std::size_t pred = tasks.size();
      if (link.predecessor_id.valid()) {
        for (std::size_t j = 0; j < tasks.size(); ++j) {
          if (tasks[j].id == link.predecessor_id) pred = j;
        }
      } else if (auto it = by_sequence.find(link.predecessor_sequence); it != by_sequence.end()) {
        pred = it->second;
      }
      const std::string at = Index(Index(prefix, i) + ".predecessors", k);
      if (pred == tasks.size()) {
        if (link.predecessor_sequence > 0 || link.predecessor_id.valid()) {
          errors.push_back({at + ".sequence", "names no task of this job"});
        }
      } else if (pred != i) {
        edges[pred].push_back(i);
      }
    }
  }
  // Cycle check by depth-first search (0 new, 1 on the stack, 2 done).
  std::vector<int> mark(tasks.size(), 0);
  bool cycle = false;
  std::function<void(std::size_t)> visit = [&](std::size_t n) {
    mark[n] = 1;
    for (std::size_t m : edges[n]) {
      if (mark[m] == 1) cycle = true;
      if (mark[m] == 0) visit(m);
    }
    mark[n] = 2;
  };
  for (std::size_t n = 0; n < tasks.size() && !cycle; ++n) {
    if (mark[n] == 0) visit(n);
  }
  if (cycle) {
    errors.push_back({std::string(prefix), "precedence links form a cycle"});
  }
  return errors;
}

}  // namespace takt
