// CheckSchedule: an independent verification of every hard constraint of the model on a complete
// Schedule. It shares no logic with the decoder beyond calendar arithmetic (WorkingTime): it
// recomputes machine sequences, changeovers, operator spans, skill validity, precedence lags,
// work-center WIP and fixed placements from the schedule itself and reports every violation, in
// planner words, naming the operations and resources involved.
//
// Pure function of its arguments; thread-safe. Cost O(n log n) in operations and intervals.
#pragma once

#include <string>
#include <vector>

#include "solver/model/problem.hpp"
#include "solver/model/schedule.hpp"

namespace takt::solver {

struct Violation {
  std::string rule;     // short rule name, e.g. "machine_overlap", "calendar", "max_lag"
  std::string message;  // planner-facing sentence
};

std::vector<Violation> CheckSchedule(const Problem& problem, const Schedule& schedule);

}  // namespace takt::solver
