// Solve: the engine's one entry point. It validates the problem (returning every defect), builds
// the constructive schedule (always kept as the fallback), then improves it until a wall-clock or
// deterministic work limit, cancellation, or a proven optimum:
//   - shop-shaped problems (see search/shop_bridge.hpp) go to the tabu shop search with the shop
//     lower bound;
//   - everything else goes to large-neighbourhood search over the decoder, seeded also by the shop
//     search's sequences for the problem's shop relaxation when its jobs are route chains.
// Every returned schedule has passed the independent checker; the incumbent is never lost (any
// failure inside search returns the best schedule found so far).
//
// Determinism: with a work limit, `deterministic` set and the time limit not reached, the same
// problem, parameters and seed give a byte-identical schedule.
// Thread-safety: re-entrant; `on_improvement` is called from the calling thread or, in the shop
// search, from search threads one at a time.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "solver/check/schedule_checker.hpp"
#include "solver/model/objective.hpp"
#include "solver/model/problem.hpp"
#include "solver/model/schedule.hpp"

namespace takt::solver {

enum class SolveStatus {
  kOptimal,
  kFeasible,
  kInfeasible,
  kModelInvalid,
  kNoSolutionInTime,
  kCancelled
};

const char* SolveStatusName(SolveStatus status);  // "OPTIMAL", "FEASIBLE", ...

struct SolveProgress {
  ObjectiveValue objective;
  double bound = 0;
  double gap = 0;  // relative: (objective - bound) / max(1, |objective|), first level
  double elapsed_s = 0;
  std::string source;  // "construct", "shop_search", "lns", "shop_seed"
};

struct SolveParams {
  Objective objective;
  bool search = true;           // false: constructive schedule only
  double time_limit_s = 10.0;   // wall clock for the whole solve
  std::int64_t work_limit = 0;  // deterministic work units for the search; 0: none
  std::uint64_t seed = 1;
  int threads = 2;
  bool deterministic = false;
  const std::atomic<bool>* cancel = nullptr;
  std::function<void(const SolveProgress&)> on_improvement;
};

struct SolveStats {
  double construct_s = 0;
  std::string construct_rule;
  std::string engine;  // "construct", "shop_search" or "lns"
  std::int64_t moves = 0;
  std::int64_t work = 0;
  int improvements = 0;
  double time_to_best_s = 0;
  double elapsed_s = 0;
};

struct SolveResult {
  SolveStatus status = SolveStatus::kNoSolutionInTime;
  bool has_schedule = false;
  Schedule schedule;
  Kpis kpis;
  ObjectiveValue objective;
  double bound = 0;
  double gap = 1;
  bool fallback = false;  // the constructive schedule, because search found nothing better
  SolveStats stats;
  std::vector<FieldError> defects;  // kModelInvalid: every defect of the problem
  std::string message;              // why there is no schedule, or what went wrong in search
};

SolveResult Solve(const Problem& problem, const SolveParams& params);

}  // namespace takt::solver
