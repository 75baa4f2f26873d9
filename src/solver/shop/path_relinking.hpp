// PathRelinking: builds a new starting solution for a tabu walk between two elite solutions
// (Glover's path relinking, in the form Peng, Lu and Cheng (2015) use for the job shop).
//
// Starting from the initiating solution it repeatedly takes a random operation whose option or
// machine position differs from the guiding solution and puts it there: a reassignment to the
// guiding option, or an exchange with the operation occupying its guiding position on the same
// machine. A step that closes a cycle is undone and another operation is tried. The distance is
// the number of operations whose option or machine position differs. Of the solutions met while
// between 30 % and 60 % of the initial distance has been covered, the one with the least makespan
// is returned: far enough from both parents to lead the walk somewhere new, and sharing what the
// two good solutions agree on. The window is capped at 1,000-2,000 steps (one re-evaluation each),
// which only binds on instances of several thousand operations.
//
// All buffers are sized in the constructor. Not thread-safe: one object per search thread.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "solver/shop/disjunctive_graph.hpp"

namespace takt::solver {

class PathRelinking {
 public:
  explicit PathRelinking(const ShopInstance& instance);

  // Relinks `initiating` towards `guiding` (both acyclic sequencings of the instance) and writes
  // the chosen intermediate solution, with its makespan, into `out`. Returns false, leaving `out`
  // unspecified, when the two are closer than `min_distance` or no step succeeded.
  bool Relink(const ShopSequencing& initiating, const ShopSequencing& guiding, int min_distance,
              std::mt19937_64& random, ShopSequencing& out);
  // Work (operations evaluated) of the last Relink.
  std::int64_t work() const { return work_; }

 private:
  bool Matches(int op) const;
  int MachineDistance(int machine) const;

  DisjunctiveGraph graph_;
  const ShopSequencing* guiding_ = nullptr;
  std::vector<int> target_position_;
  std::vector<int> pending_;
  std::int64_t work_ = 0;
};

}  // namespace takt::solver
