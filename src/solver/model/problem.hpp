// Problem: everything the scheduling engine needs to know about one planning run, in plain value
// types. Time is integer minutes from the horizon start (minute 0); nothing in the engine scales
// with the horizon length in minutes, only with the number of operations, intervals and resources.
//
// Entities refer to each other by dense indices (positions in the Problem's vectors), never by
// database ids: the service layer maps its StrongIds to these positions when it builds a Problem
// and back when it reads a Schedule. Every entity keeps its planner-facing `code` for messages.
//
// A Problem is built once and then only read; sharing a const Problem between threads is safe.
// Use Validate() (validate/validate.hpp) before solving: the engine assumes a valid Problem.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace takt::solver {

using Minutes = std::int64_t;
// "No time": an absent due date, an unbounded max lag, an open end. Far from overflow when added.
inline constexpr Minutes kNoTime = std::numeric_limits<Minutes>::max() / 4;

// A half-open interval [start, end) of minutes.
struct Interval {
  Minutes start = 0;
  Minutes end = 0;
  bool operator==(const Interval&) const = default;
};

// Working time of a machine or an operator: sorted, disjoint, non-empty intervals. Shifts, breaks,
// holidays, downtimes and absences are already resolved into these intervals (see
// model/weekly_calendar.hpp for the helper that builds them from weekly patterns).
struct Calendar {
  std::string code;
  std::vector<Interval> working;
};

struct Skill {
  std::string code;
};

// An operator holds `skill` at `level` (1..5) on minutes inside [valid_from, valid_until).
struct OperatorSkill {
  int skill = 0;
  int level = 1;
  Minutes valid_from = -kNoTime;
  Minutes valid_until = kNoTime;
};

struct Operator {
  std::string code;
  int calendar = -1;  // -1: always available
  std::vector<OperatorSkill> skills;
  double cost_per_minute = 0.0;
};

struct WorkCenter {
  std::string code;
  int wip_limit = 0;  // max jobs with work in progress inside at once; 0: no limit
};

// Changeover minutes between setup families on a machine: minutes[from * family_count + to].
struct SetupMatrix {
  std::string code;
  int family_count = 0;
  std::vector<Minutes> minutes;
  Minutes Changeover(int from, int to) const {
    if (from < 0 || to < 0) return 0;
    return minutes[static_cast<std::size_t>(from) * family_count + to];
  }
};

struct Machine {
  std::string code;
  int work_center = -1;   // -1: none
  int calendar = -1;      // -1: always available
  int setup_matrix = -1;  // -1: no sequence-dependent changeovers
};

// FULL: the operator attends setup and run. SETUP_ONLY: the operator attends the setup only.
enum class Attendance { kFull, kSetupOnly };

struct OperatorRequirement {
  int skill = 0;
  int min_level = 1;
  int count = 1;
  Attendance attendance = Attendance::kFull;
};

// One way to run an operation: on `machine` (or, before ExpandWorkCenterModes, on any machine of
// `work_center`), `setup` then `run` working minutes, with the given operators.
struct Mode {
  int machine = -1;
  int work_center = -1;
  Minutes setup = 0;
  Minutes run = 0;
  std::vector<OperatorRequirement> operators;
};

// A placement fixed by a person (pin) or by the shop floor (work already started). For a pin,
// `start` is the setup start and the operation then runs by the normal rules. For work in
// progress, `start` is the actual start (often before minute 0), the setup is over, and the
// operation occupies its resources from minute 0 for `remaining` more minutes of run.
struct FixedPlacement {
  int mode = 0;
  int machine = -1;  // which machine, when the mode names a work center (before expansion)
  Minutes start = 0;
  std::vector<int> operators;
  Minutes remaining = 0;  // in-progress only
};

struct Operation {
  std::string code;
  int job = 0;
  std::vector<Mode> modes;
  int setup_family = -1;  // index into the machine's setup matrix; -1: none
  bool interruptible = false;
  std::optional<FixedPlacement> pinned;
  std::optional<FixedPlacement> in_progress;
  // The published plan's setup start for this operation, for the churn objective.
  std::optional<Minutes> reference_start;
};

struct Job {
  std::string code;
  Minutes release = 0;
  Minutes due = kNoTime;  // kNoTime: no due date
  double weight = 1.0;    // priority weight (LOW/NORMAL/HIGH/URGENT = 1/2/4/8 by default)
  std::vector<int> operations;
};

// FS: after.start >= before.end + lag; SS: after.start >= before.start + lag;
// FF: after.end >= before.end + lag; SF: after.end >= before.start + lag. With a max lag the same
// difference is also at most max_lag. "start" is the setup start.
enum class LinkType { kFinishStart, kStartStart, kFinishFinish, kStartFinish };

struct Precedence {
  int before = 0;
  int after = 0;
  LinkType type = LinkType::kFinishStart;
  Minutes min_lag = 0;
  Minutes max_lag = kNoTime;
};

struct Problem {
  std::string name;
  Minutes horizon = kNoTime;  // planning horizon length; calendars usually end here
  std::vector<Calendar> calendars;
  std::vector<Skill> skills;
  std::vector<WorkCenter> work_centers;
  std::vector<SetupMatrix> setup_matrices;
  std::vector<Machine> machines;
  std::vector<Operator> operators;
  std::vector<Job> jobs;
  std::vector<Operation> operations;
  std::vector<Precedence> precedences;
};

// Replaces every mode that names a work center by one mode per machine of that center (same
// durations and operators). Fixed placements keep pointing at the mode of the same machine.
void ExpandWorkCenterModes(Problem& problem);

// The planner-facing names used in messages.
const char* LinkTypeName(LinkType type);
const char* AttendanceName(Attendance attendance);

}  // namespace takt::solver
