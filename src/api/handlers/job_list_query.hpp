// GET /api/v1/jobs query parameters: status (repeatable or comma-separated), priority, customer,
// due_before, overdue, q, sort ("due_date", "-priority", ...), limit (1-1000), offset or cursor
// (the opaque next_cursor of the previous page), include=tasks. Unknown parameters are errors.
// Pure function; thread-safe.
#pragma once

#include "api/http/request.hpp"
#include "core/error.hpp"
#include "storage/job_store.hpp"

namespace takt::api {

struct JobListQuery {
  storage::JobFilter filter;
  bool include_tasks = false;
};

// Every bad parameter is reported at once (kInvalidArgument naming each).
Result<JobListQuery> ParseJobListQuery(const Request& request);

// The next_cursor for a page that ends at `next_offset` ("o<offset>").
std::string JobListCursor(std::int64_t next_offset);

}  // namespace takt::api
