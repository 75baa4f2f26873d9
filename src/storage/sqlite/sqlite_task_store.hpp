// SqliteTaskStore: the SQLite adapter of TaskStore (see storage/task_store.hpp for the contract).
// Loads run four queries (tasks, modes, operator needs, links) for any number of tasks; Insert
// answers from what it wrote (no re-read; one skill-code query when the task needs operators).
// Stateless: every call works on the connection of the Transaction it is handed. Thread-safe.
#pragma once

#include <string>

#include "storage/task_store.hpp"

namespace takt::storage::sqlite {

class Connection;

class SqliteTaskStore final : public TaskStore {
 public:
  Result<Task> Insert(Transaction& tx, const Task& task) override;
  Result<Task> Get(Transaction& tx, TaskId id) override;
  Result<std::vector<Task>> ListByJob(Transaction& tx, JobId job_id) override;
  Result<std::map<JobId, std::vector<Task>>> ListByJobs(Transaction& tx,
                                                        const std::vector<JobId>& ids) override;
  Result<Task> Update(Transaction& tx, const Task& task, std::int64_t expected_version) override;
  Result<void> Delete(Transaction& tx, TaskId id, std::int64_t expected_version) override;
  Result<KnownResources> FindResources(Transaction& tx, const ResourceRefs& refs) override;

 private:
  // Tasks matching `where` (a fixed SQL condition on alias t with one parameter `bound`).
  static Result<std::vector<Task>> Load(Connection& db, const std::string& where,
                                        const std::string& bound);
  // Writes the modes, operator needs and links of an inserted task; resolves each link's
  // predecessor id and sequence in `task` (kInvalidArgument when it names no task of the job).
  static Result<void> WriteModesAndLinks(Connection& db, Task& task);
  // Sets every operator requirement's skill_code from its skill_id (one query).
  static Result<void> FillSkillCodes(Connection& db, Task& task);
};

}  // namespace takt::storage::sqlite
