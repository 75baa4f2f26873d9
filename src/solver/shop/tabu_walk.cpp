#include "solver/shop/tabu_walk.hpp"

#include <algorithm>
#include <limits>

namespace takt::solver {
namespace {

constexpr std::int64_t kInfinity = std::numeric_limits<std::int64_t>::max() / 4;
// Exact pair table up to this many operations (n^2 eight-byte slots); hashed beyond.
constexpr int kExactPairLimit = 1400;
constexpr int kHashedPairBits = 21;

}  // namespace

TabuWalk::TabuWalk(const ShopInstance& instance, std::uint64_t seed)
    : graph_(instance), random_(seed) {
  const int n = graph_.OperationCount();
  const int machines = std::max(1, instance.machine_count);
  // Zhang et al. use L = 10 + n / m with pair-wise tabu on the reversed arc only; this walk makes
  // every reversed pair of a move tabu, which is stricter, so a shorter base suits it. With path
  // relinking restarts (SearchShop), base 5 did better than 7 and 3 on samples of Taillard's
  // 15x15 class (three seeds each).
  tenure_base_ = 5 + static_cast<int>(instance.jobs.size()) / machines;
  pair_exact_ = n <= kExactPairLimit;
  pair_tabu_.assign(
      pair_exact_ ? static_cast<std::size_t>(n) * n : (std::size_t{1} << kHashedPairBits), 0);
  option_tabu_.assign(graph_.OptionIdCount(), 0);
  path_.reserve(n);
  moves_.reserve((static_cast<std::size_t>(n) * 8) + 16);
  new_head_.assign(n, 0);
}

std::size_t TabuWalk::PairSlot(int before, int after) const {
  if (pair_exact_) {
    return static_cast<std::size_t>(before) * graph_.OperationCount() + after;
  }
  const std::uint64_t key =
      static_cast<std::uint64_t>(before) * 0x9E3779B97F4A7C15ULL ^
      (static_cast<std::uint64_t>(after) + 0x632BE59BD9B4E019ULL) * 0xC2B2AE3D27D4EB4FULL;
  return static_cast<std::size_t>(key >> (64 - kHashedPairBits));
}

int TabuWalk::Tenure() {
  return tenure_base_ +
         static_cast<int>(random_() % static_cast<std::uint64_t>(tenure_base_ / 2 + 1));
}

void TabuWalk::Start(const ShopSequencing& start) {
  graph_.Load(start);
  graph_.Evaluate();
  RestartHere();
}

void TabuWalk::RestartHere() {
  // Jumping the clock past every stored expiry clears the tabu memory without touching it.
  iteration_ += 2 * tenure_base_ + 2;
  graph_.Save(best_);
  best_iteration_ = iteration_;
  exhausted_ = false;
}

void TabuWalk::NoteSolution() {
  if (graph_.Makespan() < best_.makespan) {
    graph_.Save(best_);
    best_iteration_ = iteration_;
  }
}

std::int64_t TabuWalk::EstimateForward(int machine, int i, int j) {
  // u = seq[i] moves right after v = seq[j]; the operations between shift one place left.
  const std::vector<int>& seq = graph_.Sequence(machine);
  const DisjunctiveGraph& g = graph_;
  const int u = seq[i];
  std::int64_t t = i > 0 ? g.Head(seq[i - 1]) + g.Duration(seq[i - 1]) : 0;
  for (int p = i + 1; p <= j; ++p) {
    const int x = seq[p];
    const std::int64_t h = std::max(g.JobReady(x), t);
    new_head_[x] = h;
    t = h + g.Duration(x);
  }
  const std::int64_t head_u = std::max(g.JobReady(u), t);
  std::int64_t tq =
      j + 1 < static_cast<int>(seq.size()) ? g.Tail(seq[j + 1]) + g.Duration(seq[j + 1]) : 0;
  const std::int64_t tail_u = std::max(g.JobTailFrom(u), tq);
  std::int64_t estimate = head_u + g.Duration(u) + tail_u;
  tq = tail_u + g.Duration(u);
  for (int p = j; p > i; --p) {
    const int x = seq[p];
    const std::int64_t q = std::max(g.JobTailFrom(x), tq);
    estimate = std::max(estimate, new_head_[x] + g.Duration(x) + q);
    tq = q + g.Duration(x);
  }
  work_ += j - i + 1;
  return estimate;
}

std::int64_t TabuWalk::EstimateBackward(int machine, int i, int j) {
  // v = seq[j] moves right before u = seq[i]; the operations between shift one place right.
  const std::vector<int>& seq = graph_.Sequence(machine);
  const DisjunctiveGraph& g = graph_;
  const int v = seq[j];
  std::int64_t t = i > 0 ? g.Head(seq[i - 1]) + g.Duration(seq[i - 1]) : 0;
  const std::int64_t head_v = std::max(g.JobReady(v), t);
  t = head_v + g.Duration(v);
  for (int p = i; p < j; ++p) {
    const int x = seq[p];
    const std::int64_t h = std::max(g.JobReady(x), t);
    new_head_[x] = h;
    t = h + g.Duration(x);
  }
  std::int64_t tq =
      j + 1 < static_cast<int>(seq.size()) ? g.Tail(seq[j + 1]) + g.Duration(seq[j + 1]) : 0;
  std::int64_t estimate = 0;
  for (int p = j - 1; p >= i; --p) {
    const int x = seq[p];
    const std::int64_t q = std::max(g.JobTailFrom(x), tq);
    estimate = std::max(estimate, new_head_[x] + g.Duration(x) + q);
    tq = q + g.Duration(x);
  }
  const std::int64_t tail_v = std::max(g.JobTailFrom(v), tq);
  estimate = std::max(estimate, head_v + g.Duration(v) + tail_v);
  work_ += j - i + 1;
  return estimate;
}

void TabuWalk::AddWithinMoves(int machine, int first, int last) {
  const std::vector<int>& seq = graph_.Sequence(machine);
  const DisjunctiveGraph& g = graph_;
  for (int i = first; i < last; ++i) {
    for (int j = i + 1; j <= last; ++j) {
      if (i != first && j != last) continue;
      // Forward: seq[i] after seq[j]. Safe unless the job successor of seq[i] reaches seq[j].
      const int u = seq[i];
      const int js = g.JobSucc(u);
      bool feasible = true;
      if (js >= 0) {
        if (g.Machine(js) == machine && g.Position(js) > i && g.Position(js) <= j) {
          feasible = false;
        } else {
          feasible = g.Tail(seq[j]) + g.Duration(seq[j]) >= g.Tail(js) + g.Duration(js);
        }
      }
      if (feasible) {
        Move move;
        move.kind = MoveKind::kForward;
        move.machine = machine;
        move.from = i;
        move.to = j;
        move.estimate = EstimateForward(machine, i, j);
        moves_.push_back(move);
      }
      if (j == i + 1) continue;  // the adjacent swap is already the forward move
      // Backward: seq[j] before seq[i]. Safe unless seq[i] reaches the job predecessor of seq[j].
      const int v = seq[j];
      const int jp = g.JobPred(v);
      feasible = true;
      if (jp >= 0) {
        if (g.Machine(jp) == machine && g.Position(jp) >= i && g.Position(jp) < j) {
          feasible = false;
        } else {
          feasible = g.Head(seq[i]) + g.Duration(seq[i]) >= g.Head(jp) + g.Duration(jp);
        }
      }
      if (feasible) {
        Move move;
        move.kind = MoveKind::kBackward;
        move.machine = machine;
        move.from = j;
        move.to = i;
        move.estimate = EstimateBackward(machine, i, j);
        moves_.push_back(move);
      }
    }
  }
}

void TabuWalk::AddReassignMoves(int op) {
  const DisjunctiveGraph& g = graph_;
  const std::int64_t head = g.Head(op);
  const std::int64_t tail = g.Tail(op);
  const std::int64_t duration = g.Duration(op);
  const std::int64_t ready = g.JobReady(op);
  const std::int64_t after = g.JobTailFrom(op);
  for (int option = 0; option < g.OptionCount(op); ++option) {
    const int machine = g.OptionMachine(op, option);
    if (option == g.Option(op) || machine == g.Machine(op)) continue;
    const std::vector<int>& seq = g.Sequence(machine);
    const int length = static_cast<int>(seq.size());
    // Insertion indices in [low, high] cannot close a cycle: every possible ancestor of op stays
    // before it and every possible descendant after it (necessary conditions from heads/tails).
    int low = 0;
    int high = length;
    for (int idx = 0; idx < length; ++idx) {
      const int x = seq[idx];
      if (g.Head(x) + g.Duration(x) <= head && g.Tail(x) >= tail + duration) low = idx + 1;
      if (high == length && g.Head(x) >= head + duration && g.Tail(x) + g.Duration(x) <= tail) {
        high = idx;
      }
    }
    work_ += length + 1;
    if (low > high) continue;
    const std::int64_t new_duration = g.OptionDuration(op, option);
    std::int64_t best = kInfinity;
    int best_index = low;
    for (int idx = low; idx <= high; ++idx) {
      const std::int64_t prev_end = idx > 0 ? g.Head(seq[idx - 1]) + g.Duration(seq[idx - 1]) : 0;
      const std::int64_t next_tail = idx < length ? g.Tail(seq[idx]) + g.Duration(seq[idx]) : 0;
      const std::int64_t estimate =
          std::max(ready, prev_end) + new_duration + std::max(after, next_tail);
      if (estimate < best) {
        best = estimate;
        best_index = idx;
      }
    }
    Move move;
    move.kind = MoveKind::kReassign;
    move.op = op;
    move.option = option;
    move.index = best_index;
    move.estimate = best;
    moves_.push_back(move);
  }
}

void TabuWalk::CollectMoves() {
  moves_.clear();
  const DisjunctiveGraph& g = graph_;
  const int length = static_cast<int>(path_.size());
  for (int i = 0; i < length;) {
    int end = i;
    while (end + 1 < length && g.Machine(path_[end + 1]) == g.Machine(path_[end]) &&
           g.Position(path_[end + 1]) == g.Position(path_[end]) + 1) {
      ++end;
    }
    if (end > i) AddWithinMoves(g.Machine(path_[i]), g.Position(path_[i]), g.Position(path_[end]));
    i = end + 1;
  }
  for (const int op : path_) {
    if (g.OptionCount(op) > 1) AddReassignMoves(op);
  }
}

bool TabuWalk::IsTabu(const Move& move) const {
  const std::vector<int>* seq = nullptr;
  switch (move.kind) {
    case MoveKind::kForward: {
      seq = &graph_.Sequence(move.machine);
      const int u = (*seq)[move.from];
      for (int p = move.from + 1; p <= move.to; ++p) {
        if (pair_tabu_[PairSlot((*seq)[p], u)] > iteration_) return true;
      }
      return false;
    }
    case MoveKind::kBackward: {
      seq = &graph_.Sequence(move.machine);
      const int v = (*seq)[move.from];
      for (int p = move.to; p < move.from; ++p) {
        if (pair_tabu_[PairSlot(v, (*seq)[p])] > iteration_) return true;
      }
      return false;
    }
    case MoveKind::kReassign:
      return option_tabu_[graph_.OptionId(move.op, move.option)] > iteration_;
  }
  return false;
}

bool TabuWalk::Apply(const Move& move, bool record_tabu) {
  const std::int64_t until = iteration_ + Tenure();
  int old_option = 0;
  int old_position = 0;
  if (move.kind == MoveKind::kReassign) {
    old_option = graph_.Option(move.op);
    old_position = graph_.Position(move.op);
    if (record_tabu) option_tabu_[graph_.OptionId(move.op, old_option)] = until;
    graph_.Reassign(move.op, move.option, move.index);
  } else {
    const std::vector<int>& seq = graph_.Sequence(move.machine);
    if (record_tabu) {
      const int moved = seq[move.from];
      if (move.kind == MoveKind::kForward) {
        for (int p = move.from + 1; p <= move.to; ++p) pair_tabu_[PairSlot(moved, seq[p])] = until;
      } else {
        for (int p = move.to; p < move.from; ++p) pair_tabu_[PairSlot(seq[p], moved)] = until;
      }
    }
    graph_.MoveWithin(move.machine, move.from, move.to);
  }
  const bool acyclic = move.kind == MoveKind::kReassign
                           ? graph_.Evaluate()
                           : graph_.EvaluateAfter(move.machine, std::min(move.from, move.to),
                                                  std::max(move.from, move.to));
  if (acyclic) return true;
  // A cycle (only possible with zero durations): undo, and keep the move from being retried.
  if (move.kind == MoveKind::kReassign) {
    option_tabu_[graph_.OptionId(move.op, move.option)] = until;
    graph_.Reassign(move.op, old_option, old_position);
  } else {
    graph_.MoveWithin(move.machine, move.to, move.from);
  }
  graph_.Evaluate();
  return false;
}

std::int64_t TabuWalk::Step() {
  ++iteration_;
  work_ = 1;
  graph_.CriticalPath(random_(), path_);
  CollectMoves();
  exhausted_ = moves_.empty();
  if (exhausted_) return work_;
  const Move* chosen = nullptr;
  std::int64_t chosen_ties = 0;
  const Move* fallback = nullptr;  // best tabu move, used when every move is tabu
  for (const Move& move : moves_) {
    if (chosen != nullptr && move.estimate > chosen->estimate) continue;
    const bool allowed = move.estimate < best_.makespan || !IsTabu(move);
    if (!allowed) {
      if (fallback == nullptr || move.estimate < fallback->estimate) fallback = &move;
      continue;
    }
    if (chosen == nullptr || move.estimate < chosen->estimate) {
      chosen = &move;
      chosen_ties = 1;
    } else if (random_() % static_cast<std::uint64_t>(++chosen_ties) == 0) {
      chosen = &move;
    }
  }
  if (chosen == nullptr) chosen = fallback;
  Apply(*chosen, true);
  NoteSolution();
  return work_;
}

std::int64_t TabuWalk::Perturb(int moves) {
  work_ = 0;
  for (int c = 0; c < moves; ++c) {
    graph_.CriticalPath(random_(), path_);
    CollectMoves();
    if (moves_.empty()) break;
    const Move move = moves_[random_() % moves_.size()];
    Apply(move, false);
  }
  NoteSolution();
  return work_;
}

}  // namespace takt::solver
