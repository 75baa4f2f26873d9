// AsciiGantt: a schedule drawn as text, one row per machine, one character per `unit` minutes,
// for terminals and for tests that assert exact placements. Each operation is drawn with the first
// character of its code: lower case during setup, upper case during the run, '-' where it pauses
// over non-working time, '.' where the machine is idle.
//   M1 |aAAA..BB|
// Pure function; thread-safe.
#pragma once

#include <string>

#include "solver/model/problem.hpp"
#include "solver/model/schedule.hpp"

namespace takt::solver {

std::string AsciiGantt(const Problem& problem, const Schedule& schedule, Minutes unit = 1,
                       Minutes until = -1);

}  // namespace takt::solver
