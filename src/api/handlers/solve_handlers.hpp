// POST /api/v1/solve (solver:run): the engine as a service. The body is a self-contained problem in
// the engine's JSON format (docs/problem-format.md); the answer is the solution in the same format
// (status, objective, bound, gap, KPIs, assignments by code). Nothing stored is read or changed.
// Query: time_limit_s (default and maximum as configured for optimizations), seed, strategy
// (overrides the file's objective). An invalid problem is 422 with every defect; the solve runs on
// the bounded solver threads (503 with Retry-After when they are all busy and the queue is full).
// The optimizer must outlive the router.
#pragma once

#include "api/router.hpp"
#include "service/scheduling/schedule_optimizer.hpp"

namespace takt::api {

void RegisterSolveRoutes(Router& router, service::ScheduleOptimizer& optimizer);

}  // namespace takt::api
