// JobStore: the storage port for jobs, their status history and the idempotency keys of job
// creation. Every call takes the caller's Transaction (see transaction.hpp): a use case composes
// several calls and its audit entries into one unit of work. Reads work in any transaction, writes
// need a write transaction.
//
// Derived figures (progress %, actual start/end) are computed by the store from the job's tasks in
// the same query that loads the job, and the planned start/end from the plan the shop works to
// (the ACTIVE schedule placing the job's tasks, else the newest PUBLISHED one) in one more query,
// so a page of jobs costs a fixed number of queries, never one per job.
// Optimistic locking: Update and Delete take the version the caller read; when the row has moved on
// they fail with kConflict and detail {"current_version", "<n>"}. A duplicate job_number is
// kConflict with a FieldError on "job_number". Deleting a job deletes its tasks (ON DELETE
// CASCADE).
//
// Thread-safety: implementations are stateless apart from the Transaction they are handed; one
// instance serves all threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/job.hpp"
#include "core/job_state_machine.hpp"
#include "storage/transaction.hpp"

namespace takt::storage {

enum class JobSortKey { kDueDate, kPriority, kCreatedAt, kJobNumber, kCustomerName, kStatus };

struct JobSort {
  JobSortKey key = JobSortKey::kDueDate;
  bool descending = false;
};

struct JobFilter {
  std::vector<JobStatus> statuses;  // any of these; empty means all
  std::vector<JobPriority> priorities;
  std::optional<std::string> customer;  // customer_name equals, case-insensitive
  std::optional<Instant> due_before;    // due_date < this
  std::optional<bool> overdue;          // relative to `now`
  Instant now{};
  std::optional<std::string> q;  // substring of job_number, customer, part number or notes
  JobSort sort;
  int limit = 50;
  std::int64_t offset = 0;
};

struct JobPage {
  std::vector<Job> items;
  std::int64_t total = 0;  // rows matching the filter, ignoring limit/offset
};

class JobStore {
 public:
  virtual ~JobStore() = default;

  // Inserts `job` (its id, version and timestamps are assigned here) and returns it as stored.
  virtual Result<Job> Insert(Transaction& tx, const Job& job) = 0;

  // The job, or kNotFound.
  virtual Result<Job> Get(Transaction& tx, JobId id) = 0;

  // The id of the job with this (upper-case) number, if any.
  virtual Result<std::optional<JobId>> FindByNumber(Transaction& tx,
                                                    const std::string& job_number) = 0;

  // Writes every mutable field of `job` when the stored version is `expected_version`; returns the
  // job as stored (version incremented, updated_at set).
  virtual Result<Job> Update(Transaction& tx, const Job& job, std::int64_t expected_version) = 0;

  // Deletes the job and, by cascade, its tasks, links and history.
  virtual Result<void> Delete(Transaction& tx, JobId id, std::int64_t expected_version) = 0;

  virtual Result<JobPage> List(Transaction& tx, const JobFilter& filter) = 0;

  // Status history (who, when, why), oldest first.
  virtual Result<void> AppendStatusChange(Transaction& tx, JobId id,
                                          const StatusChange& change) = 0;
  virtual Result<std::vector<StatusChange>> StatusHistory(Transaction& tx, JobId id) = 0;

  // Idempotency of POST /jobs: the job first created under `key` together with the fingerprint of
  // that request; Remember stores the pair in the creating transaction.
  struct IdempotentCreation {
    JobId job_id;
    std::string fingerprint;
  };
  virtual Result<std::optional<IdempotentCreation>> FindIdempotencyKey(Transaction& tx,
                                                                       const std::string& key) = 0;
  virtual Result<void> RememberIdempotencyKey(Transaction& tx, const std::string& key,
                                              const std::string& fingerprint, JobId job_id) = 0;
};

}  // namespace takt::storage
