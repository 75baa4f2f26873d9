#include "api/handlers/job_dto.hpp"

#include <boost/json.hpp>
#include <charconv>

namespace takt::api {

namespace json = boost::json;

namespace {

json::value TimeOrNull(std::optional<Instant> at, const json::storage_ptr& sp = {}) {
  if (!at) return json::value(nullptr, sp);
  return json::value(FormatInstant(*at), sp);
}

json::value IntOrNull(std::optional<std::int64_t> value, const json::storage_ptr& sp = {}) {
  if (!value) return json::value(nullptr, sp);
  return json::value(*value, sp);
}

std::optional<std::int64_t> ParseInt(std::string_view text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

json::object Prop(const char* type) { return json::object{{"type", type}}; }
json::object Nullable(const char* type) {
  return json::object{{"type", json::array{type, "null"}}};
}
json::object DateTime() { return json::object{{"type", "string"}, {"format", "date-time"}}; }
json::object Enum(std::initializer_list<const char*> values) {
  json::array items;
  for (const char* v : values) items.emplace_back(v);
  return json::object{{"type", "string"}, {"enum", std::move(items)}};
}
json::object ArrayOf(json::value item) {
  return json::object{{"type", "array"}, {"items", std::move(item)}};
}

}  // namespace

TaskMode ReadTaskMode(JsonReader& m) {
  TaskMode mode;
  mode.machine_id = m.Optional<MachineId>("machine_id");
  mode.work_center_id = m.Optional<WorkCenterId>("work_center_id");
  mode.setup_minutes = m.Optional<std::int64_t>("setup_minutes").value_or(0);
  mode.run_minutes = m.Optional<double>("run_minutes").value_or(0.0);
  m.ForEach("operators", JsonReader::kOptional, [&](JsonReader& o, std::size_t) {
    OperatorRequirement req;
    req.skill_code = o.Optional<std::string>("skill").value_or("");
    req.skill_id = o.Optional<SkillId>("skill_id").value_or(SkillId{});
    if (req.skill_code.empty() && !req.skill_id.valid() && !o.Has("skill") && !o.Has("skill_id")) {
      o.AddError("skill", "is required (a skill code, or skill_id)");
    }
    req.min_level = o.Optional<int>("min_level").value_or(1);
    req.count = o.Optional<int>("count").value_or(1);
    if (auto attendance = o.Optional<std::string>("attendance")) {
      if (auto parsed = ParseAttendance(*attendance)) {
        req.attendance = *parsed;
      } else {
        o.AddError("attendance", "must be FULL or SETUP_ONLY");
      }
    }
    mode.operators.push_back(std::move(req));
  });
  return mode;
}

PrecedenceLink ReadPrecedenceLink(JsonReader& p) {
  PrecedenceLink link;
  link.predecessor_sequence = p.Optional<std::int64_t>("sequence").value_or(0);
  link.predecessor_id = p.Optional<TaskId>("task_id").value_or(TaskId{});
  if (auto type = p.Optional<std::string>("type")) {
    if (auto parsed = ParsePrecedenceType(*type)) {
      link.type = *parsed;
    } else {
      p.AddError("type", "must be FS, SS, FF or SF");
    }
  }
  link.min_lag_minutes = p.Optional<std::int64_t>("min_lag").value_or(0);
  link.max_lag_minutes = p.Optional<std::int64_t>("max_lag");
  return link;
}

std::optional<Instant> ReadInstant(JsonReader& reader, std::string_view key,
                                   JsonReader::Presence presence) {
  auto text = presence == JsonReader::kRequired ? reader.Required<std::string>(key)
                                                : reader.Optional<std::string>(key);
  if (!text) return std::nullopt;
  auto at = ParseInstant(*text);
  if (!at) reader.AddError(key, "must be an RFC 3339 date-time such as 2026-11-24T08:00:00Z");
  return at;
}

Task ReadTask(JsonReader& t) {
  Task task;
  task.sequence = t.Required<std::int64_t>("sequence").value_or(0);
  task.name = t.Required<std::string>("name").value_or("");
  task.operation_code = t.Optional<std::string>("operation_code").value_or("");
  task.setup_minutes = t.Optional<std::int64_t>("setup_minutes").value_or(0);
  task.run_minutes_per_unit = t.Optional<double>("run_minutes_per_unit").value_or(0.0);
  task.fixed_duration_minutes = t.Optional<std::int64_t>("fixed_duration_minutes");
  task.setup_family = t.Optional<std::string>("setup_family").value_or("");
  task.interruptible = t.Optional<bool>("interruptible").value_or(false);
  task.pinned = t.Optional<bool>("pinned").value_or(false);
  auto machine = t.Optional<MachineId>("machine_id");
  auto center = t.Optional<WorkCenterId>("work_center_id");
  auto modes = t.ForEach("modes", JsonReader::kOptional, [&](JsonReader& m, std::size_t) {
    task.modes.push_back(ReadTaskMode(m));
  });
  if (modes && (machine || center)) {
    t.AddError("machine_id", "give either modes or the machine_id/work_center_id shorthand");
  } else if (!modes && (machine || center)) {
    TaskMode mode;
    mode.machine_id = machine;
    mode.work_center_id = center;
    mode.setup_minutes = task.setup_minutes;
    mode.run_minutes = task.run_minutes_per_unit;
    task.modes.push_back(mode);
  }
  t.ForEach("predecessors", JsonReader::kOptional, [&](JsonReader& p, std::size_t) {
    task.predecessors.push_back(ReadPrecedenceLink(p));
  });
  return task;
}

json::value JobDto(const Job& job, Instant now, const json::storage_ptr& sp) {
  json::array tags(sp);
  for (const std::string& tag : job.compliance_requirements) tags.emplace_back(tag);
  json::object o({{"id", job.id.ToString()},
                  {"job_number", job.job_number},
                  {"customer_name", job.customer_name},
                  {"part_number", job.part_number},
                  {"quantity", job.quantity},
                  {"priority", JobPriorityName(job.priority)},
                  {"priority_weight", JobPriorityWeight(job.priority)},
                  {"release_date", TimeOrNull(job.release_date, sp)},
                  {"due_date", FormatInstant(job.due_date)},
                  {"status", JobStatusName(job.status)},
                  {"notes", job.notes},
                  {"compliance_requirements", std::move(tags)},
                  {"progress_percent", job.progress_percent},
                  {"is_overdue", job.IsOverdue(now)},
                  {"planned_start", TimeOrNull(job.planned_start, sp)},
                  {"planned_end", TimeOrNull(job.planned_end, sp)},
                  {"actual_start", TimeOrNull(job.actual_start, sp)},
                  {"actual_end", TimeOrNull(job.actual_end, sp)},
                  {"version", job.version},
                  {"created_by", job.created_by},
                  {"created_at", FormatInstant(job.created_at)},
                  {"updated_at", FormatInstant(job.updated_at)}},
                 sp);
  if (job.status_before_hold) o["status_before_hold"] = JobStatusName(*job.status_before_hold);
  return o;
}

json::value JobDetailDto(const service::JobDetail& detail, Instant now,
                         const json::storage_ptr& sp) {
  json::value dto = JobDto(detail.job, now, sp);
  json::array tasks(sp);
  tasks.reserve(detail.tasks.size());
  for (const Task& task : detail.tasks) tasks.push_back(TaskDto(task, detail.job.quantity, sp));
  json::array history(sp);
  for (const StatusChange& change : detail.history) {
    history.push_back(json::object({{"from", change.from},
                                    {"to", change.to},
                                    {"actor", change.actor},
                                    {"at", FormatInstant(change.at)},
                                    {"reason", change.reason}},
                                   sp));
  }
  dto.as_object()["tasks"] = std::move(tasks);
  dto.as_object()["status_history"] = std::move(history);
  return dto;
}

json::value TaskDto(const Task& task, std::int64_t quantity, const json::storage_ptr& sp) {
  json::array modes(sp);
  for (const TaskMode& mode : task.modes) {
    json::array operators(sp);
    for (const OperatorRequirement& req : mode.operators) {
      operators.push_back(json::object({{"skill", req.skill_code},
                                        {"skill_id", req.skill_id.ToString()},
                                        {"min_level", req.min_level},
                                        {"count", req.count},
                                        {"attendance", AttendanceName(req.attendance)}},
                                       sp));
    }
    json::object m({{"setup_minutes", mode.setup_minutes},
                    {"run_minutes", mode.run_minutes},
                    {"operators", std::move(operators)}},
                   sp);
    m["machine_id"] =
        mode.machine_id ? json::value(mode.machine_id->ToString(), sp) : json::value(nullptr, sp);
    m["work_center_id"] = mode.work_center_id ? json::value(mode.work_center_id->ToString(), sp)
                                              : json::value(nullptr, sp);
    modes.push_back(std::move(m));
  }
  json::array links(sp);
  for (const PrecedenceLink& link : task.predecessors) {
    links.push_back(json::object({{"task_id", link.predecessor_id.ToString()},
                                  {"sequence", link.predecessor_sequence},
                                  {"type", PrecedenceTypeName(link.type)},
                                  {"min_lag", link.min_lag_minutes},
                                  {"max_lag", IntOrNull(link.max_lag_minutes, sp)}},
                                 sp));
  }
  json::array actual_operators(sp);
  for (const OperatorId& op : task.actuals.operator_ids)
    actual_operators.emplace_back(op.ToString());
  json::object o({{"id", task.id.ToString()},
                  {"job_id", task.job_id.ToString()},
                  {"sequence", task.sequence},
                  {"name", task.name},
                  {"operation_code", task.operation_code},
                  {"setup_minutes", task.setup_minutes},
                  {"run_minutes_per_unit", task.run_minutes_per_unit},
                  {"fixed_duration_minutes", IntOrNull(task.fixed_duration_minutes)},
                  {"modes", std::move(modes)},
                  {"setup_family", task.setup_family},
                  {"predecessors", std::move(links)},
                  {"interruptible", task.interruptible},
                  {"pinned", task.pinned},
                  {"status", TaskStatusName(task.status)},
                  {"actual_machine_id", task.actuals.machine_id
                                            ? json::value(task.actuals.machine_id->ToString(), sp)
                                            : json::value(nullptr, sp)},
                  {"actual_operator_ids", std::move(actual_operators)},
                  {"actual_start", TimeOrNull(task.actuals.start, sp)},
                  {"actual_end", TimeOrNull(task.actuals.end, sp)},
                  {"produced_quantity", IntOrNull(task.actuals.produced_quantity, sp)},
                  {"scrap_quantity", IntOrNull(task.actuals.scrap_quantity, sp)},
                  {"quality_notes", task.actuals.quality_notes},
                  {"failure_reason", task.actuals.failure_reason},
                  {"version", task.version},
                  {"created_at", FormatInstant(task.created_at)},
                  {"updated_at", FormatInstant(task.updated_at)}},
                 sp);
  if (quantity > 0) o["planned_minutes"] = task.PlannedMinutes(quantity);
  return o;
}

Result<std::optional<std::int64_t>> ExpectedVersion(const Request& request,
                                                    std::optional<std::int64_t> body_version) {
  std::optional<std::int64_t> header_version;
  if (auto header = request.Header("If-Match")) {
    std::string_view text = *header;
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    if (text != "*") {
      if (text.substr(0, 2) == "W/") text.remove_prefix(2);
      if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
        text = text.substr(1, text.size() - 2);
      }
      header_version = ParseInt(text);
      if (!header_version || *header_version < 1) {
        return Fail(Error::InvalidArgument(
            "If-Match must carry the version as an entity tag, e.g. If-Match: \"3\"",
            {{"If-Match", "must be a quoted version number such as \"3\""}}));
      }
    }
  }
  if (header_version && body_version && *header_version != *body_version) {
    return Fail(Error::InvalidArgument(
        "If-Match and the body's version disagree",
        {{"version", "must equal the If-Match version when both are given"}}));
  }
  return header_version ? header_version : body_version;
}

Result<std::int64_t> PathId(const Request& request, const char* what) {
  auto id = ParseInt(request.PathParam("id"));
  if (!id || *id < 1) {
    return Fail(Error::NotFound(std::string(what) + " " + std::string(request.PathParam("id")) +
                                " does not exist"));
  }
  return *id;
}

Actor ActorOf(const Request& request) {
  if (!request.principal) return Actor::System("anonymous", request.request_id);
  return Actor{request.principal->user_id, request.principal->email, request.request_id};
}

std::string ETagOf(std::int64_t version) { return "\"" + std::to_string(version) + "\""; }

json::value TaskBodySchema() {
  json::object op{{"type", "object"},
                  {"properties", json::object{{"skill", Prop("string")},
                                              {"skill_id", Prop("string")},
                                              {"min_level", Prop("integer")},
                                              {"count", Prop("integer")},
                                              {"attendance", Enum({"FULL", "SETUP_ONLY"})}}},
                  {"additionalProperties", false}};
  json::object mode{{"type", "object"},
                    {"properties", json::object{{"machine_id", Prop("string")},
                                                {"work_center_id", Prop("string")},
                                                {"setup_minutes", Prop("integer")},
                                                {"run_minutes", Prop("number")},
                                                {"operators", ArrayOf(op)}}},
                    {"additionalProperties", false}};
  json::object link{{"type", "object"},
                    {"properties", json::object{{"sequence", Prop("integer")},
                                                {"task_id", Prop("string")},
                                                {"type", Enum({"FS", "SS", "FF", "SF"})},
                                                {"min_lag", Prop("integer")},
                                                {"max_lag", Prop("integer")}}},
                    {"additionalProperties", false}};
  return json::object{{"type", "object"},
                      {"properties", json::object{{"sequence", Prop("integer")},
                                                  {"name", Prop("string")},
                                                  {"operation_code", Prop("string")},
                                                  {"setup_minutes", Prop("integer")},
                                                  {"run_minutes_per_unit", Prop("number")},
                                                  {"fixed_duration_minutes", Nullable("integer")},
                                                  {"setup_family", Prop("string")},
                                                  {"interruptible", Prop("boolean")},
                                                  {"pinned", Prop("boolean")},
                                                  {"machine_id", Prop("string")},
                                                  {"work_center_id", Prop("string")},
                                                  {"modes", ArrayOf(mode)},
                                                  {"predecessors", ArrayOf(link)}}},
                      {"required", json::array{"sequence", "name"}},
                      {"additionalProperties", false}};
}

json::value TaskSchema() {
  return json::object{
      {"type", "object"},
      {"properties", json::object{{"id", Prop("string")},
                                  {"job_id", Prop("string")},
                                  {"sequence", Prop("integer")},
                                  {"name", Prop("string")},
                                  {"status", Enum({"PENDING", "READY", "SCHEDULED", "IN_PROGRESS",
                                                   "COMPLETED", "FAILED", "CANCELLED"})},
                                  {"modes", ArrayOf(json::object{{"type", "object"}})},
                                  {"predecessors", ArrayOf(json::object{{"type", "object"}})},
                                  {"actual_start", Nullable("string")},
                                  {"actual_end", Nullable("string")},
                                  {"version", Prop("integer")}}},
      {"required", json::array{"id", "job_id", "sequence", "name", "status", "version"}}};
}

json::value JobSchema() {
  return json::object{
      {"type", "object"},
      {"properties", json::object{{"id", Prop("string")},
                                  {"job_number", Prop("string")},
                                  {"customer_name", Prop("string")},
                                  {"part_number", Prop("string")},
                                  {"quantity", Prop("integer")},
                                  {"priority", Enum({"LOW", "NORMAL", "HIGH", "URGENT"})},
                                  {"release_date", Nullable("string")},
                                  {"due_date", DateTime()},
                                  {"status", Enum({"PLANNED", "APPROVED", "RELEASED", "IN_PROGRESS",
                                                   "ON_HOLD", "COMPLETED", "CANCELLED"})},
                                  {"notes", Prop("string")},
                                  {"compliance_requirements", ArrayOf(Prop("string"))},
                                  {"progress_percent", Prop("number")},
                                  {"is_overdue", Prop("boolean")},
                                  {"version", Prop("integer")},
                                  {"tasks", ArrayOf(TaskSchema())}}},
      {"required", json::array{"id", "job_number", "customer_name", "part_number", "quantity",
                               "priority", "due_date", "status", "version"}}};
}

json::value ListOf(json::value item) {
  return json::object{{"type", "object"},
                      {"properties", json::object{{"items", ArrayOf(std::move(item))},
                                                  {"total", Prop("integer")},
                                                  {"next_cursor", Nullable("string")}}},
                      {"required", json::array{"items", "total", "next_cursor"}}};
}

}  // namespace takt::api
