// ElitePool: a few good and mutually distant solutions a search has seen, the parents of its
// restarts (path relinking between two members, or one member shaken).
//
// Distance between two sequencings is the number of operations whose option or position on
// their machine differs. While the pool has room every new solution is kept. When it is full, the
// candidate and the members are rated by goodness (Peng, Lu and Cheng 2015): a weighted sum of
// their makespan (scaled to [0, 1) between the worst and the best) and their distance to the
// nearest other solution (scaled likewise), with weight kQualityWeight on the makespan; the one of
// least goodness leaves (or the candidate is refused). The best solution never leaves, so the pool
// keeps the best found while its other members stay spread out and keep changing.
// Members are sorted by makespan, best first.
//
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
  // Copies member `pick % Size()` into `out` (reusing out's buffers).
  void Pick(std::uint64_t pick, ShopSequencing& out) const;
  // Operations whose option or machine position differs between `a` and `b`.
  int Distance(const ShopSequencing& a, const ShopSequencing& b);

 private:
  static constexpr double kQualityWeight = 0.6;

  int capacity_;
  std::vector<ShopSequencing> members_;
  std::vector<int> position_;  // scratch for Distance
  std::vector<int> nearest_;   // scratch for Offer: distance to the nearest other solution
};

}  // namespace takt::solver
