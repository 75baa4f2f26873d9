#include "api/handlers/task_handlers.hpp"

#include "api/handlers/job_dto.hpp"
#include "api/handlers/job_json.hpp"
#include "api/json_reader.hpp"
#include "core/permissions.hpp"

namespace takt::api {

namespace {

Response WithETag(Response response, std::int64_t version) {
  response.headers.Set("ETag", ETagOf(version));
  return response;
}

bool IsInspection(const Task& task) {
  return task.operation_code.rfind("INSP", 0) == 0 || task.operation_code.rfind("QC", 0) == 0;
}

// What one task or one job takes as JSON text, rounded up (a plain job is about 500 bytes, a task
// with one mode about 700).
constexpr std::size_t kTaskTextBytes = 1024;

// A task (with planned_minutes for `quantity` > 0) as a 200 response with its ETag, written
// straight as text: the same bytes as JsonText(TaskDto(task, quantity)).
Response TaskResponse(const Task& task, std::int64_t quantity) {
  std::string text;
  text.reserve(kTaskTextBytes);
  AppendTaskJson(text, task, quantity);
  return WithETag(TextResponse(200, std::move(text), "application/json"), task.version);
}

// {task, job}, written straight as text like TaskResponse.
Response EventResponse(const service::TaskEvent& event) {
  std::string text;
  text.reserve(2 * kTaskTextBytes);
  AppendTaskEventJson(text, event, InstantNow());
  return WithETag(TextResponse(200, std::move(text), "application/json"), event.task.version);
}

// Checks who may execute the task (see the header); nullopt when allowed.
std::optional<Error> MayExecute(service::TaskService& tasks, const TaskAssignmentCheck& assigned,
                                const Principal& who, TaskId id) {
  if (who.HasPermission(permission::kTasksExecuteAny)) return std::nullopt;
  auto task = tasks.GetTask(id);
  if (!task) return task.error();
  if (who.HasPermission(permission::kTasksQuality) && IsInspection(*task)) return std::nullopt;
  if (assigned && assigned(id, who.user_id)) return std::nullopt;
  return Error::Forbidden(
      "you may execute only tasks assigned to you by the active schedule (tasks:execute_any "
      "allows any task); task " +
      id.ToString() + " is not assigned to you");
}

using Floor = std::function<Result<service::TaskEvent>(const Actor&, TaskId, JsonReader&)>;

// The shared shape of /start, /complete and /fail: parse, authorise, run, answer {task, job}.
Handler FloorEvent(service::TaskService& tasks, TaskAssignmentCheck assigned, Floor run) {
  return [&tasks, assigned = std::move(assigned), run = std::move(run)](Request& request) {
    auto id = PathId(request, "task");
    if (!id) return ErrorResponse(id.error(), request.request_id);
    auto body = JsonReader::Parse(request.body.empty() ? std::string_view("{}") : request.body);
    if (auto denied = MayExecute(tasks, assigned, *request.principal, TaskId{*id})) {
      return ErrorResponse(*denied, request.request_id);
    }
    auto event = run(ActorOf(request), TaskId{*id}, body);
    if (!event) return ErrorResponse(event.error(), request.request_id);
    return EventResponse(*event);
  };
}

Response UpdateTask(service::TaskService& tasks, Request& request) {
  auto id = PathId(request, "task");
  if (!id) return ErrorResponse(id.error(), request.request_id);
  auto body = JsonReader::Parse(request.body);
  service::TaskPatch patch;
  patch.sequence = body.Optional<std::int64_t>("sequence");
  patch.name = body.Optional<std::string>("name");
  patch.operation_code = body.Optional<std::string>("operation_code");
  patch.setup_minutes = body.Optional<std::int64_t>("setup_minutes");
  patch.run_minutes_per_unit = body.Optional<double>("run_minutes_per_unit");
  patch.fixed_duration_minutes = body.Nullable<std::int64_t>("fixed_duration_minutes");
  patch.setup_family = body.Optional<std::string>("setup_family");
  patch.interruptible = body.Optional<bool>("interruptible");
  patch.pinned = body.Optional<bool>("pinned");
  patch.quality_notes = body.Optional<std::string>("quality_notes");
  if (body.Has("modes")) {
    std::vector<TaskMode> modes;
    body.ForEach("modes", JsonReader::kRequired,
                 [&](JsonReader& m, std::size_t) { modes.push_back(ReadTaskMode(m)); });
    patch.modes = std::move(modes);
  }
  if (body.Has("predecessors")) {
    std::vector<PrecedenceLink> links;
    body.ForEach("predecessors", JsonReader::kRequired,
                 [&](JsonReader& p, std::size_t) { links.push_back(ReadPrecedenceLink(p)); });
    patch.predecessors = std::move(links);
  }
  if (auto s = body.Optional<std::string>("status")) {
    patch.status = ParseTaskStatus(*s);
    if (!patch.status) body.AddError("status", "must be READY, SCHEDULED or CANCELLED");
  }
  auto body_version = body.Optional<std::int64_t>("version");
  body.RejectUnknownFields();
  if (auto ok = body.Finish(); !ok) return ErrorResponse(ok.error(), request.request_id);
  auto expected = ExpectedVersion(request, body_version);
  if (!expected) return ErrorResponse(expected.error(), request.request_id);
  auto event = tasks.UpdateTask(ActorOf(request), TaskId{*id}, std::move(patch), *expected);
  if (!event) return ErrorResponse(event.error(), request.request_id);
  return TaskResponse(event->task, event->job.quantity);
}

}  // namespace

void RegisterTaskRoutes(Router& router, service::TaskService& tasks,
                        const TaskAssignmentCheck& is_assigned) {
  router.Add({.method = "GET",
              .path = "/api/v1/tasks/{id}",
              .permission = permission::kTasksRead,
              .summary = "A task",
              .tag = "Tasks",
              .response_schema = TaskSchema(),
              .handler = [&tasks](Request& request) {
                auto id = PathId(request, "task");
                if (!id) return ErrorResponse(id.error(), request.request_id);
                auto task = tasks.GetTask(TaskId{*id});
                if (!task) return ErrorResponse(task.error(), request.request_id);
                return TaskResponse(*task, 0);
              }});

  router.Add({.method = "PATCH",
              .path = "/api/v1/tasks/{id}",
              .permission = permission::kTasksUpdate,
              .summary = "Edit a task (If-Match or body version)",
              .tag = "Tasks",
              .response_schema = TaskSchema(),
              .handler = [&tasks](Request& request) { return UpdateTask(tasks, request); }});

  router.Add({.method = "DELETE",
              .path = "/api/v1/tasks/{id}",
              .permission = permission::kTasksDelete,
              .summary = "Delete a task (409 once started)",
              .tag = "Tasks",
              .success_status = 204,
              .handler = [&tasks](Request& request) {
                auto id = PathId(request, "task");
                if (!id) return ErrorResponse(id.error(), request.request_id);
                auto expected = ExpectedVersion(request, std::nullopt);
                if (!expected) return ErrorResponse(expected.error(), request.request_id);
                auto ok = tasks.DeleteTask(ActorOf(request), TaskId{*id}, *expected);
                if (!ok) return ErrorResponse(ok.error(), request.request_id);
                return EmptyResponse(204);
              }});

  router.Add(
      {.method = "PATCH",
       .path = "/api/v1/tasks/{id}/start",
       .permission = permission::kTasksExecute,
       .summary = "Start a task; the first start moves its job to IN_PROGRESS",
       .tag = "Tasks",
       .handler = FloorEvent(
           tasks, is_assigned,
           [&tasks](const Actor& actor, TaskId id, JsonReader& body) -> Result<service::TaskEvent> {
             auto at = ReadInstant(body, "start_time", JsonReader::kOptional);
             service::TaskStartResources used;
             used.machine_id = body.Optional<MachineId>("machine_id");
             used.operator_ids = body.Optional<std::vector<OperatorId>>("operator_ids")
                                     .value_or(std::vector<OperatorId>{});
             body.RejectUnknownFields();
             if (auto ok = body.Finish(); !ok) return Fail(ok.error());
             return tasks.StartTask(actor, id, at, used);
           })});

  router.Add(
      {.method = "PATCH",
       .path = "/api/v1/tasks/{id}/complete",
       .permission = permission::kTasksExecute,
       .summary = "Complete a started task; the last completion completes its job",
       .tag = "Tasks",
       .handler = FloorEvent(
           tasks, is_assigned,
           [&tasks](const Actor& actor, TaskId id, JsonReader& body) -> Result<service::TaskEvent> {
             service::TaskCompletion c;
             c.completion_time = ReadInstant(body, "completion_time", JsonReader::kOptional);
             c.produced_quantity = body.Optional<std::int64_t>("produced_quantity");
             c.scrap_quantity = body.Optional<std::int64_t>("scrap_quantity");
             c.quality_notes = body.Optional<std::string>("quality_notes");
             body.RejectUnknownFields();
             if (auto ok = body.Finish(); !ok) return Fail(ok.error());
             return tasks.CompleteTask(actor, id, c);
           })});

  router.Add({.method = "PATCH",
              .path = "/api/v1/tasks/{id}/fail",
              .permission = permission::kTasksExecute,
              .summary = "Mark a task in progress as FAILED, with the reason",
              .tag = "Tasks",
              .handler = FloorEvent(tasks, is_assigned,
                                    [&tasks](const Actor& actor, TaskId id,
                                             JsonReader& body) -> Result<service::TaskEvent> {
                                      auto reason = body.Required<std::string>("reason");
                                      body.RejectUnknownFields();
                                      if (auto ok = body.Finish(); !ok) return Fail(ok.error());
                                      return tasks.FailTask(actor, id, *reason);
                                    })});
}

}  // namespace takt::api
