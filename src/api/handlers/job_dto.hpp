// JSON shapes of jobs and tasks (api.md "Jobs", "Tasks") and the request parts the job and task
// routes share: DTO rendering, strict body parsing into domain values (every bad field reported at
// once through JsonReader, unknown fields rejected), the expected version from If-Match or the
// body, and the actor of a request. Timestamps are RFC 3339 UTC; ids are strings; enum values are
// upper-case strings. Pure functions; thread-safe.
//
// Task body (POST /jobs/{id}/tasks, and each element of POST /jobs `tasks`):
//   {sequence, name, operation_code?, setup_minutes?, run_minutes_per_unit?,
//    fixed_duration_minutes?, setup_family?, interruptible?, pinned?,
//    modes?: [{machine_id | work_center_id, setup_minutes?, run_minutes?,
//              operators?: [{skill | skill_id, min_level?, count?, attendance?}]}],
//    machine_id? | work_center_id?   (shorthand for one mode using the task's own times),
//    predecessors?: [{sequence | task_id, type? FS|SS|FF|SF, min_lag?, max_lag?}]}
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>

#include "api/http/request.hpp"
#include "api/json_reader.hpp"
#include "core/actor.hpp"
#include "service/jobs/job_service.hpp"
#include "service/jobs/task_service.hpp"

namespace takt::api {

// The DTO builders allocate the whole tree from `sp` (the default heap when empty); a request
// that serialises the answer at once can pass a boost::json::monotonic_resource that outlives it.
boost::json::value JobDto(const Job& job, Instant now, const boost::json::storage_ptr& sp = {});
// The job with its tasks and status history.
boost::json::value JobDetailDto(const service::JobDetail& detail, Instant now,
                                const boost::json::storage_ptr& sp = {});
// `quantity` is the job's, for the planned duration; 0 leaves planned_minutes out.
boost::json::value TaskDto(const Task& task, std::int64_t quantity = 0,
                           const boost::json::storage_ptr& sp = {});

// Reads a task object (see the header comment); errors are recorded on `reader`.
Task ReadTask(JsonReader& reader);
// Reads one element of `modes` / of `predecessors`.
TaskMode ReadTaskMode(JsonReader& reader);
PrecedenceLink ReadPrecedenceLink(JsonReader& reader);
// Reads an RFC 3339 member; an unparsable value is an error on the field.
std::optional<Instant> ReadInstant(JsonReader& reader, std::string_view key,
                                   JsonReader::Presence presence);

// The version a client expects: If-Match ("\"3\"", W/"3" or 3; "*" means any) or the body's
// `version`; kInvalidArgument when malformed or when both are given and differ.
Result<std::optional<std::int64_t>> ExpectedVersion(const Request& request,
                                                    std::optional<std::int64_t> body_version);

// Parses the {id} path parameter.
Result<std::int64_t> PathId(const Request& request, const char* what);

Actor ActorOf(const Request& request);

// `"<version>"` for the ETag header.
std::string ETagOf(std::int64_t version);

// JSON Schemas for the OpenAPI document.
boost::json::value JobSchema();
boost::json::value TaskSchema();
boost::json::value TaskBodySchema();
boost::json::value ListOf(boost::json::value item);

}  // namespace takt::api
