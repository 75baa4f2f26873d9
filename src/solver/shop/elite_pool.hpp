// ElitePool: the few best distinct solutions a search has seen, the seeds of its restarts. A
// candidate is kept when the pool has room or when it beats the worst member, and never twice.
// Not synchronised: SearchShop guards a pool shared between threads with its own mutex and gives
// each thread a private pool in deterministic mode.
#pragma once

#include <cstdint>
#include <vector>

#include "solver/shop/disjunctive_graph.hpp"

namespace takt::solver {

class ElitePool {
 public:
  explicit ElitePool(int capacity) : capacity_(capacity) {}

  // Returns true when the candidate was added.
  bool Offer(const ShopSequencing& candidate);
  bool Empty() const { return members_.empty(); }
  int Size() const { return static_cast<int>(members_.size()); }
  // Copies member `pick % Size()` into `out` (members are sorted by makespan, best first).
  void Pick(std::uint64_t pick, ShopSequencing& out) const;

 private:
  int capacity_;
  std::vector<ShopSequencing> members_;
};

}  // namespace takt::solver
