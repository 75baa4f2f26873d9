// DecodeRun's handling of maximum lags, which a greedy pass cannot see coming: a successor placed
// too late for its predecessor's max lag means the predecessor has to move later.
// - Blocks (first line of defence): when an operation is dispatched, the successors it is linked
//   to by a max lag that have no other unplaced predecessor are placed with it, one after the
//   other. When a member misses the max lag of an earlier member, the whole block is taken back
//   (last placed first, so the timelines are exactly as before) and placed again with the earlier
//   member's start or end raised to what the lag needs. Bounds only grow, so this settles or gives
//   up after a few rounds; its cost is a few placements of the block's operations, nothing else.
// - Local repair: a violation across operations that were not placed together moves the
//   predecessor later on the spot when nothing else depends on it yet.
// - Restart (last resort): the predecessor's release is raised for the next pass.
// All of it works on the four link types alike through the sides a link measures.
#include <algorithm>

#include "solver/construct/decode_run.hpp"

namespace takt::solver {
namespace {

bool AfterIsEnd(LinkType type) {
  return type == LinkType::kFinishFinish || type == LinkType::kStartFinish;
}

bool BeforeIsEnd(LinkType type) {
  return type == LinkType::kFinishStart || type == LinkType::kFinishFinish;
}

// The measured value of the link's `after` side minus that of its `before` side.
Minutes LagOf(const Precedence& link, const Assignment& before, const Assignment& after) {
  return (AfterIsEnd(link.type) ? after.end : after.setup_start) -
         (BeforeIsEnd(link.type) ? before.end : before.setup_start);
}

constexpr std::size_t kMaxBlockSize = 32;
constexpr int kMaxBlockRounds = 24;

}  // namespace

void DecodeRun::FormBlock(int o) {
  block_.clear();
  block_.push_back(o);
  in_block_[o] = 1;
  for (std::size_t i = 0; i < block_.size() && block_.size() < kMaxBlockSize; ++i) {
    for (int link : decoder_.Successors(block_[i])) {
      const Precedence& p = problem_.precedences[link];
      const int y = p.after;
      if (p.max_lag >= kNoTime || placed_[y] || in_block_[y]) continue;
      // Two operations of a kept sequence keep their places (the schedule they come from met the
      // lag); an operation set free is placed with the one it is linked to.
      if (Sequenced(block_[i]) && Sequenced(y)) continue;
      bool ready = true;
      for (int back : decoder_.Predecessors(y)) {
        const int before = problem_.precedences[back].before;
        ready = ready && (placed_[before] || in_block_[before]);
      }
      if (!ready || block_.size() >= kMaxBlockSize) continue;
      block_.push_back(y);
      in_block_[y] = 1;
    }
  }
}

DecodeRun::BlockOutcome DecodeRun::PlaceBlock() {
  struct Saved {
    Minutes start_bound;
    Minutes end_bound;
  };
  std::vector<Saved> saved;
  saved.reserve(block_.size());
  for (int x : block_) saved.push_back(Saved{lag_start_[x], lag_end_[x]});
  std::vector<std::pair<int, Minutes>> sequence_undo;  // (machine, sequence end before)
  BlockOutcome outcome = BlockOutcome::kGaveUp;
  for (int round = 0; round < kMaxBlockRounds; ++round) {
    std::size_t committed = 0;
    bool raised = false;
    bool blocked = false;
    for (; committed < block_.size(); ++committed) {
      const int x = block_[committed];
      std::string why;
      blocked = false;
      const Placement placement = PlaceBest(x, &blocked, &why);
      if (placement.status != PlaceStatus::kPlaced) break;
      sequence_undo.emplace_back(placement.assignment.machine,
                                 sequence_end_[placement.assignment.machine]);
      Commit(x, placement.assignment, false);
      // Every earlier member is placed: check the max lags from them.
      for (int link : decoder_.Predecessors(x)) {
        const Precedence& p = problem_.precedences[link];
        if (p.max_lag >= kNoTime || !in_block_[p.before]) continue;
        const Minutes lag = LagOf(p, assignments_[p.before], assignments_[x]);
        if (lag <= p.max_lag) continue;
        const Assignment& a = assignments_[x];
        const Minutes needed = (AfterIsEnd(p.type) ? a.end : a.setup_start) - p.max_lag;
        Minutes& bound = BeforeIsEnd(p.type) ? lag_end_[p.before] : lag_start_[p.before];
        bound = std::max(bound, needed);
        raised = true;
        break;
      }
      if (raised) {
        ++committed;
        break;
      }
    }
    if (committed == block_.size() && !raised) {
      outcome = BlockOutcome::kPlaced;
      break;
    }
    // Take the block back, last placed first: the timelines return to what they were.
    for (std::size_t i = committed; i-- > 0;) {
      Uncommit(block_[i]);
      sequence_end_[sequence_undo.back().first] = sequence_undo.back().second;
      sequence_undo.pop_back();
    }
    if (!raised) {
      outcome = blocked ? BlockOutcome::kBlocked : BlockOutcome::kGaveUp;
      break;
    }
  }
  if (outcome != BlockOutcome::kPlaced) {
    for (std::size_t i = 0; i < block_.size(); ++i) {
      lag_start_[block_[i]] = saved[i].start_bound;
      lag_end_[block_[i]] = saved[i].end_bound;
    }
  }
  for (int x : block_) in_block_[x] = 0;
  return outcome;
}

bool DecodeRun::RepairMaxLag(int o) {
  for (int attempt = 0; attempt < 8; ++attempt) {
    int pred = -1;
    Minutes deficit = 0;
    for (int link : decoder_.Predecessors(o)) {
      const Precedence& p = problem_.precedences[link];
      if (p.max_lag >= kNoTime) continue;
      const Minutes diff = LagOf(p, assignments_[p.before], assignments_[o]);
      if (diff > p.max_lag) {
        pred = p.before;
        deficit = diff - p.max_lag;
        break;
      }
    }
    if (pred < 0) return true;
    // Only a predecessor whose other successors are not placed yet can move without a cascade.
    const Operation& pred_op = problem_.operations[pred];
    if (pred_op.pinned || pred_op.in_progress) return false;
    // Taking an operation out from between two others on a machine with changeovers would leave
    // the next one with a changeover it did not plan for: only the last one on a machine moves.
    for (int x : {pred, o}) {
      if (!RemovableFromSequence(x)) return false;
    }
    for (int link : decoder_.Successors(pred)) {
      const int after = problem_.precedences[link].after;
      if (after != o && placed_[after]) return false;
    }
    // Nor can `o` once something after it is placed (a block member checked after its block).
    for (int link : decoder_.Successors(o)) {
      if (placed_[problem_.precedences[link].after]) return false;
    }
    const Assignment old_pred = assignments_[pred];
    const Assignment old_op = assignments_[o];
    Uncommit(o);
    Uncommit(pred);
    extra_release_[pred] = std::max(extra_release_[pred], old_pred.setup_start + deficit);
    bool blocked = false;
    std::string why;
    Placement moved = PlaceBest(pred, &blocked, &why);
    Placement again;
    if (moved.status == PlaceStatus::kPlaced) {
      Commit(pred, moved.assignment, false);
      if (CheckMaxLags(pred) == Outcome::kDone) {
        again = PlaceBest(o, &blocked, &why);
        if (again.status == PlaceStatus::kPlaced) {
          Commit(o, again.assignment, false);
          continue;
        }
      }
      Uncommit(pred);
    }
    Commit(pred, old_pred, false);  // put both back as they were
    Commit(o, old_op, false);
    return false;
  }
  return false;
}

bool DecodeRun::RemovableFromSequence(int x) const {
  const Assignment& a = assignments_[x];
  const Machine& machine = problem_.machines[a.machine];
  if (machine.setup_matrix < 0) return true;
  const auto& slots = machine_slots_[a.machine];
  for (std::size_t i = 0; i < slots.size(); ++i) {
    if (slots[i].op != x) continue;
    if (i + 1 == slots.size()) return true;
    const int before = i == 0 ? -1 : slots[i - 1].family;
    const Slot& next = slots[i + 1];
    const Minutes needed =
        i == 0 ? 0 : problem_.setup_matrices[machine.setup_matrix].Changeover(before, next.family);
    return needed <= next.allowance;
  }
  return true;
}

DecodeRun::Outcome DecodeRun::CheckMaxLags(int o) {
  const Assignment& a = assignments_[o];
  for (int link : decoder_.Predecessors(o)) {
    const Precedence& p = problem_.precedences[link];
    const Assignment& before = assignments_[p.before];
    const Minutes diff = LagOf(p, before, a);
    if (diff < p.min_lag) {
      failure_ = "operation " + problem_.operations[o].code + " is fixed too early for its " +
                 LinkTypeName(p.type) + " link from " + problem_.operations[p.before].code;
      return Outcome::kFailed;
    }
    if (p.max_lag >= kNoTime || diff <= p.max_lag) continue;
    const Operation& pred = problem_.operations[p.before];
    if (pred.pinned || pred.in_progress) {
      failure_ = "operation " + problem_.operations[o].code +
                 " cannot start within the max lag of " + std::to_string(p.max_lag) +
                 " min after fixed operation " + pred.code;
      return Outcome::kFailed;
    }
    // Decode again: a pair kept in sequence is released from it, so that the next pass places
    // it as a block; otherwise the predecessor starts later by the shortfall.
    if (Sequenced(p.before) || Sequenced(o)) {
      unkept_[p.before] = 1;
      unkept_[o] = 1;
    } else {
      extra_release_[p.before] =
          std::max(extra_release_[p.before], before.setup_start + (diff - p.max_lag));
    }
    failure_ =
        "operation " + problem_.operations[o].code + " cannot meet the max lag after " + pred.code;
    return Outcome::kRestart;
  }
  for (int link : decoder_.Successors(o)) {
    const Precedence& p = problem_.precedences[link];
    if (!placed_[p.after]) continue;
    const Minutes diff = LagOf(p, a, assignments_[p.after]);
    if (diff < p.min_lag) {
      failure_ = "operation " + problem_.operations[o].code + " cannot finish in time for fixed " +
                 "operation " + problem_.operations[p.after].code;
      return Outcome::kFailed;
    }
  }
  return Outcome::kDone;
}

}  // namespace takt::solver
