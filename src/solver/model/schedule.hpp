// Schedule: the engine's answer, one Assignment per operation (same index as
// Problem::operations). An operation occupies its machine over [setup_start, end) and each
// attending operator over [setup_start, run_start) (SETUP_ONLY) or [setup_start, end) (FULL);
// setup happens on working minutes from setup_start, the run on working minutes from run_start.
// Plain values; safe to copy between threads.
#pragma once

#include <compare>
#include <vector>

#include "solver/model/problem.hpp"

namespace takt::solver {

struct Assignment {
  int mode = -1;
  int machine = -1;
  // Operators, requirement by requirement: the first `count` of requirement 0, then
  // requirement 1...
  std::vector<int> operators;
  Minutes setup_start = 0;
  Minutes run_start = 0;
  Minutes end = 0;
  Minutes setup_minutes = 0;  // working minutes of setup: mode setup + changeover from predecessor
  // Member-wise order (and equality): a total order for deterministic tie-breaks. (clang-tidy
  // reads the defaulted comparison's implicit `0` as a null pointer.)
  auto operator<=>(const Assignment&) const = default;  // NOLINT(modernize-use-nullptr)
};

struct Schedule {
  std::vector<Assignment> assignments;
  auto operator<=>(const Schedule&) const = default;
};

// The latest end over all operations (0 for an empty schedule).
Minutes Makespan(const Schedule& schedule);

}  // namespace takt::solver
