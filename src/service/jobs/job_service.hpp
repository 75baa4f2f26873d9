// JobService: the use cases of customer jobs: create (with inline tasks, all or nothing, optionally
// idempotent), read, list, edit, delete, and status changes along the job state machine. Every
// mutation is one Database::Write transaction that also appends its audit entries (and, for a
// create or status change, the workflow notifications when JobStorage has a notification store),
// so a failure at any step leaves nothing behind; an idempotent replay notifies nobody again.
// Validation reports every bad field at once (kInvalidArgument with FieldErrors such as
// "tasks[1].sequence"); a duplicate job number, a stale version or an illegal transition is
// kConflict carrying the facts a client needs ("current_version", "current_status", "allowed").
//
// Thread-safety: safe to call from any thread (state lives in the database; writes are serialised
// by the Database).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "service/jobs/job_lifecycle.hpp"
#include "storage/database.hpp"

namespace takt::service {

// A job with its tasks and status history, as GET /jobs/{id} shows it.
struct JobDetail {
  Job job;
  std::vector<Task> tasks;
  std::vector<StatusChange> history;
};

struct NewJob {
  Job job;                  // id, status, version and timestamps are ignored
  std::vector<Task> tasks;  // inline tasks; job_id is ignored
};

// Idempotency-Key of a create: the key and a fingerprint of the request body. A retry with the same
// key and fingerprint returns the first result; the same key with another body is kConflict.
struct IdempotencyKey {
  std::string key;
  std::string fingerprint;
};

struct CreatedJob {
  JobDetail detail;
  bool replayed = false;  // true when an earlier request with the same key created it
};

// PATCH /jobs/{id}: absent members stay as they are.
struct JobPatch {
  std::optional<std::string> job_number;
  std::optional<std::string> customer_name;
  std::optional<std::string> part_number;
  std::optional<std::int64_t> quantity;
  std::optional<JobPriority> priority;
  std::optional<std::optional<Instant>> release_date;  // inner nullopt clears it
  std::optional<Instant> due_date;
  std::optional<std::string> notes;
  std::optional<std::vector<std::string>> compliance_requirements;
};

struct JobList {
  std::vector<Job> items;
  std::int64_t total = 0;
};

class JobService {
 public:
  JobService(storage::Database& database, const JobStorage& storage)
      : database_(database), storage_(storage), lifecycle_(storage) {}

  Result<CreatedJob> CreateJob(const Actor& actor, NewJob request,
                               const std::optional<IdempotencyKey>& idempotency);

  Result<JobDetail> GetJob(JobId id);

  Result<JobList> ListJobs(const storage::JobFilter& filter);

  // `expected_version` from If-Match or the body; nullopt skips the check (last writer wins is
  // then the client's choice).
  Result<Job> UpdateJob(const Actor& actor, JobId id, const JobPatch& patch,
                        std::optional<std::int64_t> expected_version);

  // Deletes the job with its tasks; kConflict once work on it has started.
  Result<void> DeleteJob(const Actor& actor, JobId id,
                         std::optional<std::int64_t> expected_version);

  // PATCH /jobs/{id}/status. A reason is required to hold or cancel. Releasing makes tasks READY;
  // cancelling cancels the unfinished tasks.
  Result<JobDetail> ChangeStatus(const Actor& actor, JobId id, JobStatus target,
                                 const std::string& reason,
                                 std::optional<std::int64_t> expected_version);

 private:
  Result<JobDetail> Load(storage::Transaction& tx, JobId id);
  // Tells the roles that act next that `job` entered its status (when a notification store is
  // configured), inside `tx`.
  Result<void> NotifyNextActors(storage::Transaction& tx, const Job& job);

  storage::Database& database_;
  JobStorage storage_;
  JobLifecycle lifecycle_;
};

// kConflict "... version N is stale; current version is M" when `expected` is given and differs.
Result<void> CheckVersion(const char* entity, std::int64_t id, std::int64_t current,
                          std::optional<std::int64_t> expected);

}  // namespace takt::service
