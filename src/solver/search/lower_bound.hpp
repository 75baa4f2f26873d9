// Lower bounds for the general model. Valid for every schedule that honours the hard constraints:
// - path bound: earliest start/finish along precedence links (all four types, min lags) with each
//   operation at its shortest mode, from release dates, pins and work in progress; calendars only
//   stretch elapsed time, so ignoring them keeps the bound valid;
// - machine bound: the work that can only run on one machine, packed into that machine's working
//   time from the earliest moment any of it may start;
// - work-center bound: the work that can only run inside one center, shared evenly by its
//   machines (packed into their calendar when they share one).
// Per-job completion bounds give bounds on tardiness, lateness and late jobs; the objective bound
// is the same combination of per-criterion bounds as the objective (first level when
// lexicographic). Pure functions; thread-safe. Cost O(operations + links + intervals).
#pragma once

#include <string>
#include <vector>

#include "solver/model/objective.hpp"
#include "solver/model/problem.hpp"

namespace takt::solver {

struct LowerBounds {
  Minutes makespan = 0;
  std::vector<Minutes> job_completion;  // per job
  Minutes total_setup = 0;
  // Non-empty when the bounds prove that no schedule exists: a pinned or in-progress operation
  // starts before its predecessors can possibly let it.
  std::string infeasible;
};

LowerBounds ComputeLowerBounds(const Problem& problem);

// A bound on the objective's first level.
double ObjectiveLowerBound(const Objective& objective, const LowerBounds& bounds,
                           const Problem& problem);

}  // namespace takt::solver
