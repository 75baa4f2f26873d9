// The JSON text of a job, a task and a job with its tasks and status history, written straight
// into a string. Each function appends EXACTLY the bytes JsonText gives for the matching DTO of
// job_dto.hpp (AppendJobJson = JobDto, AppendTaskJson = TaskDto, AppendJobDetailJson =
// JobDetailDto): the same members in the same order, the same nulls, the same number text
// (integers plain, doubles shortest round-trip with NaN and infinities as null) and the same string
// escaping, because strings and numbers go through JsonText's own primitives (json_text.hpp).
// The list and event bodies around them (GET /api/v1/jobs, GET /api/v1/jobs/{id}/tasks, the task
// floor events) are written the same way, with their envelope members in the order the handlers
// wrote them as Boost.JSON objects.
// They exist because building the Boost.JSON tree of a job (hashing every key, a heap string per
// timestamp and id, one allocation per node) and then serialising it cost 6-10 % of the server's
// CPU on POST /api/v1/jobs and GET /api/v1/jobs/{id}, and about four times the direct text's time;
// the DTOs stay the reference shape (the tests compare the two byte for byte) and serve the
// OpenAPI schemas.
// Pure functions (they only append to `out`); thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/instant.hpp"
#include "core/job.hpp"
#include "core/task.hpp"
#include "service/jobs/job_service.hpp"
#include "service/jobs/task_service.hpp"

namespace takt::api {

// JsonText(JobDto(job, now)).
void AppendJobJson(std::string& out, const Job& job, Instant now);
// JsonText(TaskDto(task, quantity)): `quantity` is the job's, for planned_minutes, which is left
// out when quantity <= 0.
void AppendTaskJson(std::string& out, const Task& task, std::int64_t quantity = 0);
// JsonText(JobDetailDto(detail, now)): the job's members, then `tasks` and `status_history`.
void AppendJobDetailJson(std::string& out, const service::JobDetail& detail, Instant now);

// One page of GET /api/v1/jobs: the jobs on it and where it sits in the whole filtered list.
struct JobListBody {
  std::span<const Job> jobs{};
  // With include=tasks, each job's tasks by sequence (a job missing from the map has none); null
  // leaves `tasks` out of the items. Not owned.
  const std::map<JobId, std::vector<Task>>* tasks_of_jobs = nullptr;
  std::int64_t total = 0;                    // jobs matching the filter, ignoring paging
  std::optional<std::string> next_cursor{};  // null on the last page
  std::int64_t limit = 0;
  std::int64_t offset = 0;
};

// {"items":[...],"total":..,"next_cursor":..,"limit":..,"offset":..}, each item
// JsonText(JobDto(job, now)), and, when tasks_of_jobs is set, with "tasks" as its last member:
// [JsonText(TaskDto(task, job.quantity)), ...].
void AppendJobListJson(std::string& out, const JobListBody& list, Instant now);
// {"items":[JsonText(TaskDto(task, quantity)), ...],"total":<count>,"next_cursor":null}: all the
// tasks of one job (GET /api/v1/jobs/{id}/tasks).
void AppendTaskListJson(std::string& out, std::span<const Task> tasks, std::int64_t quantity);
// {"task":JsonText(TaskDto(event.task, event.job.quantity)),"job":JsonText(JobDto(event.job,
// now))}: the answer to a task's start, completion or failure.
void AppendTaskEventJson(std::string& out, const service::TaskEvent& event, Instant now);

}  // namespace takt::api
