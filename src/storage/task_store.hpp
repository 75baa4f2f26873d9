// TaskStore: the storage port for tasks with their modes, operator requirements and precedence
// links. Every call takes the caller's Transaction (see transaction.hpp). A task is always loaded
// whole; loading a job's tasks, or the tasks of a page of jobs, costs a fixed number of queries
// (tasks, modes, operator needs, links) however many tasks there are, never one per task.
//
// Precedence links are stored by predecessor id; Insert resolves a link given by sequence against
// the tasks of the same job already stored (insert predecessors first), and a link naming no task
// of that job is kInvalidArgument on "predecessors[i].sequence". Optimistic locking as in
// job_store.hpp (kConflict with "current_version"). A duplicate sequence within a job is kConflict
// naming "sequence". Deleting a task removes the links that point at it.
//
// Thread-safety: stateless apart from the Transaction; one instance serves all threads.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/task.hpp"
#include "storage/transaction.hpp"

namespace takt::storage {

// Master data a task names, for checking that it exists (see TaskStore::FindResources).
struct ResourceRefs {
  std::set<MachineId> machines;
  std::set<WorkCenterId> work_centers;
  std::set<SkillId> skill_ids;
  std::set<std::string> skill_codes;
  std::set<OperatorId> operators;
};

// What of a ResourceRefs exists: the ids found, and every skill found by id or code with both keys.
struct KnownResources {
  std::set<MachineId> machines;
  std::map<MachineId, WorkCenterId> machine_work_center;  // for machines in a work center
  std::set<WorkCenterId> work_centers;
  std::set<OperatorId> operators;
  std::map<SkillId, std::string> skill_code_by_id;
  std::map<std::string, SkillId> skill_id_by_code;
};

class TaskStore {
 public:
  virtual ~TaskStore() = default;

  // Inserts `task` for task.job_id (id, version and timestamps assigned) and returns it as stored.
  virtual Result<Task> Insert(Transaction& tx, const Task& task) = 0;

  // The task, or kNotFound.
  virtual Result<Task> Get(Transaction& tx, TaskId id) = 0;

  // The tasks of one job, by ascending sequence.
  virtual Result<std::vector<Task>> ListByJob(Transaction& tx, JobId job_id) = 0;

  // The tasks of several jobs in one go, each job's by ascending sequence.
  virtual Result<std::map<JobId, std::vector<Task>>> ListByJobs(Transaction& tx,
                                                                const std::vector<JobId>& ids) = 0;

  // Rewrites the task (fields, modes and links) when the stored version is `expected_version`.
  virtual Result<Task> Update(Transaction& tx, const Task& task, std::int64_t expected_version) = 0;

  virtual Result<void> Delete(Transaction& tx, TaskId id, std::int64_t expected_version) = 0;

  // Looks the named machines, work centers and skills up (a fixed number of queries).
  virtual Result<KnownResources> FindResources(Transaction& tx, const ResourceRefs& refs) = 0;
};

}  // namespace takt::storage
