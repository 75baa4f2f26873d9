// TabuWalk: one tabu-search trajectory over a DisjunctiveGraph, the work horse of SearchShop.
//
// Each Step() takes one critical path of the current solution, splits it into critical blocks
// (maximal runs of consecutive operations on one machine) and evaluates
//   - N7 moves (Zhang et al. 2007): an inner operation of a block to the block's start or end, the
//     first or last operation into the block's interior (adjacent swaps included);
//   - for flexible operations, reassignment moves: a critical operation to another eligible
//   machine,
//     at the best insertion position among those that cannot create a cycle (Mastrolilli and
//     Gambardella 2000; Dauzere-Peres and Paulli 1997).
// Moves are scored with an estimate of the longest path through the moved operations computed
// from the current heads and tails (Balas and Vazacopoulos 1998), which costs O(block length)
// instead of a full re-evaluation. The best non-tabu move is taken (ties broken at random); a tabu
// move is taken when its estimate beats the walk's best (aspiration). Tabu attributes are the
// reversed operation pairs and the left machine options, kept for a random tenure in
// [L, 1.5 L], L = 5 + jobs / machines. After the move the graph is re-evaluated exactly; a move
// that closed a cycle (possible only with zero durations) is undone.
//
// All buffers are sized in the constructor; Step() does not allocate once the candidate list has
// reached its working size. Not thread-safe: one walk per thread.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "solver/shop/disjunctive_graph.hpp"

namespace takt::solver {

class TabuWalk {
 public:
  TabuWalk(const ShopInstance& instance, std::uint64_t seed);

  // Loads a starting solution (must be acyclic), clears tabu memory and the walk's best.
  void Start(const ShopSequencing& start);
  // One iteration; returns the work done (move evaluations + 1).
  std::int64_t Step();
  // Applies `moves` random feasible critical moves, ignoring estimates and tabu status.
  std::int64_t Perturb(int moves);

  const DisjunctiveGraph& graph() const { return graph_; }
  std::int64_t Makespan() const { return graph_.Makespan(); }
  std::int64_t BestMakespan() const { return best_.makespan; }
  const ShopSequencing& Best() const { return best_; }
  std::int64_t IterationsSinceImprovement() const { return iteration_ - best_iteration_; }
  // True when the last Step found no move at all: the critical path is one job's route, so the
  // makespan equals a job bound and cannot improve.
  bool Exhausted() const { return exhausted_; }

 private:
  enum class MoveKind { kForward, kBackward, kReassign };
  struct Move {
    MoveKind kind = MoveKind::kForward;
    int machine = 0;  // within-machine moves: the machine; positions from -> to
    int from = 0;
    int to = 0;
    int op = 0;  // reassignment: operation, new option, insertion index
    int option = 0;
    int index = 0;
    std::int64_t estimate = 0;
  };

  void CollectMoves();
  void AddWithinMoves(int machine, int first, int last);
  void AddReassignMoves(int op);
  std::int64_t EstimateForward(int machine, int i, int j);
  std::int64_t EstimateBackward(int machine, int i, int j);
  bool IsTabu(const Move& move) const;
  // Applies the move, updates tabu memory, re-evaluates; false if the move was undone.
  bool Apply(const Move& move, bool record_tabu);
  int Tenure();
  std::size_t PairSlot(int before, int after) const;
  void NoteSolution();
  // Clears tabu memory and makes the current solution the walk's best.
  void RestartHere();

  DisjunctiveGraph graph_;
  std::mt19937_64 random_;
  std::int64_t iteration_ = 0;
  std::int64_t best_iteration_ = 0;
  bool exhausted_ = false;
  int tenure_base_ = 10;
  ShopSequencing best_;
  // Tabu memory: pair_tabu_[slot(a, b)] = iteration until which "a before b" may not be re-created;
  // option_tabu_[option id] = iteration until which the operation may not return to that option.
  std::vector<std::int64_t> pair_tabu_;
  bool pair_exact_ = true;
  std::vector<std::int64_t> option_tabu_;
  // Scratch.
  std::vector<int> path_;
  std::vector<Move> moves_;
  std::vector<std::int64_t> new_head_;
  std::int64_t work_ = 0;
};

}  // namespace takt::solver
