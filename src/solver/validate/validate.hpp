// Validate: every defect of a Problem at once, in planner words, each tied to the field it is
// about (a path such as "operations[J1-20].modes[0].machine"), so a planner fixes all of them in
// one round. A Problem with no defects is safe to give to Solve(): no index is out of range, the
// precedence graph is acyclic, and no operation is impossible on its own (it has a machine with
// enough working time, qualified operators exist, its lags can be met). Defects that only show
// in combination (a pin that collides with work in progress, say) are left to the solver, which
// reports them as infeasibility.
// Pure function; thread-safe.
#pragma once

#include <vector>

#include "core/error.hpp"
#include "solver/model/problem.hpp"

namespace takt::solver {

std::vector<FieldError> Validate(const Problem& problem);

}  // namespace takt::solver
