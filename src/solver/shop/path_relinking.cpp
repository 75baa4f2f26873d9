#include "solver/shop/path_relinking.hpp"

#include <algorithm>
#include <limits>

namespace takt::solver {
namespace {

constexpr int kMaxSteps = 2000;

}  // namespace

PathRelinking::PathRelinking(const ShopInstance& instance) : graph_(instance) {
  target_position_.assign(graph_.OperationCount(), 0);
  pending_.reserve(graph_.OperationCount());
}

bool PathRelinking::Matches(int op) const {
  return graph_.Option(op) == guiding_->option[op] && graph_.Position(op) == target_position_[op];
}

int PathRelinking::MachineDistance(int machine) const {
  int distance = 0;
  for (const int op : graph_.Sequence(machine)) distance += Matches(op) ? 0 : 1;
  return distance;
}

bool PathRelinking::Relink(const ShopSequencing& initiating, const ShopSequencing& guiding,
                           int min_distance, std::mt19937_64& random, ShopSequencing& out) {
  const int n = graph_.OperationCount();
  work_ = n;
  guiding_ = &guiding;
  for (const std::vector<int>& seq : guiding.sequence) {
    for (int idx = 0; idx < static_cast<int>(seq.size()); ++idx) target_position_[seq[idx]] = idx;
  }
  graph_.Load(initiating);
  if (!graph_.Evaluate()) return false;
  pending_.clear();
  for (int op = 0; op < n; ++op) {
    if (!Matches(op)) pending_.push_back(op);
  }
  const int initial_distance = static_cast<int>(pending_.size());
  if (initial_distance < std::max(2, min_distance)) return false;
  // Progress window (distance covered) in which the returned solution is chosen. Each step costs
  // a re-evaluation, so on very large instances the window is capped (the child then lies nearer
  // the initiating solution) to keep one relinking within a fraction of a second.
  const int window_low = std::max(1, std::min(initial_distance * 3 / 10, kMaxSteps / 2));
  const int window_high = std::max(window_low, std::min(initial_distance * 6 / 10, kMaxSteps));
  int distance = initial_distance;
  std::int64_t chosen = std::numeric_limits<std::int64_t>::max();
  int failures = 0;
  int steps = 0;  // bounds the walk when reassignments disturb positions on other machines
  while (!pending_.empty() && initial_distance - distance < window_high &&
         steps < 2 * initial_distance && failures <= static_cast<int>(pending_.size())) {
    const std::size_t pick = random() % pending_.size();
    const int op = pending_[pick];
    if (Matches(op)) {
      pending_[pick] = pending_.back();
      pending_.pop_back();
      continue;
    }
    const int old_machine = graph_.Machine(op);
    const int old_option = graph_.Option(op);
    const int old_position = graph_.Position(op);
    int change = 0;  // change of the distance
    if (old_option != guiding.option[op]) {
      const int machine = graph_.OptionMachine(op, guiding.option[op]);
      const int before = MachineDistance(old_machine) + MachineDistance(machine);
      const int index =
          std::min(target_position_[op], static_cast<int>(graph_.Sequence(machine).size()));
      graph_.Reassign(op, guiding.option[op], index);
      change = MachineDistance(old_machine) + MachineDistance(machine) - before;
      work_ += n;
      if (!graph_.Evaluate()) {
        graph_.Reassign(op, old_option, old_position);
        ++failures;
        continue;
      }
    } else {
      const int target = target_position_[op];
      if (target >= static_cast<int>(graph_.Sequence(old_machine).size())) {
        ++failures;  // its place exists only once other operations have moved here
        continue;
      }
      const int partner = graph_.Sequence(old_machine)[target];
      const int before = (Matches(op) ? 0 : 1) + (Matches(partner) ? 0 : 1);
      graph_.SwapWithin(old_machine, old_position, target);
      change = (Matches(op) ? 0 : 1) + (Matches(partner) ? 0 : 1) - before;
      work_ += n;
      if (!graph_.EvaluateAfter(old_machine, std::min(old_position, target),
                                std::max(old_position, target))) {
        graph_.SwapWithin(old_machine, old_position, target);
        ++failures;
        continue;
      }
    }
    failures = 0;
    ++steps;
    distance += change;
    if (initial_distance - distance >= window_low && graph_.Makespan() < chosen) {
      chosen = graph_.Makespan();
      graph_.Save(out);
    }
  }
  return chosen != std::numeric_limits<std::int64_t>::max();
}

}  // namespace takt::solver
