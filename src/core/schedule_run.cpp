#include "core/schedule_run.hpp"

#include <array>

namespace takt {
namespace {

constexpr std::array<std::pair<RunState, const char*>, 5> kStates{{
    {RunState::kQueued, "QUEUED"},
    {RunState::kRunning, "RUNNING"},
    {RunState::kSucceeded, "SUCCEEDED"},
    {RunState::kFailed, "FAILED"},
    {RunState::kCancelled, "CANCELLED"},
}};

constexpr std::array<std::pair<RunOutcome, const char*>, 5> kOutcomes{{
    {RunOutcome::kNone, ""},
    {RunOutcome::kOptimal, "OPTIMAL"},
    {RunOutcome::kFeasible, "FEASIBLE"},
    {RunOutcome::kInfeasible, "INFEASIBLE"},
    {RunOutcome::kTimeoutFallback, "TIMEOUT_FALLBACK"},
}};

}  // namespace

const char* RunStateName(RunState state) {
  for (const auto& [s, name] : kStates) {
    if (s == state) return name;
  }
  return "QUEUED";
}

std::optional<RunState> ParseRunState(std::string_view text) {
  for (const auto& [s, name] : kStates) {
    if (text == name) return s;
  }
  return std::nullopt;
}

bool IsFinished(RunState state) {
  return state == RunState::kSucceeded || state == RunState::kFailed ||
         state == RunState::kCancelled;
}

const char* RunOutcomeName(RunOutcome outcome) {
  for (const auto& [o, name] : kOutcomes) {
    if (o == outcome) return name;
  }
  return "";
}

std::optional<RunOutcome> ParseRunOutcome(std::string_view text) {
  for (const auto& [o, name] : kOutcomes) {
    if (text == name) return o;
  }
  return std::nullopt;
}

}  // namespace takt
