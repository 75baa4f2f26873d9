// The JSON text of a job, a task and a job with its tasks and status history, written straight
// into a string. Each function appends EXACTLY the bytes JsonText gives for the matching DTO of
// job_dto.hpp (AppendJobJson = JobDto, AppendTaskJson = TaskDto, AppendJobDetailJson =
// JobDetailDto): the same members in the same order, the same nulls, the same number text
// (integers plain, doubles shortest round-trip with NaN and infinities as null) and the same string
// escaping, because strings and numbers go through JsonText's own primitives (json_text.hpp).
// They exist because building the Boost.JSON tree of a job (hashing every key, a heap string per
// timestamp and id, one allocation per node) and then serialising it cost 6-10 % of the server's
// CPU on POST /api/v1/jobs and GET /api/v1/jobs/{id}; the DTOs stay the reference shape (the tests
// compare the two byte for byte) and serve the routes that are not hot.
// Pure functions (they only append to `out`); thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "core/instant.hpp"
#include "core/job.hpp"
#include "core/task.hpp"
#include "service/jobs/job_service.hpp"

namespace takt::api {

// JsonText(JobDto(job, now)).
void AppendJobJson(std::string& out, const Job& job, Instant now);
// JsonText(TaskDto(task, quantity)): `quantity` is the job's, for planned_minutes, which is left
// out when quantity <= 0.
void AppendTaskJson(std::string& out, const Task& task, std::int64_t quantity = 0);
// JsonText(JobDetailDto(detail, now)): the job's members, then `tasks` and `status_history`.
void AppendJobDetailJson(std::string& out, const service::JobDetail& detail, Instant now);

}  // namespace takt::api
