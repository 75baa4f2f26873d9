// OptimizationRun: the stored record of one solver run for a schedule (api.md
// "GET /optimization-runs/{id}"): its life (QUEUED -> RUNNING -> SUCCEEDED | FAILED | CANCELLED),
// progress (0..1 of the time limit), the incumbent's KPIs and objective, the bound and gap, the
// outcome (OPTIMAL / FEASIBLE / INFEASIBLE / TIMEOUT_FALLBACK), and the facts needed to reproduce
// it: strategy, seed, time limit, engine version and a hash of its input. Pure data; safe to share
// read-only between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/instant.hpp"
#include "core/schedule.hpp"

namespace takt {

enum class RunState { kQueued, kRunning, kSucceeded, kFailed, kCancelled };
const char* RunStateName(RunState state);
std::optional<RunState> ParseRunState(std::string_view text);
bool IsFinished(RunState state);

// The solver's answer, as api.md names it.
enum class RunOutcome { kNone, kOptimal, kFeasible, kInfeasible, kTimeoutFallback };
const char* RunOutcomeName(RunOutcome outcome);  // "" for kNone
std::optional<RunOutcome> ParseRunOutcome(std::string_view text);

struct OptimizationRun {
  OptimizationRunId id;
  ScheduleId schedule_id;
  RunState state = RunState::kQueued;
  RunOutcome outcome = RunOutcome::kNone;
  std::string strategy;
  std::uint64_t seed = 1;
  double time_limit_s = 0;
  std::string engine_version;
  std::string input_hash;
  double progress = 0;  // 0..1
  std::optional<double> objective;
  std::optional<double> bound;
  std::optional<double> gap;  // (objective - bound) / objective
  ScheduleKpis incumbent;
  int improvements = 0;
  double solve_time_s = 0;
  std::string message;  // why it failed, or what the fallback means
  std::string created_by;
  Instant created_at{};
  std::optional<Instant> started_at;
  std::optional<Instant> finished_at;
};

}  // namespace takt
