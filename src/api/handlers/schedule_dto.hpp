// JSON shapes of schedules, assignments, optimization runs and schedule progress (api.md
// "Schedules"), and the parsing of the request parts the schedule routes share (the objective in
// its three forms, strict bodies through JsonReader). Timestamps are RFC 3339 UTC; ids are strings;
// enum values upper-case strings; durations in minutes (hours where the name says so).
// Pure functions; thread-safe.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>

#include "api/json_reader.hpp"
#include "core/schedule.hpp"
#include "core/schedule_run.hpp"
#include "service/scheduling/schedule_service.hpp"

namespace takt::api {

boost::json::value KpisDto(const ScheduleKpis& kpis);
boost::json::value ViolationsDto(const std::vector<ScheduleViolation>& violations);
boost::json::value AssignmentDto(const ScheduleAssignment& assignment);
// `with_assignments` false leaves the (possibly long) list out and reports only its count.
boost::json::value ScheduleDto(const Schedule& schedule, bool with_assignments);
boost::json::value RunDto(const OptimizationRun& run);
// api.md's optimization_result {status, objective, bound, gap, solve_time_s, strategy, run_id}.
boost::json::value OptimizationResultDto(const OptimizationRun& run);
boost::json::value ProgressDto(const service::ScheduleProgress& progress);

// Reads `objective` as a strategy name ("makespan"), {"strategy": name},
// {"weights": {"MAKESPAN": 1, ...}} or {"lexicographic": ["WEIGHTED_TARDINESS", ...]} and returns
// its stored text (see service/scheduling/schedule_objective.hpp); errors go on `reader`.
std::optional<std::string> ReadObjective(JsonReader& reader, std::string_view key);

// JSON Schemas for the OpenAPI document.
boost::json::value ScheduleSchema();
boost::json::value RunSchema();

}  // namespace takt::api
