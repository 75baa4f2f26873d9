#include "api/handlers/schedule_dto.hpp"

#include <boost/json.hpp>

namespace takt::api {

namespace json = boost::json;

namespace {

json::value OptionalTime(const std::optional<Instant>& at) {
  if (!at) return nullptr;
  return json::value(FormatInstant(*at));
}

template <typename T>
json::value OptionalNumber(const std::optional<T>& value) {
  if (!value) return nullptr;
  return json::value(*value);
}

template <typename Id>
json::array Ids(const std::vector<Id>& ids) {
  json::array out;
  for (const Id& id : ids) out.push_back(json::value(id.ToString()));
  return out;
}

json::value IdOrNull(std::int64_t value) {
  if (value <= 0) return nullptr;
  return json::value(std::to_string(value));
}

}  // namespace

json::value KpisDto(const ScheduleKpis& k) {
  return json::object{
      {"makespan_minutes", k.makespan_minutes},
      {"makespan_hours", static_cast<double>(k.makespan_minutes) / 60.0},
      {"total_tardiness_minutes", k.total_tardiness_minutes},
      {"total_tardiness_hours", static_cast<double>(k.total_tardiness_minutes) / 60.0},
      {"max_tardiness_minutes", k.max_tardiness_minutes},
      {"late_jobs", k.late_jobs},
      {"total_setup_minutes", k.total_setup_minutes},
      {"weighted_tardiness", k.weighted_tardiness}};
}

json::value ViolationsDto(const std::vector<ScheduleViolation>& violations) {
  json::array out;
  for (const auto& v : violations) {
    out.push_back(json::object{
        {"rule", v.rule}, {"message", v.message}, {"severity", v.hard ? "HARD" : "SOFT"}});
  }
  return out;
}

json::value AssignmentDto(const ScheduleAssignment& a) {
  return json::object{{"task_id", a.task_id.ToString()},
                      {"job_id", a.job_id.ToString()},
                      {"mode", a.mode_index},
                      {"machine_id", a.machine_id.ToString()},
                      {"operator_ids", Ids(a.operator_ids)},
                      {"setup_start", FormatInstant(a.setup_start)},
                      {"start", FormatInstant(a.start)},
                      {"end", FormatInstant(a.end)},
                      {"setup_minutes", a.setup_minutes},
                      {"pinned", a.pinned}};
}

json::value ScheduleDto(const Schedule& s, bool with_assignments) {
  json::object out{{"id", s.id.ToString()},
                   {"name", s.name},
                   {"status", ScheduleStatusName(s.status)},
                   {"revision", s.revision},
                   {"parent_id", IdOrNull(s.parent_id.value())},
                   {"horizon_start", FormatInstant(s.horizon_start)},
                   {"horizon_end", OptionalTime(s.horizon_end)},
                   {"job_ids", Ids(s.job_ids)},
                   {"objective", s.objective},
                   {"fallback", s.fallback},
                   {"kpis", KpisDto(s.kpis)},
                   {"violations", ViolationsDto(s.violations)},
                   {"last_run_id", IdOrNull(s.last_run_id.value())},
                   {"version", s.version},
                   {"created_by", s.created_by},
                   {"created_at", FormatInstant(s.created_at)},
                   {"updated_at", FormatInstant(s.updated_at)}};
  const std::int64_t count =
      with_assignments ? static_cast<std::int64_t>(s.assignments.size()) : s.assignment_count;
  out["assignment_count"] = count;
  if (with_assignments) {
    json::array list;
    list.reserve(s.assignments.size());
    for (const auto& a : s.assignments) list.push_back(AssignmentDto(a));
    out["assignments"] = std::move(list);
  }
  return out;
}

json::value RunDto(const OptimizationRun& r) {
  return json::object{
      {"id", r.id.ToString()},
      {"schedule_id", r.schedule_id.ToString()},
      {"state", RunStateName(r.state)},
      {"status", r.outcome == RunOutcome::kNone ? json::value(nullptr)
                                                : json::value(RunOutcomeName(r.outcome))},
      {"progress", r.progress},
      {"objective", OptionalNumber(r.objective)},
      {"bound", OptionalNumber(r.bound)},
      {"gap", OptionalNumber(r.gap)},
      {"incumbent", KpisDto(r.incumbent)},
      {"improvements", r.improvements},
      {"strategy", r.strategy},
      {"seed", r.seed},
      {"time_limit_s", r.time_limit_s},
      {"engine_version", r.engine_version},
      {"input_hash", r.input_hash},
      {"solve_time_s", r.solve_time_s},
      {"message", r.message},
      {"created_by", r.created_by},
      {"created_at", FormatInstant(r.created_at)},
      {"started_at", OptionalTime(r.started_at)},
      {"finished_at", OptionalTime(r.finished_at)}};
}

json::value OptimizationResultDto(const OptimizationRun& r) {
  return json::object{
      {"status", r.outcome == RunOutcome::kNone ? json::value(nullptr)
                                                : json::value(RunOutcomeName(r.outcome))},
      {"state", RunStateName(r.state)},
      {"objective", OptionalNumber(r.objective)},
      {"bound", OptionalNumber(r.bound)},
      {"gap", OptionalNumber(r.gap)},
      {"solve_time_s", r.solve_time_s},
      {"strategy", r.strategy},
      {"seed", r.seed},
      {"engine_version", r.engine_version},
      {"input_hash", r.input_hash},
      {"message", r.message},
      {"run_id", r.id.ToString()}};
}

json::value ProgressDto(const service::ScheduleProgress& p) {
  json::array jobs;
  for (const auto& j : p.jobs) {
    jobs.push_back(json::object{{"job_id", j.job_id.ToString()},
                                {"job_number", j.job_number},
                                {"status", JobStatusName(j.status)},
                                {"total_tasks", j.total_tasks},
                                {"completed_tasks", j.completed_tasks},
                                {"progress", j.progress_percent}});
  }
  return json::object{{"status", ScheduleStatusName(p.status)},
                      {"total_jobs", p.total_jobs},
                      {"total_tasks", p.total_tasks},
                      {"completed_tasks", p.completed_tasks},
                      {"in_progress_tasks", p.in_progress_tasks},
                      {"overall_progress", p.overall_progress},
                      {"job_progress", std::move(jobs)}};
}

std::optional<std::string> ReadObjective(JsonReader& reader, std::string_view key) {
  if (!reader.Has(key) || reader.IsNull(key)) {
    reader.Optional<boost::json::value>(key);
    return std::nullopt;
  }
  auto value = reader.Optional<boost::json::value>(key);
  if (!value) return std::nullopt;
  if (value->is_string()) return std::string(value->as_string());
  if (!value->is_object()) {
    reader.AddError(key, "must be a strategy name or an object with weights or lexicographic");
    return std::nullopt;
  }
  const json::object& o = value->as_object();
  if (o.size() != 1) {
    reader.AddError(key, "must have exactly one of strategy, weights, lexicographic");
    return std::nullopt;
  }
  if (auto* s = o.if_contains("strategy")) {
    if (!s->is_string()) {
      reader.AddError(std::string(key) + ".strategy", "must be a string");
      return std::nullopt;
    }
    return std::string(s->as_string());
  }
  if (auto* w = o.if_contains("weights")) {
    if (!w->is_object() || w->as_object().empty()) {
      reader.AddError(std::string(key) + ".weights", "must be a non-empty object of numbers");
      return std::nullopt;
    }
    std::string text = "weights:";
    bool first = true;
    for (const auto& [name, weight] : w->as_object()) {
      if (!weight.is_number()) {
        reader.AddError(std::string(key) + ".weights." + std::string(name), "must be a number");
        return std::nullopt;
      }
      text +=
          (first ? "" : ",") + std::string(name) + "=" + std::to_string(weight.to_number<double>());
      first = false;
    }
    return text;
  }
  if (auto* l = o.if_contains("lexicographic")) {
    if (!l->is_array() || l->as_array().empty()) {
      reader.AddError(std::string(key) + ".lexicographic", "must be a non-empty array of criteria");
      return std::nullopt;
    }
    std::string text = "lexicographic:";
    bool first = true;
    for (const auto& item : l->as_array()) {
      if (!item.is_string()) {
        reader.AddError(std::string(key) + ".lexicographic", "must list criterion names");
        return std::nullopt;
      }
      text += (first ? "" : ",") + std::string(item.as_string());
      first = false;
    }
    return text;
  }
  reader.AddError(key, "must have one of strategy, weights, lexicographic");
  return std::nullopt;
}

json::value ScheduleSchema() {
  return json::object{
      {"type", "object"},
      {"required", json::array{"id", "name", "status", "revision", "horizon_start", "job_ids",
                               "objective", "kpis", "version"}},
      {"properties",
       json::object{{"id", {{"type", "string"}}},
                    {"name", {{"type", "string"}}},
                    {"status",
                     {{"type", "string"},
                      {"enum", json::array{"DRAFT", "PUBLISHED", "ACTIVE", "COMPLETED", "CANCELLED",
                                           "SUPERSEDED"}}}},
                    {"revision", {{"type", "integer"}}},
                    {"horizon_start", {{"type", "string"}, {"format", "date-time"}}},
                    {"job_ids", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                    {"objective", {{"type", "string"}}},
                    {"kpis", {{"type", "object"}}},
                    {"assignments", {{"type", "array"}, {"items", {{"type", "object"}}}}},
                    {"version", {{"type", "integer"}}}}}};
}

json::value RunSchema() {
  return json::object{
      {"type", "object"},
      {"required", json::array{"id", "schedule_id", "state", "progress"}},
      {"properties",
       json::object{
           {"id", {{"type", "string"}}},
           {"schedule_id", {{"type", "string"}}},
           {"state",
            {{"type", "string"},
             {"enum", json::array{"QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"}}}},
           {"status", {{"type", json::array{"string", "null"}}}},
           {"progress", {{"type", "number"}}}}}};
}

}  // namespace takt::api
