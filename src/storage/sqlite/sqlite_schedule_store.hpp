// SqliteScheduleStore: the SQLite adapter of ScheduleStore (see storage/schedule_store.hpp for the
// contract). Stateless: every call works on the connection of the Transaction it is handed.
// Thread-safe.
#pragma once

#include "storage/schedule_store.hpp"

namespace takt::storage::sqlite {

class SqliteScheduleStore final : public ScheduleStore {
 public:
  Result<Schedule> Insert(Transaction& tx, const Schedule& schedule) override;
  Result<Schedule> Get(Transaction& tx, ScheduleId id) override;
  Result<Schedule> GetHeader(Transaction& tx, ScheduleId id) override;
  Result<SchedulePage> List(Transaction& tx, const ScheduleFilter& filter) override;
  Result<Schedule> Update(Transaction& tx, const Schedule& schedule, std::int64_t expected_version,
                          bool replace_assignments) override;
  Result<std::vector<ScheduleId>> FindPlacing(Transaction& tx, TaskId task,
                                              const std::vector<ScheduleStatus>& statuses) override;
  Result<OptimizationRun> InsertRun(Transaction& tx, const OptimizationRun& run) override;
  Result<OptimizationRun> GetRun(Transaction& tx, OptimizationRunId id) override;
  Result<void> UpdateRun(Transaction& tx, const OptimizationRun& run) override;
  Result<std::vector<OptimizationRun>> UnfinishedRuns(Transaction& tx) override;
  Result<std::optional<ScheduleIdempotency>> FindIdempotencyKey(Transaction& tx,
                                                                const std::string& key) override;
  Result<void> RememberIdempotencyKey(Transaction& tx, const std::string& key,
                                      const ScheduleIdempotency& entry) override;
};

}  // namespace takt::storage::sqlite
