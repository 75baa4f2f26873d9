#include "api/handlers/schedule_revision_handlers.hpp"

#include <boost/json.hpp>
#include <charconv>

#include "api/handlers/job_dto.hpp"
#include "api/handlers/schedule_dto.hpp"
#include "api/json_reader.hpp"
#include "core/permissions.hpp"

namespace takt::api {

namespace json = boost::json;

namespace {

std::optional<std::int64_t> ToInt(std::string_view text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

Response ScheduleResponse(int status, const Schedule& schedule) {
  Response response = JsonResponse(status, ScheduleDto(schedule, true));
  response.headers.Set("ETag", ETagOf(schedule.version));
  return response;
}

Response MoveAssignment(service::ScheduleService& schedules, Request& request) {
  auto id = PathId(request, "schedule");
  if (!id) return ErrorResponse(id.error(), request.request_id);
  auto task = ToInt(request.PathParam("task_id"));
  if (!task || *task <= 0) {
    return ErrorResponse(
        Error::NotFound("task '" + std::string(request.PathParam("task_id")) + "' does not exist"),
        request.request_id);
  }
  auto body = JsonReader::Parse(request.body);
  service::AssignmentMove move;
  move.machine_id = body.Optional<MachineId>("machine_id");
  move.start = ReadInstant(body, "start", JsonReader::kOptional);
  move.operator_ids = body.Optional<std::vector<OperatorId>>("operator_ids");
  move.pinned = body.Optional<bool>("pinned");
  body.RejectUnknownFields();
  if (auto ok = body.Finish(); !ok) return ErrorResponse(ok.error(), request.request_id);
  auto moved = schedules.MoveAssignment(ActorOf(request), ScheduleId{*id}, TaskId{*task}, move);
  if (!moved) return ErrorResponse(moved.error(), request.request_id);
  return ScheduleResponse(200, *moved);
}

Response Reschedule(service::ScheduleService& schedules, Request& request) {
  auto id = PathId(request, "schedule");
  if (!id) return ErrorResponse(id.error(), request.request_id);
  auto body = JsonReader::Parse(request.body);
  service::RescheduleRequest r;
  r.new_jobs = body.Optional<std::vector<JobId>>("new_jobs").value_or(std::vector<JobId>{});
  r.reason = body.Required<std::string>("reason").value_or("");
  r.frozen_minutes = body.Optional<std::int64_t>("frozen_minutes").value_or(60);
  r.time_limit_s = body.Optional<double>("time_limit_s");
  if (auto seed = body.Optional<std::int64_t>("seed")) r.seed = static_cast<std::uint64_t>(*seed);
  if (auto overrides = body.Optional<json::value>("priority_override")) {
    if (!overrides->is_object()) {
      body.AddError("priority_override", "must be an object of job id -> priority");
    } else {
      for (const auto& [job, priority] : overrides->as_object()) {
        auto job_id = ToInt(job);
        auto parsed = priority.is_string() ? ParseJobPriority(priority.as_string())
                                           : std::optional<JobPriority>();
        if (!job_id || *job_id <= 0) {
          body.AddError("priority_override." + std::string(job), "is not a job id");
        } else if (!parsed) {
          body.AddError("priority_override." + std::string(job),
                        "must be LOW, NORMAL, HIGH or URGENT");
        } else {
          r.priority_override[JobId{*job_id}] = *parsed;
        }
      }
    }
  }
  if (auto delays = body.Optional<json::value>("delays")) {
    if (!delays->is_object()) {
      body.AddError("delays", "must be an object of task id -> extra minutes");
    } else {
      for (const auto& [task, minutes] : delays->as_object()) {
        auto task_id = ToInt(task);
        if (!task_id || *task_id <= 0) {
          body.AddError("delays." + std::string(task), "is not a task id");
        } else if (!minutes.is_int64()) {
          body.AddError("delays." + std::string(task), "must be a whole number of minutes");
        } else {
          r.delays[TaskId{*task_id}] = minutes.as_int64();
        }
      }
    }
  }
  if (auto down = body.Object("machine_down", JsonReader::kOptional)) {
    service::MachineBreakdown b;
    b.machine_id = down->Required<MachineId>("machine_id").value_or(MachineId{});
    b.start = ReadInstant(*down, "start", JsonReader::kOptional);
    b.end = ReadInstant(*down, "end", JsonReader::kOptional);
    if (auto d = down->Optional<std::int64_t>("duration_minutes")) {
      if (down->Check(*d >= 1, "duration_minutes", "must be at least 1")) b.duration_minutes = *d;
    }
    r.machine_down = b;
  }
  body.RejectUnknownFields();
  if (auto ok = body.Finish(); !ok) return ErrorResponse(ok.error(), request.request_id);
  auto outcome = schedules.Reschedule(ActorOf(request), ScheduleId{*id}, r);
  if (!outcome) return ErrorResponse(outcome.error(), request.request_id);
  return JsonResponse(200,
                      json::object{{"schedule", ScheduleDto(outcome->schedule, true)},
                                   {"optimization_result", OptimizationResultDto(outcome->run)},
                                   {"conflicts_resolved", outcome->conflicts_resolved},
                                   {"jobs_rescheduled", outcome->jobs_rescheduled},
                                   {"tasks_moved", outcome->tasks_moved},
                                   {"churn", outcome->churn_minutes},
                                   {"churn_minutes", outcome->churn_minutes}});
}

}  // namespace

void RegisterScheduleRevisionRoutes(Router& router, service::ScheduleService& schedules) {
  namespace p = permission;
  auto* s = &schedules;
  router.Add({.method = "PATCH",
              .path = "/api/v1/schedules/{id}/assignments/{task_id}",
              .permission = p::kSchedulesUpdate,
              .summary = "Move or lock one assignment (409 listing what breaks)",
              .tag = "Schedules",
              .response_schema = ScheduleSchema(),
              .handler = [s](Request& r) { return MoveAssignment(*s, r); }});
  router.Add({.method = "PATCH",
              .path = "/api/v1/schedules/{id}/reschedule",
              .permission = p::kSchedulesReschedule,
              .summary = "Reschedule a published or active plan into a new revision",
              .tag = "Schedules",
              .handler = [s](Request& r) { return Reschedule(*s, r); }});
}

}  // namespace takt::api
