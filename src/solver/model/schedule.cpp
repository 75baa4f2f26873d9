#include "solver/model/schedule.hpp"

#include <algorithm>

namespace takt::solver {

Minutes Makespan(const Schedule& schedule) {
  Minutes makespan = 0;
  for (const Assignment& a : schedule.assignments) makespan = std::max(makespan, a.end);
  return makespan;
}

}  // namespace takt::solver
