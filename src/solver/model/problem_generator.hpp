// GenerateProblem: random but realistic problems for tests and scale benchmarks, fully determined
// by the parameters (same parameters and seed, same problem on every platform: the generator uses
// its own integer arithmetic on a 64-bit PRNG, not std distributions).
//
// Shape: machines grouped into work centers; each job is a route of operations, each naming a
// work center (so it may run on any of its machines) or a single machine; optional two-shift
// weekday calendars with breaks and a holiday, operators with skills, levels and expiring
// certificates on early/late shifts, setup families with changeover matrices, WIP limits,
// interruptible operations, extra SS/FF links and max lags, due dates and priorities.
// Pure function; thread-safe.
#pragma once

#include <cstdint>

#include "solver/model/problem.hpp"

namespace takt::solver {

struct GeneratorParams {
  int jobs = 10;
  int operations_per_job = 5;
  int machines = 5;
  int machines_per_center = 1;  // > 1: operations name a work center (alternative machines)
  int operators = 0;            // 0: no operators
  int skills = 3;
  bool calendars = false;    // two shifts Mon-Fri with breaks, one holiday
  bool setups = false;       // setup families and changeover matrices
  bool wip_limits = false;   // WIP limits on work centers
  bool extra_links = false;  // SS/FF links and max lags between route neighbours
  double interruptible_share = 0.3;
  Minutes min_run = 10;
  Minutes max_run = 120;
  std::uint64_t seed = 1;
};

Problem GenerateProblem(const GeneratorParams& params);

}  // namespace takt::solver
