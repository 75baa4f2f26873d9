// Job: a customer order for a quantity of one part, made of tasks (operations). This header holds
// the value type, its enums (which travel as upper-case strings in JSON) and the derived facts a
// planner reads (progress, overdue). It is pure data with no I/O; copies are independent, and a
// Job is safe to share between threads as long as nobody mutates it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/instant.hpp"
#include "core/strong_id.hpp"

namespace takt {

struct JobTag;
using JobId = StrongId<JobTag>;

enum class JobPriority { kLow, kNormal, kHigh, kUrgent };

enum class JobStatus {
  kPlanned,
  kApproved,
  kReleased,
  kInProgress,
  kOnHold,
  kCompleted,
  kCancelled,
};

// "LOW", "NORMAL", ... and back; parsing is case-sensitive (enum values are upper-case in JSON).
const char* JobPriorityName(JobPriority priority);
std::optional<JobPriority> ParseJobPriority(std::string_view text);
// Default objective weights: LOW 1, NORMAL 2, HIGH 4, URGENT 8.
int JobPriorityWeight(JobPriority priority);

const char* JobStatusName(JobStatus status);
std::optional<JobStatus> ParseJobStatus(std::string_view text);
// COMPLETED and CANCELLED accept no further transition.
bool IsTerminal(JobStatus status);

struct Job {
  JobId id;
  std::string job_number;  // unique, [A-Z0-9_-]{3,50}, stored upper-case
  std::string customer_name;
  std::string part_number;
  std::int64_t quantity = 1;
  JobPriority priority = JobPriority::kNormal;
  std::optional<Instant> release_date;  // earliest start
  Instant due_date{};
  JobStatus status = JobStatus::kPlanned;
  // The state a job was in when it was put ON_HOLD; resume returns there. Set only while ON_HOLD.
  std::optional<JobStatus> status_before_hold;
  std::string notes;
  std::vector<std::string> compliance_requirements;  // tags such as "ISO_13485"
  std::int64_t version = 1;
  std::string created_by;
  Instant created_at{};
  Instant updated_at{};

  // Derived from the job's tasks by the store (see JobProgress); kept here so a listed job carries
  // its figures without a second query per job.
  double progress_percent = 0.0;
  std::optional<Instant> planned_start;
  std::optional<Instant> planned_end;
  std::optional<Instant> actual_start;
  std::optional<Instant> actual_end;

  // A job is overdue when it is not finished (COMPLETED/CANCELLED) and its due date has passed.
  bool IsOverdue(Instant now) const;
};

// Upper-cases ASCII letters; job numbers are stored and compared in this form.
std::string NormalizeJobNumber(std::string_view job_number);

}  // namespace takt
