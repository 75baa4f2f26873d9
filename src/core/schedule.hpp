// Schedule: one version of a production plan (domain.md "Schedules"): which RELEASED/IN_PROGRESS
// jobs it covers, the planning horizon, the objective it was optimized for, its life-cycle status
// and, per task, where and when it runs (an Assignment: mode, machine, operators, setup start,
// start, end, pinned). KPIs summarise the plan; `violations` are the findings of its last
// validation. A published or active schedule is never edited in place: rescheduling creates a new
// revision (`revision` + 1, `parent_id` naming the one it replaces) and the old one stays readable.
//
// `version` is the optimistic-lock counter of the stored row (If-Match); `revision` counts plan
// versions of one lineage. Pure data with no I/O; safe to share read-only between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/instant.hpp"
#include "core/job.hpp"
#include "core/machine.hpp"
#include "core/shop_operator.hpp"
#include "core/strong_id.hpp"
#include "core/task.hpp"

namespace takt {

struct ScheduleTag;
using ScheduleId = StrongId<ScheduleTag>;
struct OptimizationRunTag;
using OptimizationRunId = StrongId<OptimizationRunTag>;

// DRAFT -> PUBLISHED -> ACTIVE -> COMPLETED; any non-terminal -> CANCELLED; a published or active
// schedule replaced by a newer revision becomes SUPERSEDED (terminal, still readable).
enum class ScheduleStatus { kDraft, kPublished, kActive, kCompleted, kCancelled, kSuperseded };

const char* ScheduleStatusName(ScheduleStatus status);  // "DRAFT", ...
std::optional<ScheduleStatus> ParseScheduleStatus(std::string_view text);
bool IsTerminal(ScheduleStatus status);

struct ScheduleAssignment {
  TaskId task_id;
  JobId job_id;
  int mode_index = 0;  // position in the task's modes
  MachineId machine_id;
  std::vector<OperatorId> operator_ids;
  Instant setup_start{};
  Instant start{};  // run start (after setup)
  Instant end{};
  std::int64_t setup_minutes = 0;  // working minutes of setup including changeover
  bool pinned = false;             // fixed by a person (manual move or lock)
  bool operator==(const ScheduleAssignment&) const = default;
};

// Figures of a whole plan, in minutes unless named otherwise.
struct ScheduleKpis {
  std::int64_t makespan_minutes = 0;  // horizon start to the last end
  std::int64_t total_tardiness_minutes = 0;
  std::int64_t max_tardiness_minutes = 0;
  int late_jobs = 0;
  std::int64_t total_setup_minutes = 0;
  double weighted_tardiness = 0.0;  // priority-weighted minutes late
  bool operator==(const ScheduleKpis&) const = default;
};

// A broken rule found by validation, in planner words.
struct ScheduleViolation {
  std::string rule;  // e.g. "machine_overlap", "calendar", "precedence"
  std::string message;
  bool hard = true;
  bool operator==(const ScheduleViolation&) const = default;
};

struct Schedule {
  ScheduleId id;
  std::string name;
  Instant horizon_start{};
  std::optional<Instant> horizon_end;
  std::vector<JobId> job_ids;
  std::string objective = "balanced";  // a strategy name or an objective spec (see service)
  ScheduleStatus status = ScheduleStatus::kDraft;
  std::int64_t revision = 1;
  ScheduleId parent_id;   // the revision this one replaces; 0 for the first
  bool fallback = false;  // the assignments are the constructive fallback, not a search result
  ScheduleKpis kpis;
  std::vector<ScheduleViolation> violations;
  OptimizationRunId last_run_id;
  std::string created_by;
  std::int64_t version = 1;
  Instant created_at{};
  Instant updated_at{};
  std::vector<ScheduleAssignment> assignments;  // by task id
  std::int64_t assignment_count = 0;            // filled by lists that do not load assignments

  // The assignment of `task`, or nullptr.
  const ScheduleAssignment* AssignmentOf(TaskId task) const;
  // Whether any violation is hard (publishing is then blocked).
  bool HasHardViolation() const;
};

}  // namespace takt
