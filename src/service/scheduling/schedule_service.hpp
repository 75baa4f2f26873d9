// ScheduleService: the planner's and supervisor's use cases on schedules (domain.md "Schedules",
// api.md "Schedules"): create a DRAFT from released jobs, read and list, validate against every
// hard constraint, publish (blocked by any hard violation), execute (ACTIVE: the plan's READY tasks
// become SCHEDULED; other active plans on the same machines are superseded), complete, cancel,
// report progress, move or lock one assignment by hand (checked by the independent schedule
// checker; 409 listing what breaks), and reschedule a published or active plan after a breakdown,
// a rush job or a priority change (a new revision that keeps finished, started and frozen work,
// minimises churn, and takes the old one's place; the old one stays readable as SUPERSEDED).
// Optimization itself is ScheduleOptimizer's; this service hands it the work and waits when asked.
//
// Every mutation is one short write transaction with its audit entries; validation and solving
// happen outside transactions. Thread-safety: safe to call from any thread.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/schedule.hpp"
#include "service/scheduling/schedule_optimizer.hpp"
#include "service/scheduling/shop_snapshot.hpp"

namespace takt::service {

struct NewSchedule {
  std::string name;
  std::vector<JobId> job_ids;  // empty: every RELEASED or IN_PROGRESS job
  Instant horizon_start{};
  std::optional<Instant> horizon_end;
  std::string objective = "balanced";  // strategy name or spec text (schedule_objective.hpp)
};

struct JobProgressLine {
  JobId job_id;
  std::string job_number;
  JobStatus status = JobStatus::kReleased;
  int total_tasks = 0;
  int completed_tasks = 0;
  double progress_percent = 0;
};

struct ScheduleProgress {
  ScheduleStatus status = ScheduleStatus::kDraft;
  int total_jobs = 0;
  int total_tasks = 0;
  int completed_tasks = 0;
  int in_progress_tasks = 0;
  double overall_progress = 0;  // percent
  std::vector<JobProgressLine> jobs;
};

// PATCH /schedules/{id}/assignments/{task_id}: absent members keep the current value.
struct AssignmentMove {
  std::optional<MachineId> machine_id;
  std::optional<Instant> start;  // new setup start
  std::optional<std::vector<OperatorId>> operator_ids;
  std::optional<bool> pinned;  // a move pins by default; {pinned: false} unlocks
};

struct MachineBreakdown {
  MachineId machine_id;
  std::optional<Instant> start;  // default: now
  std::optional<Instant> end;    // default: start + duration_minutes
  std::int64_t duration_minutes = 240;
};

struct RescheduleRequest {
  std::vector<JobId> new_jobs;
  std::map<JobId, JobPriority> priority_override;
  std::optional<MachineBreakdown> machine_down;
  std::map<TaskId, std::int64_t> delays;  // extra minutes reported from the floor, per task
  std::string reason;
  std::int64_t frozen_minutes = 60;
  std::optional<double> time_limit_s;
  std::uint64_t seed = 1;
};

struct RescheduleOutcome {
  Schedule schedule;
  OptimizationRun run;
  int conflicts_resolved = 0;  // hard violations the old plan has under the new facts
  int jobs_rescheduled = 0;    // jobs with at least one task moved
  std::int64_t churn_minutes = 0;
  int tasks_moved = 0;
};

class ScheduleService {
 public:
  ScheduleService(SchedulingStores stores, ScheduleOptimizer& optimizer)
      : stores_(stores), optimizer_(optimizer) {}

  Result<Schedule> Create(const Actor& actor, NewSchedule request,
                          const std::optional<IdempotentRequest>& idempotency);
  // The defects that make `request` impossible to plan as stated (unknown or unreleased jobs are
  // kInvalidArgument; an empty result means the engine may try). Changes nothing.
  Result<std::vector<ScheduleViolation>> CheckFeasibility(const NewSchedule& request);

  Result<Schedule> Get(ScheduleId id);
  // Without assignments (their count only): cheap for large plans.
  Result<Schedule> GetHeader(ScheduleId id);
  Result<storage::SchedulePage> List(const storage::ScheduleFilter& filter);

  // Every hard violation of the stored plan against the current shop (read only).
  Result<std::vector<ScheduleViolation>> Validate(ScheduleId id);

  Result<Schedule> Publish(const Actor& actor, ScheduleId id, std::optional<std::int64_t> version);
  Result<Schedule> Execute(const Actor& actor, ScheduleId id);
  Result<Schedule> Complete(const Actor& actor, ScheduleId id);
  Result<Schedule> Cancel(const Actor& actor, ScheduleId id, const std::string& reason);
  Result<ScheduleProgress> Status(ScheduleId id);

  Result<Schedule> MoveAssignment(const Actor& actor, ScheduleId id, TaskId task,
                                  const AssignmentMove& move);

  Result<RescheduleOutcome> Reschedule(const Actor& actor, ScheduleId id,
                                       const RescheduleRequest& request);

  // The schedule with the shop it was planned on, for analytics, explanations and drawings.
  struct PlannedShop {
    Schedule schedule;
    ShopSnapshot snapshot;
  };
  Result<PlannedShop> LoadPlannedShop(ScheduleId id);

 private:
  Result<std::vector<ScheduleViolation>> ValidatePlan(const Schedule& schedule,
                                                      const ShopSnapshot& snapshot) const;
  Result<Schedule> Transition(const Actor& actor, ScheduleId id, ScheduleStatus target,
                              const std::string& reason, std::optional<std::int64_t> version);
  // Records a breakdown window on the machine (its version moves; audit "machine.downtime.add").
  Result<void> AddBreakdown(const Actor& actor, MachineId machine, const Downtime& downtime);
  Result<std::vector<FieldError>> CheckJobs(storage::Transaction& tx, const std::vector<JobId>& ids,
                                            const std::string& field);

  SchedulingStores stores_;
  ScheduleOptimizer& optimizer_;
};

// The reasons of a list of violations as FieldErrors ("violations[i]" / rule: message), for 409s.
std::vector<FieldError> ViolationFields(const std::vector<ScheduleViolation>& violations);

}  // namespace takt::service
