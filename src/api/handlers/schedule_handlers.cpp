#include "api/handlers/schedule_handlers.hpp"

#include <boost/json.hpp>
#include <charconv>

#include "api/handlers/job_dto.hpp"
#include "api/handlers/schedule_dto.hpp"
#include "api/handlers/schedule_revision_handlers.hpp"
#include "api/json_reader.hpp"
#include "core/permissions.hpp"
#include "storage/sha256.hpp"

namespace takt::api {

namespace json = boost::json;

namespace {

constexpr auto kWaitMargin = std::chrono::seconds(60);

std::optional<std::int64_t> ToInt(std::string_view text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

Result<std::optional<service::IdempotentRequest>> IdempotencyOf(const Request& request) {
  auto key = request.Header("Idempotency-Key");
  if (!key) return std::optional<service::IdempotentRequest>();
  if (key->empty() || key->size() > 200) {
    return Fail(Error::InvalidArgument("Idempotency-Key must be 1 to 200 characters",
                                       {{"Idempotency-Key", "must be 1 to 200 characters"}}));
  }
  return std::optional<service::IdempotentRequest>(service::IdempotentRequest{
      std::string(*key),
      storage::Sha256Hex(request.route_pattern + "\n" + std::string(request.PathParam("id")) +
                         "\n" + request.body)});
}

Response ScheduleResponse(int status, const Schedule& schedule) {
  Response response = JsonResponse(status, ScheduleDto(schedule, true));
  response.headers.Set("ETag", ETagOf(schedule.version));
  return response;
}

Result<bool> WaitFlag(const Request& request) {
  auto wait = request.Query("wait");
  if (!wait || *wait == "false") return false;
  if (*wait == "true") return true;
  return Fail(
      Error::InvalidArgument("wait must be true or false", {{"wait", "must be true or false"}}));
}

// The body of an optimize request: {time_limit_s?, seed?}.
Result<service::OptimizeOptions> ReadOptimizeOptions(JsonReader& body) {
  service::OptimizeOptions options;
  options.time_limit_s = body.Optional<double>("time_limit_s");
  if (auto seed = body.Optional<std::int64_t>("seed")) {
    if (body.Check(*seed >= 0, "seed", "must be >= 0"))
      options.seed = static_cast<std::uint64_t>(*seed);
  }
  return options;
}

// The answer to a finished synchronous run: 200 with the run, 422 when infeasible, 409 when its
// input changed under it.
Response FinishedRunResponse(service::ScheduleService& schedules, const OptimizationRun& run,
                             const Request& request, int ok_status) {
  if (run.state == RunState::kFailed) {
    if (run.outcome == RunOutcome::kInfeasible) {
      Error error = Error::InvalidArgument("the schedule cannot be planned: " + run.message);
      auto schedule = schedules.Get(run.schedule_id);
      if (schedule) error.field_errors = service::ViolationFields(schedule->violations);
      if (error.field_errors.empty()) error.field_errors.push_back({"job_ids", run.message});
      return ErrorResponse(std::move(error).WithDetail("run_id", run.id.ToString()),
                           request.request_id);
    }
    return ErrorResponse(Error::Conflict(run.message).WithDetail("run_id", run.id.ToString()),
                         request.request_id);
  }
  auto schedule = schedules.Get(run.schedule_id);
  if (!schedule) return ErrorResponse(schedule.error(), request.request_id);
  json::object body{{"schedule", ScheduleDto(*schedule, true)},
                    {"optimization_result", OptimizationResultDto(run)},
                    {"run", RunDto(run)},
                    {"violations", ViolationsDto(schedule->violations)},
                    {"metrics", KpisDto(schedule->kpis)}};
  return JsonResponse(ok_status, body);
}

// GET /schedules/{id}: the plan with the facts of its last run; ?assignments=false for the
// header only.
Response GetSchedule(service::ScheduleService& schedules, service::ScheduleOptimizer& optimizer,
                     Request& request) {
  auto id = PathId(request, "schedule");
  if (!id) return ErrorResponse(id.error(), request.request_id);
  const auto flag = request.Query("assignments").value_or("true");
  if (flag != "true" && flag != "false") {
    return ErrorResponse(Error::InvalidArgument("assignments must be true or false",
                                                {{"assignments", "must be true or false"}}),
                         request.request_id);
  }
  const bool with = flag == "true";
  auto schedule = with ? schedules.Get(ScheduleId{*id}) : schedules.GetHeader(ScheduleId{*id});
  if (!schedule) return ErrorResponse(schedule.error(), request.request_id);
  json::value body = ScheduleDto(*schedule, with);
  json::value last_run = nullptr;
  if (schedule->last_run_id.valid()) {
    if (auto run = optimizer.GetRun(schedule->last_run_id)) last_run = OptimizationResultDto(*run);
  }
  body.as_object()["last_run"] = std::move(last_run);
  Response response = JsonResponse(200, body);
  response.headers.Set("ETag", ETagOf(schedule->version));
  return response;
}

Response CreateSchedule(service::ScheduleService& schedules, Request& request) {
  auto body = JsonReader::Parse(request.body);
  service::NewSchedule n;
  n.name = body.Required<std::string>("name").value_or("");
  if (body.Has("name") && !body.IsNull("name")) {
    body.Check(!n.name.empty() && n.name.size() <= 200, "name", "must be 1 to 200 characters");
  }
  n.job_ids = body.Optional<std::vector<JobId>>("job_ids").value_or(std::vector<JobId>{});
  n.horizon_start = ReadInstant(body, "horizon_start", JsonReader::kRequired).value_or(Instant{});
  n.horizon_end = ReadInstant(body, "horizon_end", JsonReader::kOptional);
  if (auto objective = ReadObjective(body, "objective")) n.objective = *objective;
  body.RejectUnknownFields();
  if (auto ok = body.Finish(); !ok) return ErrorResponse(ok.error(), request.request_id);
  auto key = IdempotencyOf(request);
  if (!key) return ErrorResponse(key.error(), request.request_id);
  auto created = schedules.Create(ActorOf(request), std::move(n), *key);
  if (!created) return ErrorResponse(created.error(), request.request_id);
  Response response = ScheduleResponse(201, *created);
  response.headers.Set("Location", "/api/v1/schedules/" + created->id.ToString());
  return response;
}

Response CreateAndOptimize(service::ScheduleService& schedules,
                           service::ScheduleOptimizer& optimizer, Request& request) {
  auto body = JsonReader::Parse(request.body);
  service::NewSchedule n;
  n.name = body.Required<std::string>("name").value_or("");
  if (body.Has("name") && !body.IsNull("name")) {
    body.Check(!n.name.empty() && n.name.size() <= 200, "name", "must be 1 to 200 characters");
  }
  n.job_ids = body.Optional<std::vector<JobId>>("job_ids").value_or(std::vector<JobId>{});
  n.horizon_start = ReadInstant(body, "start_time", JsonReader::kRequired).value_or(Instant{});
  n.horizon_end = ReadInstant(body, "end_time", JsonReader::kOptional);
  if (auto objective = ReadObjective(body, "objective")) n.objective = *objective;
  auto options = ReadOptimizeOptions(body);
  body.RejectUnknownFields();
  if (auto ok = body.Finish(); !ok) return ErrorResponse(ok.error(), request.request_id);
  auto limit = optimizer.TimeLimit(options->time_limit_s);
  if (!limit) return ErrorResponse(limit.error(), request.request_id);
  auto key = IdempotencyOf(request);
  if (!key) return ErrorResponse(key.error(), request.request_id);
  if (!*key) {
    // Infeasible input is refused before anything is stored.
    auto defects = schedules.CheckFeasibility(n);
    if (!defects) return ErrorResponse(defects.error(), request.request_id);
    if (!defects->empty()) {
      return ErrorResponse(Error::InvalidArgument("the schedule cannot be planned as requested",
                                                  service::ViolationFields(*defects)),
                           request.request_id);
    }
  }
  auto permit = optimizer.TryWaitPermit();
  if (!permit) return ErrorResponse(permit.error(), request.request_id);
  const Actor actor = ActorOf(request);
  // One client key covers both steps: a retry finds the schedule and then the run it started.
  std::optional<service::IdempotentRequest> create_key;
  std::optional<service::IdempotentRequest> run_key;
  if (*key) {
    create_key = service::IdempotentRequest{(*key)->key + "#create", (*key)->fingerprint};
    run_key = service::IdempotentRequest{(*key)->key + "#optimize", (*key)->fingerprint};
  }
  auto created = schedules.Create(actor, std::move(n), create_key);
  if (!created) return ErrorResponse(created.error(), request.request_id);
  auto run = optimizer.Start(actor, created->id, *options, run_key);
  if (!run) return ErrorResponse(run.error(), request.request_id);
  auto finished = optimizer.Wait(run->id, std::chrono::duration_cast<std::chrono::milliseconds>(
                                              std::chrono::duration<double>(*limit) + kWaitMargin));
  if (!finished) return ErrorResponse(finished.error(), request.request_id);
  return FinishedRunResponse(schedules, *finished, request, 201);
}

Response OptimizeSchedule(service::ScheduleService& schedules,
                          service::ScheduleOptimizer& optimizer, Request& request) {
  auto id = PathId(request, "schedule");
  if (!id) return ErrorResponse(id.error(), request.request_id);
  auto wait = WaitFlag(request);
  if (!wait) return ErrorResponse(wait.error(), request.request_id);
  auto body = JsonReader::Parse(request.body.empty() ? "{}" : request.body);
  auto options = ReadOptimizeOptions(body);
  body.RejectUnknownFields();
  if (auto ok = body.Finish(); !ok) return ErrorResponse(ok.error(), request.request_id);
  auto key = IdempotencyOf(request);
  if (!key) return ErrorResponse(key.error(), request.request_id);
  std::optional<service::WaitPermit> permit;
  if (*wait) {
    auto acquired = optimizer.TryWaitPermit();
    if (!acquired) return ErrorResponse(acquired.error(), request.request_id);
    permit.emplace(std::move(*acquired));
  }
  auto run = optimizer.Start(ActorOf(request), ScheduleId{*id}, *options, *key);
  if (!run) return ErrorResponse(run.error(), request.request_id);
  if (!*wait) {
    Response response =
        JsonResponse(202, json::object{{"run_id", run->id.ToString()}, {"run", RunDto(*run)}});
    response.headers.Set("Location", "/api/v1/optimization-runs/" + run->id.ToString());
    return response;
  }
  auto finished =
      optimizer.Wait(run->id, std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::duration<double>(run->time_limit_s) + kWaitMargin));
  if (!finished) return ErrorResponse(finished.error(), request.request_id);
  return FinishedRunResponse(schedules, *finished, request, 200);
}

Response ListSchedules(service::ScheduleService& schedules, Request& request) {
  storage::ScheduleFilter filter;
  std::vector<FieldError> errors;
  for (const auto& [name, value] : request.query_params) {
    if (name != "status" && name != "limit" && name != "offset") {
      errors.push_back({name, "is not a known query parameter (known: status, limit, offset)"});
    }
  }
  for (std::string_view status : request.QueryAll("status")) {
    if (auto parsed = ParseScheduleStatus(status)) {
      filter.statuses.push_back(*parsed);
    } else {
      errors.push_back({"status", "'" + std::string(status) + "' is not a schedule status"});
    }
  }
  if (auto limit = request.Query("limit")) {
    auto value = ToInt(*limit);
    if (!value || *value < 1 || *value > 1000) {
      errors.push_back({"limit", "must be an integer from 1 to 1000"});
    } else {
      filter.limit = static_cast<int>(*value);
    }
  }
  if (auto offset = request.Query("offset")) {
    auto value = ToInt(*offset);
    if (!value || *value < 0) {
      errors.push_back({"offset", "must be a non-negative integer"});
    } else {
      filter.offset = *value;
    }
  }
  if (!errors.empty()) {
    return ErrorResponse(Error::InvalidArgument("the query is invalid", std::move(errors)),
                         request.request_id);
  }
  auto page = schedules.List(filter);
  if (!page) return ErrorResponse(page.error(), request.request_id);
  json::array items;
  for (const Schedule& s : page->items) items.push_back(ScheduleDto(s, false));
  const std::int64_t next = filter.offset + static_cast<std::int64_t>(page->items.size());
  return JsonResponse(
      200, json::object{{"items", std::move(items)},
                        {"total", page->total},
                        {"next_cursor", next < page->total ? json::value(std::to_string(next))
                                                           : json::value(nullptr)}});
}

using ScheduleAction = Result<Schedule> (*)(service::ScheduleService&, const Actor&, ScheduleId,
                                            const Request&);

Response Lifecycle(service::ScheduleService& schedules, Request& request, ScheduleAction action) {
  auto id = PathId(request, "schedule");
  if (!id) return ErrorResponse(id.error(), request.request_id);
  auto done = action(schedules, ActorOf(request), ScheduleId{*id}, request);
  if (!done) return ErrorResponse(done.error(), request.request_id);
  return ScheduleResponse(200, *done);
}

}  // namespace

void RegisterScheduleRoutes(Router& router, service::ScheduleService& schedules,
                            service::ScheduleOptimizer& optimizer) {
  namespace p = permission;
  auto* s = &schedules;
  auto* o = &optimizer;
  router.Add({.method = "POST",
              .path = "/api/v1/schedules",
              .permission = p::kSchedulesCreate,
              .summary = "Create a DRAFT schedule from released jobs",
              .tag = "Schedules",
              .response_schema = ScheduleSchema(),
              .success_status = 201,
              .handler = [s](Request& r) { return CreateSchedule(*s, r); }});
  router.Add({.method = "GET",
              .path = "/api/v1/schedules",
              .permission = p::kSchedulesRead,
              .summary = "List schedules (newest first)",
              .tag = "Schedules",
              .handler = [s](Request& r) { return ListSchedules(*s, r); }});
  router.Add({.method = "POST",
              .path = "/api/v1/schedules/optimize",
              .permission = p::kSchedulesOptimize,
              .summary = "Create and optimize a schedule in one call",
              .tag = "Schedules",
              .success_status = 201,
              .handler = [s, o](Request& r) { return CreateAndOptimize(*s, *o, r); }});
  router.Add({.method = "GET",
              .path = "/api/v1/schedules/{id}",
              .permission = p::kSchedulesRead,
              .summary = "A schedule with its assignments and KPIs",
              .tag = "Schedules",
              .response_schema = ScheduleSchema(),
              .handler = [s, o](Request& r) { return GetSchedule(*s, *o, r); }});
  router.Add({.method = "POST",
              .path = "/api/v1/schedules/{id}/optimize",
              .permission = p::kSchedulesOptimize,
              .summary = "Optimize a DRAFT schedule (202 with run_id; ?wait=true waits)",
              .tag = "Schedules",
              .success_status = 202,
              .handler = [s, o](Request& r) { return OptimizeSchedule(*s, *o, r); }});
  router.Add({.method = "GET",
              .path = "/api/v1/optimization-runs/{id}",
              .permission = p::kSchedulesRead,
              .summary = "An optimization run: state, progress, incumbent, bound, gap",
              .tag = "Schedules",
              .response_schema = RunSchema(),
              .handler = [o](Request& r) {
                auto id = PathId(r, "optimization run");
                if (!id) return ErrorResponse(id.error(), r.request_id);
                auto run = o->GetRun(OptimizationRunId{*id});
                if (!run) return ErrorResponse(run.error(), r.request_id);
                return JsonResponse(200, RunDto(*run));
              }});
  router.Add({.method = "POST",
              .path = "/api/v1/optimization-runs/{id}/cancel",
              .permission = p::kSchedulesOptimize,
              .summary = "Cancel an optimization run",
              .tag = "Schedules",
              .response_schema = RunSchema(),
              .handler = [o](Request& r) {
                auto id = PathId(r, "optimization run");
                if (!id) return ErrorResponse(id.error(), r.request_id);
                auto run = o->Cancel(ActorOf(r), OptimizationRunId{*id});
                if (!run) return ErrorResponse(run.error(), r.request_id);
                return JsonResponse(200, RunDto(*run));
              }});
  auto violations_route = [s](bool only_conflicts) {
    return [s, only_conflicts](Request& r) {
      auto id = PathId(r, "schedule");
      if (!id) return ErrorResponse(id.error(), r.request_id);
      auto found = s->Validate(ScheduleId{*id});
      if (!found) return ErrorResponse(found.error(), r.request_id);
      if (only_conflicts) {
        return JsonResponse(
            200, json::object{{"conflicts", ViolationsDto(*found)}, {"count", found->size()}});
      }
      return JsonResponse(
          200, json::object{{"valid", found->empty()}, {"violations", ViolationsDto(*found)}});
    };
  };
  router.Add({.method = "GET",
              .path = "/api/v1/schedules/{id}/validate",
              .permission = p::kSchedulesRead,
              .summary = "Check the plan against every hard constraint",
              .tag = "Schedules",
              .handler = violations_route(false)});
  router.Add({.method = "GET",
              .path = "/api/v1/schedules/{id}/conflicts",
              .permission = p::kSchedulesRead,
              .summary = "The plan's conflicts",
              .tag = "Schedules",
              .handler = violations_route(true)});
  router.Add({.method = "POST",
              .path = "/api/v1/schedules/{id}/publish",
              .permission = p::kSchedulesPublish,
              .summary = "Publish (blocked by any hard violation)",
              .tag = "Schedules",
              .response_schema = ScheduleSchema(),
              .handler = [s](Request& r) {
                return Lifecycle(*s, r,
                                 [](service::ScheduleService& svc, const Actor& a, ScheduleId id,
                                    const Request& req) -> Result<Schedule> {
                                   auto version = ExpectedVersion(req, std::nullopt);
                                   if (!version) return Fail(version.error());
                                   return svc.Publish(a, id, *version);
                                 });
              }});
  router.Add({.method = "POST",
              .path = "/api/v1/schedules/{id}/execute",
              .permission = p::kSchedulesExecute,
              .summary = "Execute a published schedule (ACTIVE)",
              .tag = "Schedules",
              .response_schema = ScheduleSchema(),
              .handler = [s](Request& r) {
                return Lifecycle(*s, r,
                                 [](service::ScheduleService& svc, const Actor& a, ScheduleId id,
                                    const Request&) { return svc.Execute(a, id); });
              }});
  router.Add({.method = "POST",
              .path = "/api/v1/schedules/{id}/complete",
              .permission = p::kSchedulesExecute,
              .summary = "Complete an active schedule",
              .tag = "Schedules",
              .response_schema = ScheduleSchema(),
              .handler = [s](Request& r) {
                return Lifecycle(*s, r,
                                 [](service::ScheduleService& svc, const Actor& a, ScheduleId id,
                                    const Request&) { return svc.Complete(a, id); });
              }});
  router.Add({.method = "POST",
              .path = "/api/v1/schedules/{id}/cancel",
              .permission = p::kSchedulesCancel,
              .summary = "Cancel a schedule",
              .tag = "Schedules",
              .response_schema = ScheduleSchema(),
              .handler = [s](Request& r) {
                return Lifecycle(*s, r,
                                 [](service::ScheduleService& svc, const Actor& a, ScheduleId id,
                                    const Request& req) -> Result<Schedule> {
                                   std::string reason;
                                   if (!req.body.empty()) {
                                     auto body = JsonReader::Parse(req.body);
                                     reason = body.Optional<std::string>("reason").value_or("");
                                     body.RejectUnknownFields();
                                     if (auto ok = body.Finish(); !ok) return Fail(ok.error());
                                   }
                                   return svc.Cancel(a, id, reason);
                                 });
              }});
  router.Add({.method = "GET",
              .path = "/api/v1/schedules/{id}/status",
              .permission = p::kSchedulesRead,
              .summary = "Execution progress of a schedule",
              .tag = "Schedules",
              .handler = [s](Request& r) {
                auto id = PathId(r, "schedule");
                if (!id) return ErrorResponse(id.error(), r.request_id);
                auto progress = s->Status(ScheduleId{*id});
                if (!progress) return ErrorResponse(progress.error(), r.request_id);
                return JsonResponse(200, ProgressDto(*progress));
              }});
  RegisterScheduleRevisionRoutes(router, schedules);
}

}  // namespace takt::api
