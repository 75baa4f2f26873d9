// SqliteJobStore: the SQLite adapter of JobStore (see storage/job_store.hpp for the contract).
// Insert answers from what it wrote, without reading the row back. Stateless: every call works on
// the connection of the Transaction it is handed. Thread-safe.
#pragma once

#include "storage/job_store.hpp"

namespace takt::storage::sqlite {

class SqliteJobStore final : public JobStore {
 public:
  Result<Job> Insert(Transaction& tx, const Job& job) override;
  Result<Job> Get(Transaction& tx, JobId id) override;
  Result<std::optional<JobId>> FindByNumber(Transaction& tx,
                                            const std::string& job_number) override;
  Result<Job> Update(Transaction& tx, const Job& job, std::int64_t expected_version) override;
  Result<void> Delete(Transaction& tx, JobId id, std::int64_t expected_version) override;
  Result<JobPage> List(Transaction& tx, const JobFilter& filter) override;
  Result<void> AppendStatusChange(Transaction& tx, JobId id, const StatusChange& change) override;
  Result<std::vector<StatusChange>> StatusHistory(Transaction& tx, JobId id) override;
  Result<std::optional<IdempotentCreation>> FindIdempotencyKey(Transaction& tx,
                                                               const std::string& key) override;
  Result<void> RememberIdempotencyKey(Transaction& tx, const std::string& key,
                                      const std::string& fingerprint, JobId job_id) override;
};

}  // namespace takt::storage::sqlite
