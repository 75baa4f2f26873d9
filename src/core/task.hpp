// Task: one operation of a job, run in one of several alternative modes (a machine or any machine
// of a work center, with its own setup and run times and operator needs), ordered against the
// job's other tasks by precedence links with lags. Pure data, no I/O; safe to share read-only.
//
// Ids of master data (machines, work centers, skills) are declared here by tag only, so this
// header does not depend on the master-data headers; the tags are the same ones they define.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/job.hpp"
#include "core/strong_id.hpp"

namespace takt {

struct TaskTag;
using TaskId = StrongId<TaskTag>;
struct MachineTag;
using MachineId = StrongId<MachineTag>;
struct WorkCenterTag;
using WorkCenterId = StrongId<WorkCenterTag>;
struct SkillTag;
using SkillId = StrongId<SkillTag>;
struct OperatorTag;
using OperatorId = StrongId<OperatorTag>;

enum class TaskStatus {
  kPending,
  kReady,
  kScheduled,
  kInProgress,
  kCompleted,
  kFailed,
  kCancelled
};

// FULL: the operator attends the whole run; SETUP_ONLY: only the setup.
enum class Attendance { kFull, kSetupOnly };

// Finish-to-start, start-to-start, finish-to-finish, start-to-finish.
enum class PrecedenceType { kFinishToStart, kStartToStart, kFinishToFinish, kStartToFinish };

const char* TaskStatusName(TaskStatus status);
std::optional<TaskStatus> ParseTaskStatus(std::string_view text);
const char* AttendanceName(Attendance attendance);
std::optional<Attendance> ParseAttendance(std::string_view text);
// "FS", "SS", "FF", "SF".
const char* PrecedenceTypeName(PrecedenceType type);
std::optional<PrecedenceType> ParsePrecedenceType(std::string_view text);

struct OperatorRequirement {
  SkillId skill_id;
  std::string skill_code;  // the skill's code, echoed to clients next to the id
  int min_level = 1;       // 1..5
  int count = 1;           // >= 1
  Attendance attendance = Attendance::kFull;
};

// One way to run the task: exactly one of machine_id / work_center_id is set.
struct TaskMode {
  std::optional<MachineId> machine_id;
  std::optional<WorkCenterId> work_center_id;
  std::int64_t setup_minutes = 0;  // >= 0
  double run_minutes = 0.0;        // per unit; >= 0
  std::vector<OperatorRequirement> operators;
};

// "This task relates to predecessor": e.g. FS with min_lag 30 means this task starts at least 30
// minutes after the predecessor finishes. The predecessor is named by its sequence in the same job
// (resolved to its id when stored).
struct PrecedenceLink {
  std::int64_t predecessor_sequence = 0;
  TaskId predecessor_id;
  PrecedenceType type = PrecedenceType::kFinishToStart;
  std::int64_t min_lag_minutes = 0;
  std::optional<std::int64_t> max_lag_minutes;  // >= min_lag when given
};

struct TaskActuals {
  // The resources the task actually runs on, recorded when it starts (a started task keeps them).
  std::optional<MachineId> machine_id;
  std::vector<OperatorId> operator_ids;
  std::optional<Instant> start;
  std::optional<Instant> end;
  std::optional<std::int64_t> produced_quantity;
  std::optional<std::int64_t> scrap_quantity;
  std::string quality_notes;
  std::string failure_reason;
};

struct Task {
  TaskId id;
  JobId job_id;
  std::int64_t sequence = 10;  // > 0, unique within the job
  std::string name;
  std::string operation_code;
  // Duration = setup_minutes + run_minutes_per_unit * quantity, unless fixed_duration_minutes is
  // set.
  std::int64_t setup_minutes = 0;
  double run_minutes_per_unit = 0.0;
  std::optional<std::int64_t> fixed_duration_minutes;
  std::vector<TaskMode> modes;  // at least one
  std::string setup_family;
  std::vector<PrecedenceLink> predecessors;
  bool interruptible = false;
  TaskStatus status = TaskStatus::kPending;
  TaskActuals actuals;
  bool pinned = false;
  std::int64_t version = 1;
  Instant created_at{};
  Instant updated_at{};

  // Planned processing minutes for `quantity` units (rounded up to whole minutes).
  std::int64_t PlannedMinutes(std::int64_t quantity) const;
};

// Percentage (0..100) of a job's non-cancelled tasks that are COMPLETED; 0 without such tasks.
double JobProgressPercent(const std::vector<Task>& tasks);

}  // namespace takt
