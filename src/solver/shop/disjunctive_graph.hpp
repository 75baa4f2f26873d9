// DisjunctiveGraph: the search-side representation of a shop solution. Operations are numbered
// densely job by job; each has a chosen option (machine, duration), a job predecessor/successor
// (conjunctive arcs) and a place in its machine's sequence (the selected disjunctive arcs).
// Evaluate() computes heads (earliest starts, releases included), tails (longest path from the end
// of an operation to the sink) and the makespan in one topological pass, and reports a cycle
// instead of looping. All per-operation arrays are sized once in the constructor, so evaluating
// and editing sequences do not allocate (sequence vectors keep their capacity).
//
// The graph refers to, and must not outlive, the ShopInstance it was built from. Not thread-safe:
// each search thread owns its own graph.
#pragma once

#include <cstdint>
#include <vector>

#include "solver/shop/shop_instance.hpp"

namespace takt::solver {

// The decision part of a solution (which option, which order per machine), cheap to copy between
// graphs of the same instance. Used for the elite pool and restarts.
struct ShopSequencing {
  std::vector<int> option;                 // [operation] -> option index
  std::vector<std::vector<int>> sequence;  // [machine] -> operations in order
  std::int64_t makespan = 0;
};

class DisjunctiveGraph {
 public:
  explicit DisjunctiveGraph(const ShopInstance& instance);

  int OperationCount() const { return static_cast<int>(job_of_.size()); }
  int MachineCount() const { return static_cast<int>(sequence_.size()); }

  // Static structure.
  int JobOf(int op) const { return job_of_[op]; }
  int JobPred(int op) const { return job_pred_[op]; }
  int JobSucc(int op) const { return job_succ_[op]; }
  std::int64_t Release(int op) const { return release_[op]; }
  int OptionCount(int op) const { return option_begin_[op + 1] - option_begin_[op]; }
  int OptionId(int op, int option) const { return option_begin_[op] + option; }
  int OptionIdCount() const { return static_cast<int>(option_machine_.size()); }
  int OptionMachine(int op, int option) const {
    return option_machine_[option_begin_[op] + option];
  }
  std::int64_t OptionDuration(int op, int option) const {
    return option_duration_[option_begin_[op] + option];
  }
  int FirstOperationOf(int job) const { return job_first_[job]; }

  // Current solution.
  int Option(int op) const { return option_[op]; }
  int Machine(int op) const { return machine_[op]; }
  std::int64_t Duration(int op) const { return duration_[op]; }
  int Position(int op) const { return position_[op]; }
  const std::vector<int>& Sequence(int machine) const { return sequence_[machine]; }
  int MachinePred(int op) const { return machine_pred_[op]; }
  int MachineSucc(int op) const { return machine_succ_[op]; }
  std::int64_t Head(int op) const { return head_[op]; }
  std::int64_t Tail(int op) const { return tail_[op]; }
  std::int64_t Makespan() const { return makespan_; }
  // End of the job predecessor (or the release) and start of the tail after the job successor.
  std::int64_t JobReady(int op) const {
    const int p = job_pred_[op];
    return p >= 0 ? head_[p] + duration_[p] : release_[op];
  }
  std::int64_t JobTailFrom(int op) const {
    const int s = job_succ_[op];
    return s >= 0 ? tail_[s] + duration_[s] : 0;
  }

  // Loads a schedule's options and machine orders (must be consistent with the instance).
  void Load(const ShopSchedule& schedule);
  void Load(const ShopSequencing& sequencing);
  void Save(ShopSequencing& out) const;
  // The semi-active schedule of the current sequencing (starts = heads). Requires Evaluate().
  ShopSchedule ToSchedule() const;

  // Recomputes heads, tails and makespan. Returns false (leaving heads unspecified) on a cycle.
  bool Evaluate();
  // The same result as Evaluate() after edits confined to positions [first, last] of one
  // machine's sequence (MoveWithin, SwapWithin) since the last successful evaluation. It reuses
  // that evaluation's topological order: heads before the first edited operation in that order
  // and tails after the last operation whose successors changed are still exact, so only the
  // rest is recomputed (about half the work of a full pass on average).
  bool EvaluateAfter(int machine, int first, int last);

  // Sequence edits (no evaluation). MoveWithin moves the operation at position `from` to position
  // `to` on the same machine, shifting the ones between. Reassign removes `op` from its machine
  // and inserts it with option `option` before index `index` of the new machine's sequence.
  void MoveWithin(int machine, int from, int to);
  // Exchanges the operations at positions `a` and `b` of one machine's sequence.
  void SwapWithin(int machine, int a, int b);
  void Reassign(int op, int option, int index);

  // One critical path from source to sink (operations in order); ties between a job and a
  // machine predecessor are broken by `tie_bits` (a random word from the caller).
  void CriticalPath(std::uint64_t tie_bits, std::vector<int>& path) const;

 private:
  // Refreshes positions and machine neighbours of sequence entries [from - 1, to + 1].
  void Reindex(int machine, int from, int to);

  // Static.
  std::vector<int> job_of_, job_pred_, job_succ_, job_first_, index_in_job_;
  std::vector<std::int64_t> release_;
  std::vector<int> option_begin_, option_machine_;
  std::vector<std::int64_t> option_duration_;
  // Dynamic.
  std::vector<int> option_, machine_, position_, machine_pred_, machine_succ_;
  std::vector<std::int64_t> duration_, head_, tail_;
  std::vector<std::vector<int>> sequence_;
  std::int64_t makespan_ = 0;
  // Tails from order_[last_index] down to order_[0], then the makespan.
  void ComputeTails(int last_index);

  // Topological order of the last successful evaluation and each operation's index in it.
  std::vector<int> indegree_, order_, order_index_, queue_;
  bool order_valid_ = false;
};

}  // namespace takt::solver
