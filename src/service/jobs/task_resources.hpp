// Checking and resolving the master data tasks name: every machine and work center of a mode must
// exist, and every operator need must name an existing skill, by id ("skill_id") or code ("skill").
// Resolution fills both the skill id and its code. Runs a fixed number of queries for any number of
// tasks. Stateless; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/task.hpp"
#include "storage/task_store.hpp"

namespace takt::service {

// `tasks[i]` reports its errors under `prefixes[i]` ("tasks[2]", or "" for a lone task). Returns
// every missing reference as a FieldError (empty when all exist), after filling skill ids/codes.
Result<std::vector<FieldError>> ResolveTaskResources(storage::TaskStore& store,
                                                     storage::Transaction& tx,
                                                     std::vector<Task*> tasks,
                                                     const std::vector<std::string>& prefixes);

}  // namespace takt::service
