// Validation of jobs and their tasks: every rule of domain.md "Jobs and tasks" that can be checked
// without the database. Each function returns every defect at once as FieldErrors whose `field` is
// the JSON path a client sent ("job_number", "tasks[1].sequence", "tasks[0].modes[0].operators[0]
// .min_level"), so a client fixes all of them in one round; an empty list means valid. Checks that
// need stored data (unique job number, referenced machines and skills exist) live in the service.
// Stateless free functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/job.hpp"
#include "core/task.hpp"

namespace takt {

// Job fields: job_number (after upper-casing) matches [A-Z0-9_-]{3,50}; customer_name and
// part_number are non-empty (<= 200 characters); quantity >= 1; due_date after release_date;
// compliance tags match [A-Z0-9_]{2,40}; notes <= 4000 characters.
std::vector<FieldError> ValidateJob(const Job& job);

// One task on its own: sequence > 0; name non-empty; durations non-negative; at least one mode,
// each naming exactly one machine or work center; operator needs with min_level 1..5, count >= 1
// and a skill; links naming a positive predecessor sequence other than the task's own, with
// non-negative min_lag and max_lag >= min_lag. `prefix` is prepended to every field ("tasks[2]").
std::vector<FieldError> ValidateTask(const Task& task, std::string_view prefix);

// A job's full task list (`prefix` such as "tasks"): each task, plus sequences unique within the
// job, links naming tasks of the same job, and no precedence cycle.
std::vector<FieldError> ValidateTaskList(const std::vector<Task>& tasks, std::string_view prefix);

// True when `job_number` (already upper-cased) matches [A-Z0-9_-]{3,50}.
bool IsValidJobNumber(std::string_view job_number);

}  // namespace takt
