#include "api/handlers/job_json.hpp"

#include <chrono>
#include <string_view>

#include "api/json_text.hpp"
#include "core/job_state_machine.hpp"

namespace takt::api {
namespace {

// `,"name":`, without the comma right after the opening brace. Member names are fixed ASCII
// identifiers, which need no escaping.
void Key(std::string& out, std::string_view name) {
  if (out.back() != '{') out.push_back(',');
  out.push_back('"');
  out.append(name);
  out.append("\":", 2);
}

// Ids travel as their decimal text in a JSON string (StrongId::ToString), which never needs
// escaping.
template <typename Tag>
void AppendId(std::string& out, StrongId<Tag> id) {
  out.push_back('"');
  AppendJsonInteger(out, id.value());
  out.push_back('"');
}

template <typename Tag>
void AppendIdOrNull(std::string& out, const std::optional<StrongId<Tag>>& id) {
  if (id) {
    AppendId(out, *id);
  } else {
    out.append("null", 4);
  }
}

void AppendBool(std::string& out, bool value) {
  if (value) {
    out.append("true", 4);
  } else {
    out.append("false", 5);
  }
}

void AppendIntOrNull(std::string& out, std::optional<std::int64_t> value) {
  if (value) {
    AppendJsonInteger(out, *value);
  } else {
    out.append("null", 4);
  }
}

// `[item,item,...]`, each item written by `append_one`.
template <typename Items, typename AppendOne>
void AppendArray(std::string& out, const Items& items, AppendOne&& append_one) {
  out.push_back('[');
  bool first = true;
  for (const auto& item : items) {
    if (!first) out.push_back(',');
    first = false;
    append_one(item);
  }
  out.push_back(']');
}

// The JSON string of FormatInstant(at): its text never needs escaping (digits, '-', ':', 'T',
// 'Z'), and AppendInstant writes it without a temporary string.
void AppendQuotedInstant(std::string& out, Instant at) {
  out.push_back('"');
  AppendInstant(out, at);
  out.push_back('"');
}

void AppendInstantOrNull(std::string& out, std::optional<Instant> at) {
  if (at) {
    AppendQuotedInstant(out, *at);
  } else {
    out.append("null", 4);
  }
}

// JobDto's members, in its order, inside an object the caller opens and closes.
void AppendJobMembers(std::string& out, const Job& job, Instant now) {
  Key(out, "id");
  AppendId(out, job.id);
  Key(out, "job_number");
  AppendJsonString(out, job.job_number);
  Key(out, "customer_name");
  AppendJsonString(out, job.customer_name);
  Key(out, "part_number");
  AppendJsonString(out, job.part_number);
  Key(out, "quantity");
  AppendJsonInteger(out, job.quantity);
  Key(out, "priority");
  AppendJsonString(out, JobPriorityName(job.priority));
  Key(out, "priority_weight");
  AppendJsonInteger(out, JobPriorityWeight(job.priority));
  Key(out, "release_date");
  AppendInstantOrNull(out, job.release_date);
  Key(out, "due_date");
  AppendQuotedInstant(out, job.due_date);
  Key(out, "status");
  AppendJsonString(out, JobStatusName(job.status));
  Key(out, "notes");
  AppendJsonString(out, job.notes);
  Key(out, "compliance_requirements");
  AppendArray(out, job.compliance_requirements,
              [&](const auto& item) { AppendJsonString(out, item); });
  Key(out, "progress_percent");
  AppendJsonDouble(out, job.progress_percent);
  Key(out, "is_overdue");
  AppendBool(out, job.IsOverdue(now));
  Key(out, "planned_start");
  AppendInstantOrNull(out, job.planned_start);
  Key(out, "planned_end");
  AppendInstantOrNull(out, job.planned_end);
  Key(out, "actual_start");
  AppendInstantOrNull(out, job.actual_start);
  Key(out, "actual_end");
  AppendInstantOrNull(out, job.actual_end);
  Key(out, "version");
  AppendJsonInteger(out, job.version);
  Key(out, "created_by");
  AppendJsonString(out, job.created_by);
  Key(out, "created_at");
  AppendQuotedInstant(out, job.created_at);
  Key(out, "updated_at");
  AppendQuotedInstant(out, job.updated_at);
  if (job.status_before_hold) {
    Key(out, "status_before_hold");
    AppendJsonString(out, JobStatusName(*job.status_before_hold));
  }
}

void AppendOperatorRequirement(std::string& out, const OperatorRequirement& req) {
  out.push_back('{');
  Key(out, "skill");
  AppendJsonString(out, req.skill_code);
  Key(out, "skill_id");
  AppendId(out, req.skill_id);
  Key(out, "min_level");
  AppendJsonInteger(out, req.min_level);
  Key(out, "count");
  AppendJsonInteger(out, req.count);
  Key(out, "attendance");
  AppendJsonString(out, AttendanceName(req.attendance));
  out.push_back('}');
}

void AppendTaskMode(std::string& out, const TaskMode& mode) {
  out.push_back('{');
  Key(out, "setup_minutes");
  AppendJsonInteger(out, mode.setup_minutes);
  Key(out, "run_minutes");
  AppendJsonDouble(out, mode.run_minutes);
  Key(out, "operators");
  AppendArray(out, mode.operators, [&](const auto& item) { AppendOperatorRequirement(out, item); });
  Key(out, "machine_id");
  AppendIdOrNull(out, mode.machine_id);
  Key(out, "work_center_id");
  AppendIdOrNull(out, mode.work_center_id);
  out.push_back('}');
}

void AppendPrecedenceLink(std::string& out, const PrecedenceLink& link) {
  out.push_back('{');
  Key(out, "task_id");
  AppendId(out, link.predecessor_id);
  Key(out, "sequence");
  AppendJsonInteger(out, link.predecessor_sequence);
  Key(out, "type");
  AppendJsonString(out, PrecedenceTypeName(link.type));
  Key(out, "min_lag");
  AppendJsonInteger(out, link.min_lag_minutes);
  Key(out, "max_lag");
  AppendIntOrNull(out, link.max_lag_minutes);
  out.push_back('}');
}

void AppendStatusChange(std::string& out, const StatusChange& change) {
  out.push_back('{');
  Key(out, "from");
  AppendJsonString(out, change.from);
  Key(out, "to");
  AppendJsonString(out, change.to);
  Key(out, "actor");
  AppendJsonString(out, change.actor);
  Key(out, "at");
  AppendQuotedInstant(out, change.at);
  Key(out, "reason");
  AppendJsonString(out, change.reason);
  out.push_back('}');
}

}  // namespace

void AppendJobJson(std::string& out, const Job& job, Instant now) {
  out.push_back('{');
  AppendJobMembers(out, job, now);
  out.push_back('}');
}

void AppendTaskJson(std::string& out, const Task& task, std::int64_t quantity) {
  out.push_back('{');
  Key(out, "id");
  AppendId(out, task.id);
  Key(out, "job_id");
  AppendId(out, task.job_id);
  Key(out, "sequence");
  AppendJsonInteger(out, task.sequence);
  Key(out, "name");
  AppendJsonString(out, task.name);
  Key(out, "operation_code");
  AppendJsonString(out, task.operation_code);
  Key(out, "setup_minutes");
  AppendJsonInteger(out, task.setup_minutes);
  Key(out, "run_minutes_per_unit");
  AppendJsonDouble(out, task.run_minutes_per_unit);
  Key(out, "fixed_duration_minutes");
  AppendIntOrNull(out, task.fixed_duration_minutes);
  Key(out, "modes");
  AppendArray(out, task.modes, [&](const auto& item) { AppendTaskMode(out, item); });
  Key(out, "setup_family");
  AppendJsonString(out, task.setup_family);
  Key(out, "predecessors");
  AppendArray(out, task.predecessors, [&](const auto& item) { AppendPrecedenceLink(out, item); });
  Key(out, "interruptible");
  AppendBool(out, task.interruptible);
  Key(out, "pinned");
  AppendBool(out, task.pinned);
  Key(out, "status");
  AppendJsonString(out, TaskStatusName(task.status));
  Key(out, "actual_machine_id");
  AppendIdOrNull(out, task.actuals.machine_id);
  Key(out, "actual_operator_ids");
  AppendArray(out, task.actuals.operator_ids, [&](const auto& item) { AppendId(out, item); });
  Key(out, "actual_start");
  AppendInstantOrNull(out, task.actuals.start);
  Key(out, "actual_end");
  AppendInstantOrNull(out, task.actuals.end);
  Key(out, "produced_quantity");
  AppendIntOrNull(out, task.actuals.produced_quantity);
  Key(out, "scrap_quantity");
  AppendIntOrNull(out, task.actuals.scrap_quantity);
  Key(out, "quality_notes");
  AppendJsonString(out, task.actuals.quality_notes);
  Key(out, "failure_reason");
  AppendJsonString(out, task.actuals.failure_reason);
  Key(out, "version");
  AppendJsonInteger(out, task.version);
  Key(out, "created_at");
  AppendQuotedInstant(out, task.created_at);
  Key(out, "updated_at");
  AppendQuotedInstant(out, task.updated_at);
  if (quantity > 0) {
    Key(out, "planned_minutes");
    AppendJsonInteger(out, task.PlannedMinutes(quantity));
  }
  out.push_back('}');
}

void AppendJobDetailJson(std::string& out, const service::JobDetail& detail, Instant now) {
  out.push_back('{');
  AppendJobMembers(out, detail.job, now);
  Key(out, "tasks");
  AppendArray(out, detail.tasks,
              [&](const auto& item) { AppendTaskJson(out, item, detail.job.quantity); });
  Key(out, "status_history");
  AppendArray(out, detail.history, [&](const auto& item) { AppendStatusChange(out, item); });
  out.push_back('}');
}

void AppendJobListJson(std::string& out, const JobListBody& list, Instant now) {
  out.append(R"({"items":[)");
  for (std::size_t i = 0; i < list.jobs.size(); ++i) {
    const Job& job = list.jobs[i];
    if (i > 0) out.push_back(',');
    out.push_back('{');
    AppendJobMembers(out, job, now);
    if (list.tasks_of_jobs != nullptr) {
      Key(out, "tasks");
      out.push_back('[');
      if (auto found = list.tasks_of_jobs->find(job.id); found != list.tasks_of_jobs->end()) {
        for (std::size_t t = 0; t < found->second.size(); ++t) {
          if (t > 0) out.push_back(',');
          AppendTaskJson(out, found->second[t], job.quantity);
        }
      }
      out.push_back(']');
    }
    out.push_back('}');
  }
  out.append(R"(],"total":)");
  AppendJsonInteger(out, list.total);
  out.append(R"(,"next_cursor":)");
  if (list.next_cursor) {
    AppendJsonString(out, *list.next_cursor);
  } else {
    out.append("null", 4);
  }
  out.append(R"(,"limit":)");
  AppendJsonInteger(out, list.limit);
  out.append(R"(,"offset":)");
  AppendJsonInteger(out, list.offset);
  out.push_back('}');
}

void AppendTaskListJson(std::string& out, std::span<const Task> tasks, std::int64_t quantity) {
  out.append(R"({"items":[)");
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendTaskJson(out, tasks[i], quantity);
  }
  out.append(R"(],"total":)");
  AppendJsonInteger(out, static_cast<std::int64_t>(tasks.size()));
  out.append(R"(,"next_cursor":null})");
}

void AppendTaskEventJson(std::string& out, const service::TaskEvent& event, Instant now) {
  out.append(R"({"task":)");
  AppendTaskJson(out, event.task, event.job.quantity);
  out.append(R"(,"job":)");
  AppendJobJson(out, event.job, now);
  out.push_back('}');
}

}  // namespace takt::api
