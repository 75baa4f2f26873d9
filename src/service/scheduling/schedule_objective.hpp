// ScheduleObjective: how a planner states what a schedule should optimize, and its one-line stored
// form. Three shapes:
//   a strategy name          "makespan", "due_dates", "balanced", "setup_minimizing", "fast"
//   explicit weights         {"weights": {"MAKESPAN": 1, "WEIGHTED_TARDINESS": 4}}
//                            stored as "weights:MAKESPAN=1,WEIGHTED_TARDINESS=4"
//   a lexicographic order    {"lexicographic": ["WEIGHTED_TARDINESS", "MAKESPAN"]}
//                            stored as "lexicographic:WEIGHTED_TARDINESS,MAKESPAN"
// Criterion names are the engine's (solver/model/objective.hpp). Parsing reports the bad part in
// planner words (kInvalidArgument naming `field`). Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"
#include "solver/model/objective.hpp"

namespace takt::service {

// The engine strategy for a stored objective text (a strategy name or one of the spec forms).
Result<solver::Strategy> ResolveObjective(std::string_view text, std::string_view field);

// The same objective with a churn term added (rescheduling moves as little as it can).
solver::Strategy WithChurn(solver::Strategy strategy, double weight);

}  // namespace takt::service
