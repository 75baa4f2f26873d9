// The JSON documents of jobs and tasks recorded as before/after images on audit entries (see
// storage/audit_log.hpp). Compact, stable member order, every field that a reviewer of a change
// needs (not the derived figures). Pure functions; thread-safe.
#pragma once

#include <string>

#include "core/job.hpp"
#include "core/task.hpp"

namespace takt::service {

std::string JobAuditJson(const Job& job);
std::string TaskAuditJson(const Task& task);

}  // namespace takt::service
