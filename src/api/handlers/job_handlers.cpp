#include "api/handlers/job_handlers.hpp"

#include <boost/json.hpp>

#include "api/handlers/job_dto.hpp"
#include "api/handlers/job_json.hpp"
#include "api/handlers/job_list_query.hpp"
#include "api/json_reader.hpp"
#include "core/job_state_machine.hpp"
#include "core/permissions.hpp"
#include "storage/sha256.hpp"

namespace takt::api {

namespace json = boost::json;

namespace {

constexpr const char* kJobsPath = "/api/v1/jobs";

Response WithETag(Response response, std::int64_t version) {
  response.headers.Set("ETag", ETagOf(version));
  return response;
}

// What one job or one task takes as JSON text, rounded up (a plain job is about 500 bytes, a task
// with one mode about 700): reserving it per job and task makes a response body one allocation.
constexpr std::size_t kJobTextBytes = 1024;

// A job with its tasks as a response with its ETag. The body is written straight as text (the
// same bytes as JsonText(JobDetailDto(...))) rather than built as a Boost.JSON tree first: these
// are the hottest answers of the job routes.
Response JobDetailResponse(int status, const service::JobDetail& detail) {
  Response response;
  response.status = status;
  response.content_type = "application/json";
  response.body.reserve(kJobTextBytes * (detail.tasks.size() + 1));
  AppendJobDetailJson(response.body, detail, InstantNow());
  return WithETag(std::move(response), detail.job.version);
}

Response CreateJob(service::JobService& jobs, Request& request) {
  auto body = JsonReader::Parse(request.body);
  service::NewJob n;
  n.job.job_number = body.Required<std::string>("job_number").value_or("");
  n.job.customer_name = body.Required<std::string>("customer_name").value_or("");
  n.job.part_number = body.Required<std::string>("part_number").value_or("");
  n.job.quantity = body.Required<std::int64_t>("quantity").value_or(1);
  if (auto p = body.Optional<std::string>("priority")) {
    if (auto parsed = ParseJobPriority(*p)) {
      n.job.priority = *parsed;
    } else {
      body.AddError("priority", "must be LOW, NORMAL, HIGH or URGENT");
    }
  }
  n.job.release_date = ReadInstant(body, "release_date", JsonReader::kOptional);
  n.job.due_date = ReadInstant(body, "due_date", JsonReader::kRequired).value_or(Instant{});
  n.job.notes = body.Optional<std::string>("notes").value_or("");
  n.job.compliance_requirements = body.Optional<std::vector<std::string>>("compliance_requirements")
                                      .value_or(std::vector<std::string>{});
  body.ForEach("tasks", JsonReader::kOptional,
               [&](JsonReader& t, std::size_t) { n.tasks.push_back(ReadTask(t)); });
  body.RejectUnknownFields();
  if (auto ok = body.Finish(); !ok) return ErrorResponse(ok.error(), request.request_id);

  std::optional<service::IdempotencyKey> key;
  if (auto k = request.Header("Idempotency-Key")) {
    if (k->empty() || k->size() > 200) {
      return ErrorResponse(
          Error::InvalidArgument("Idempotency-Key must be 1 to 200 characters",
                                 {{"Idempotency-Key", "must be 1 to 200 characters"}}),
          request.request_id);
    }
    key = service::IdempotencyKey{std::string(*k), storage::Sha256Hex(request.body)};
  }
  auto created = jobs.CreateJob(ActorOf(request), std::move(n), key);
  if (!created) return ErrorResponse(created.error(), request.request_id);
  const Job& job = created->detail.job;
  Response response = JobDetailResponse(201, created->detail);
  response.headers.Set("Location", std::string(kJobsPath) + "/" + job.id.ToString());
  if (created->replayed) response.headers.Set("Idempotent-Replayed", "true");
  return response;
}

Response ListJobs(service::JobService& jobs, service::TaskService& tasks, Request& request) {
  auto query = ParseJobListQuery(request);
  if (!query) return ErrorResponse(query.error(), request.request_id);
  auto page = jobs.ListJobs(query->filter);
  if (!page) return ErrorResponse(page.error(), request.request_id);
  JobListBody list{.jobs = page->items,
                   .total = page->total,
                   .limit = query->filter.limit,
                   .offset = query->filter.offset};
  std::map<JobId, std::vector<Task>> tasks_of_jobs;
  std::size_t task_count = 0;
  if (query->include_tasks && !page->items.empty()) {
    std::vector<JobId> ids;
    ids.reserve(page->items.size());
    for (const Job& job : page->items) ids.push_back(job.id);
    auto by_job = tasks.ListTasksOfJobs(ids);
    if (!by_job) return ErrorResponse(by_job.error(), request.request_id);
    tasks_of_jobs = std::move(*by_job);
    for (const auto& [job_id, of_job] : tasks_of_jobs) task_count += of_job.size();
    list.tasks_of_jobs = &tasks_of_jobs;
  }
  const std::int64_t next = query->filter.offset + static_cast<std::int64_t>(page->items.size());
  if (next < page->total && !page->items.empty()) list.next_cursor = JobListCursor(next);
  std::string body;
  body.reserve(kJobTextBytes * (page->items.size() + task_count + 1));
  AppendJobListJson(body, list, InstantNow());
  return TextResponse(200, std::move(body), "application/json");
}

Response UpdateJob(service::JobService& jobs, Request& request) {
  auto id = PathId(request, "job");
  if (!id) return ErrorResponse(id.error(), request.request_id);
  auto body = JsonReader::Parse(request.body);
  service::JobPatch patch;
  patch.job_number = body.Optional<std::string>("job_number");
  patch.customer_name = body.Optional<std::string>("customer_name");
  patch.part_number = body.Optional<std::string>("part_number");
  patch.quantity = body.Optional<std::int64_t>("quantity");
  if (auto p = body.Optional<std::string>("priority")) {
    patch.priority = ParseJobPriority(*p);
    if (!patch.priority) body.AddError("priority", "must be LOW, NORMAL, HIGH or URGENT");
  }
  if (body.Has("release_date")) {
    if (body.IsNull("release_date")) {
      body.Nullable<std::string>("release_date");
      patch.release_date = std::optional<Instant>();
    } else if (auto at = ReadInstant(body, "release_date", JsonReader::kRequired)) {
      patch.release_date = std::optional<Instant>(*at);
    }
  }
  if (body.Has("due_date")) patch.due_date = ReadInstant(body, "due_date", JsonReader::kRequired);
  patch.notes = body.Optional<std::string>("notes");
  patch.compliance_requirements =
      body.Optional<std::vector<std::string>>("compliance_requirements");
  auto body_version = body.Optional<std::int64_t>("version");
  body.RejectUnknownFields();
  if (auto ok = body.Finish(); !ok) return ErrorResponse(ok.error(), request.request_id);

  const Principal& who = *request.principal;
  const bool priority_only = patch.priority && !patch.job_number && !patch.customer_name &&
                             !patch.part_number && !patch.quantity && !patch.release_date &&
                             !patch.due_date && !patch.notes && !patch.compliance_requirements;
  const bool allowed = who.HasPermission(permission::kJobsUpdate) ||
                       (priority_only && who.HasPermission(permission::kJobsPrioritize));
  if (!allowed) {
    return ErrorResponse(
        Error::Forbidden(std::string("editing a job needs the permission ") +
                         permission::kJobsUpdate + (priority_only ? " or jobs:prioritize" : "")),
        request.request_id);
  }
  auto expected = ExpectedVersion(request, body_version);
  if (!expected) return ErrorResponse(expected.error(), request.request_id);
  auto job = jobs.UpdateJob(ActorOf(request), JobId{*id}, patch, *expected);
  if (!job) return ErrorResponse(job.error(), request.request_id);
  std::string text;
  text.reserve(kJobTextBytes);
  AppendJobJson(text, *job, InstantNow());
  return WithETag(TextResponse(200, std::move(text), "application/json"), job->version);
}

// The permission a status change needs, from what the state machine says it means.
const char* PermissionFor(JobAction action) {
  switch (action) {
    case JobAction::kApprove: return permission::kJobsApprove;
    case JobAction::kRelease: return permission::kJobsRelease;
    case JobAction::kHold:
    case JobAction::kResume: return permission::kJobsHold;
    case JobAction::kCancel: return permission::kJobsCancel;
    default: return permission::kJobsUpdate;
  }
}

Response ChangeStatus(service::JobService& jobs, Request& request) {
  auto id = PathId(request, "job");
  if (!id) return ErrorResponse(id.error(), request.request_id);
  auto body = JsonReader::Parse(request.body);
  auto status_text = body.Required<std::string>("status");
  auto reason = body.Optional<std::string>("reason").value_or("");
  auto body_version = body.Optional<std::int64_t>("version");
  std::optional<JobStatus> target;
  if (status_text) {
    target = ParseJobStatus(*status_text);
    if (!target) {
      body.AddError("status",
                    "must be one of PLANNED, APPROVED, RELEASED, IN_PROGRESS, ON_HOLD, "
                    "COMPLETED, CANCELLED");
    }
  }
  body.RejectUnknownFields();
  if (auto ok = body.Finish(); !ok) return ErrorResponse(ok.error(), request.request_id);

  const Principal& who = *request.principal;
  const char* transition_permissions[] = {permission::kJobsApprove, permission::kJobsRelease,
                                          permission::kJobsHold, permission::kJobsCancel};
  bool any = false;
  for (const char* p : transition_permissions) any = any || who.HasPermission(p);
  if (!any) {
    return ErrorResponse(Error::Forbidden("changing a job's status needs jobs:approve, "
                                          "jobs:release, jobs:hold or jobs:cancel"),
                         request.request_id);
  }
  auto current = jobs.GetJob(JobId{*id});
  if (!current) return ErrorResponse(current.error(), request.request_id);
  auto plan = PlanJobTransition(current->job.status, current->job.status_before_hold, *target,
                                TransitionOrigin::kPerson);
  if (!plan) return ErrorResponse(plan.error(), request.request_id);
  const char* needed = PermissionFor(plan->action);
  if (!who.HasPermission(needed)) {
    return ErrorResponse(Error::Forbidden(std::string("to ") + JobActionName(plan->action) +
                                          " a job you need the permission " + needed),
                         request.request_id);
  }
  auto expected = ExpectedVersion(request, body_version);
  if (!expected) return ErrorResponse(expected.error(), request.request_id);
  auto detail = jobs.ChangeStatus(ActorOf(request), JobId{*id}, *target, reason, *expected);
  if (!detail) return ErrorResponse(detail.error(), request.request_id);
  return JobDetailResponse(200, *detail);
}

}  // namespace

void RegisterJobRoutes(Router& router, service::JobService& jobs, service::TaskService& tasks) {
  json::object job_body{
      {"type", "object"},
      {"properties",
       json::object{{"job_number", json::object{{"type", "string"}}},
                    {"customer_name", json::object{{"type", "string"}}},
                    {"part_number", json::object{{"type", "string"}}},
                    {"quantity", json::object{{"type", "integer"}, {"minimum", 1}}},
                    {"priority", json::object{{"type", "string"}}},
                    {"release_date", json::object{{"type", "string"}, {"format", "date-time"}}},
                    {"due_date", json::object{{"type", "string"}, {"format", "date-time"}}},
                    {"notes", json::object{{"type", "string"}}},
                    {"compliance_requirements",
                     json::object{{"type", "array"}, {"items", json::object{{"type", "string"}}}}},
                    {"tasks", json::object{{"type", "array"}, {"items", TaskBodySchema()}}}}},
      {"required",
       json::array{"job_number", "customer_name", "part_number", "quantity", "due_date"}},
      {"additionalProperties", false}};

  router.Add({.method = "POST",
              .path = kJobsPath,
              .permission = permission::kJobsCreate,
              .summary = "Create a job, optionally with its tasks (all or nothing)",
              .tag = "Jobs",
              .request_schema = job_body,
              .response_schema = JobSchema(),
              .success_status = 201,
              .handler = [&jobs](Request& request) { return CreateJob(jobs, request); }});

  router.Add(
      {.method = "GET",
       .path = kJobsPath,
       .permission = permission::kJobsRead,
       .summary = "List jobs with filters, sorting and paging",
       .tag = "Jobs",
       .response_schema = ListOf(JobSchema()),
       .handler = [&jobs, &tasks](Request& request) { return ListJobs(jobs, tasks, request); }});

  router.Add({.method = "GET",
              .path = "/api/v1/jobs/{id}",
              .permission = permission::kJobsRead,
              .summary = "A job with its tasks and status history",
              .tag = "Jobs",
              .response_schema = JobSchema(),
              .handler = [&jobs](Request& request) {
                auto id = PathId(request, "job");
                if (!id) return ErrorResponse(id.error(), request.request_id);
                auto detail = jobs.GetJob(JobId{*id});
                if (!detail) return ErrorResponse(detail.error(), request.request_id);
                return JobDetailResponse(200, *detail);
              }});

  router.Add({.method = "PATCH",
              .path = "/api/v1/jobs/{id}",
              .permission = std::string(kAnyUser),
              .summary = "Edit a job (If-Match or body version; needs jobs:update, or "
                         "jobs:prioritize for a priority-only change)",
              .tag = "Jobs",
              .response_schema = JobSchema(),
              .handler = [&jobs](Request& request) { return UpdateJob(jobs, request); }});

  router.Add({.method = "DELETE",
              .path = "/api/v1/jobs/{id}",
              .permission = permission::kJobsDelete,
              .summary = "Delete a job and its tasks (409 once work has started)",
              .tag = "Jobs",
              .success_status = 204,
              .handler = [&jobs](Request& request) {
                auto id = PathId(request, "job");
                if (!id) return ErrorResponse(id.error(), request.request_id);
                auto expected = ExpectedVersion(request, std::nullopt);
                if (!expected) return ErrorResponse(expected.error(), request.request_id);
                auto ok = jobs.DeleteJob(ActorOf(request), JobId{*id}, *expected);
                if (!ok) return ErrorResponse(ok.error(), request.request_id);
                return EmptyResponse(204);
              }});

  router.Add({.method = "PATCH",
              .path = "/api/v1/jobs/{id}/status",
              .permission = std::string(kAnyUser),
              .summary = "Move a job along its state machine (approve, release, hold, resume, "
                         "cancel); the permission follows the action",
              .tag = "Jobs",
              .response_schema = JobSchema(),
              .handler = [&jobs](Request& request) { return ChangeStatus(jobs, request); }});

  router.Add({.method = "POST",
              .path = "/api/v1/jobs/{id}/tasks",
              .permission = permission::kTasksCreate,
              .summary = "Add a task to a job",
              .tag = "Tasks",
              .request_schema = TaskBodySchema(),
              .response_schema = TaskSchema(),
              .success_status = 201,
              .handler = [&tasks](Request& request) {
                auto id = PathId(request, "job");
                if (!id) return ErrorResponse(id.error(), request.request_id);
                auto body = JsonReader::Parse(request.body);
                Task task = ReadTask(body);
                body.RejectUnknownFields();
                if (auto ok = body.Finish(); !ok) {
                  return ErrorResponse(ok.error(), request.request_id);
                }
                auto added = tasks.AddTask(ActorOf(request), JobId{*id}, std::move(task));
                if (!added) return ErrorResponse(added.error(), request.request_id);
                std::string text;
                text.reserve(kJobTextBytes);
                AppendTaskJson(text, added->task, added->job.quantity);
                Response response = WithETag(TextResponse(201, std::move(text), "application/json"),
                                             added->task.version);
                response.headers.Set("Location", "/api/v1/tasks/" + added->task.id.ToString());
                return response;
              }});

  router.Add({.method = "GET",
              .path = "/api/v1/jobs/{id}/tasks",
              .permission = permission::kTasksRead,
              .summary = "The tasks of a job, by sequence",
              .tag = "Tasks",
              .response_schema = ListOf(TaskSchema()),
              .handler = [&jobs](Request& request) {
                auto id = PathId(request, "job");
                if (!id) return ErrorResponse(id.error(), request.request_id);
                auto detail = jobs.GetJob(JobId{*id});
                if (!detail) return ErrorResponse(detail.error(), request.request_id);
                std::string text;
                text.reserve(kJobTextBytes * (detail->tasks.size() + 1));
                AppendTaskListJson(text, detail->tasks, detail->job.quantity);
                return TextResponse(200, std::move(text), "application/json");
              }});
}

}  // namespace takt::api
