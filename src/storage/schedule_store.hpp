// ScheduleStore: the storage port for schedules (with their assignments), optimization runs and
// the idempotency keys of schedule creation and optimization. Every call takes the caller's
// Transaction (see transaction.hpp). Loading a schedule with its assignments costs two queries
// however many assignments it has; a list never loads assignments (it reports their count).
//
// Optimistic locking as in job_store.hpp: Update takes the version the caller read; a moved row is
// kConflict with detail {"current_version", "<n>"}; a missing id is kNotFound.
//
// Thread-safety: stateless apart from the Transaction; one instance serves all threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/schedule.hpp"
#include "core/schedule_run.hpp"
#include "storage/transaction.hpp"

namespace takt::storage {

struct ScheduleFilter {
  std::vector<ScheduleStatus> statuses;  // any of these; empty means all
  int limit = 50;
  std::int64_t offset = 0;
};

struct SchedulePage {
  std::vector<Schedule> items;  // without assignments
  std::int64_t total = 0;
};

// What an Idempotency-Key of a schedule request created first.
struct ScheduleIdempotency {
  std::string fingerprint;
  ScheduleId schedule_id;
  OptimizationRunId run_id;
};

class ScheduleStore {
 public:
  virtual ~ScheduleStore() = default;

  // Inserts the schedule and its assignments (id, version 1, timestamps assigned); returns it.
  virtual Result<Schedule> Insert(Transaction& tx, const Schedule& schedule) = 0;

  // The schedule with its assignments (ordered by task id), or kNotFound.
  virtual Result<Schedule> Get(Transaction& tx, ScheduleId id) = 0;

  // The schedule without its assignments (assignment_count says how many), or kNotFound.
  virtual Result<Schedule> GetHeader(Transaction& tx, ScheduleId id) = 0;

  // Newest first (by id), without assignments.
  virtual Result<SchedulePage> List(Transaction& tx, const ScheduleFilter& filter) = 0;

  // Writes the header fields; with `replace_assignments` also replaces every assignment.
  virtual Result<Schedule> Update(Transaction& tx, const Schedule& schedule,
                                  std::int64_t expected_version, bool replace_assignments) = 0;

  // The ids of schedules whose assignments place `task` and whose status is one of `statuses`.
  virtual Result<std::vector<ScheduleId>> FindPlacing(
      Transaction& tx, TaskId task, const std::vector<ScheduleStatus>& statuses) = 0;

  virtual Result<OptimizationRun> InsertRun(Transaction& tx, const OptimizationRun& run) = 0;
  virtual Result<OptimizationRun> GetRun(Transaction& tx, OptimizationRunId id) = 0;
  // Overwrites every mutable field of the run.
  virtual Result<void> UpdateRun(Transaction& tx, const OptimizationRun& run) = 0;
  // Runs left QUEUED or RUNNING (by a process that stopped), to be marked FAILED at start-up.
  virtual Result<std::vector<OptimizationRun>> UnfinishedRuns(Transaction& tx) = 0;

  virtual Result<std::optional<ScheduleIdempotency>> FindIdempotencyKey(Transaction& tx,
                                                                        const std::string& key) = 0;
  virtual Result<void> RememberIdempotencyKey(Transaction& tx, const std::string& key,
                                              const ScheduleIdempotency& entry) = 0;
};

}  // namespace takt::storage
