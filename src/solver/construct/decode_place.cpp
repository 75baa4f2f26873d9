// DecodeRun's main loop and the search for one operation's earliest feasible placement. Every
// step of the placement search moves the candidate start to the next event that could resolve the
// conflict it found (a window start, the end of a busy interval, a work-center span end), so the
// number of steps follows the number of intervals, not minutes.
#include <algorithm>

#include "solver/construct/decode_run.hpp"

namespace takt::solver {

DecodeRun::Outcome DecodeRun::Execute() {
  const int n = static_cast<int>(problem_.operations.size());
  for (int o = 0; o < n; ++o) missing_preds_[o] = static_cast<int>(decoder_.Predecessors(o).size());
  PlaceFixed();
  for (int o = 0; o < n; ++o) {
    if (!placed_[o] && missing_preds_[o] == 0) Push(o);
  }
  int placed_count = static_cast<int>(std::count(placed_.begin(), placed_.end(), 1));
  bool restart = false;
  while (placed_count < n) {
    if ((placed_count & 1023) == 0 && request_.should_stop && request_.should_stop()) {
      failure_ = "stopped before the schedule was complete";
      return Outcome::kFailed;
    }
    if (queue_.empty()) {
      if (!waiting_.empty()) {
        const Operation& op = problem_.operations[waiting_.front()];
        failure_ = "operation " + op.code +
                   " can never enter its work center: the WIP limit is taken by jobs that wait "
                   "for it";
      } else {
        failure_ = "some operations can never start: their predecessors form a cycle";
      }
      return Outcome::kFailed;
    }
    const int o = std::get<2>(queue_.top());
    queue_.pop();
    if (placed_[o]) continue;
    // An operation with max-lag successors goes together with them where it can (see
    // FormBlock for kept sequences).
    if (decoder_.LeadsMaxLag(o)) {
      FormBlock(o);
      if (block_.size() > 1) {
        const BlockOutcome outcome = PlaceBlock();
        if (outcome == BlockOutcome::kBlocked) {
          waiting_.push_back(o);
          continue;
        }
        if (outcome == BlockOutcome::kPlaced) {
          const std::vector<int> members = block_;
          placed_count += static_cast<int>(members.size());
          for (int x : members) ReleaseSuccessors(x);
          for (int x : members) {
            Outcome lag = CheckMaxLags(x);
            if (lag == Outcome::kRestart && RepairMaxLag(x)) lag = Outcome::kDone;
            if (lag == Outcome::kFailed) return lag;
            if (lag == Outcome::kRestart) restart = true;
          }
          continue;
        }
        // kGaveUp: the operation goes alone, its successors follow as usual.
      }
      in_block_[o] = 0;
    }
    bool blocked = false;
    std::string why;
    Placement best = PlaceBest(o, &blocked, &why);
    if (best.status != PlaceStatus::kPlaced) {
      if (blocked) {
        waiting_.push_back(o);
        continue;
      }
      failure_ = "operation " + problem_.operations[o].code + " cannot be placed: " + why;
      return Outcome::kFailed;
    }
    Commit(o, best.assignment, true);
    ++placed_count;
    // A max lag the operation cannot meet is first repaired on the spot (its predecessor moves
    // later); failing that, the predecessor starts later in the next pass. The pass goes on, so
    // one pass collects every repair it needs.
    Outcome lag = CheckMaxLags(o);
    if (lag == Outcome::kRestart && RepairMaxLag(o)) lag = Outcome::kDone;
    if (lag == Outcome::kFailed) return lag;
    if (lag == Outcome::kRestart) restart = true;
  }
  return restart ? Outcome::kRestart : Outcome::kDone;
}

DecodeRun::Placement DecodeRun::PlaceBest(int o, bool* blocked, std::string* why) {
  const Operation& op = problem_.operations[o];
  Minutes min_end = 0;
  const Minutes est = EarliestStart(o, &min_end);
  const int forced = request_.forced_mode.empty() ? -1 : request_.forced_mode[o];
  Placement best;
  for (int k = 0; k < static_cast<int>(op.modes.size()); ++k) {
    if (forced >= 0 && k != forced) continue;
    const Minutes cutoff = best.status == PlaceStatus::kPlaced ? best.assignment.end : kNoTime;
    Placement p = Place(o, k, est, min_end, cutoff);
    if (p.status == PlaceStatus::kBlocked) *blocked = true;
    if (p.status != PlaceStatus::kPlaced) {
      if (why->empty()) *why = p.why;
      continue;
    }
    if (best.status != PlaceStatus::kPlaced || p.assignment.end < best.assignment.end) {
      best = std::move(p);
    }
  }
  return best;
}

void DecodeRun::Uncommit(int x) {
  const Assignment& a = assignments_[x];
  auto& slots = machine_slots_[a.machine];
  for (auto it = slots.begin(); it != slots.end(); ++it) {
    if (it->op == x) {
      slots.erase(it);
      break;
    }
  }
  const Mode& mode = problem_.operations[x].modes[a.mode];
  std::size_t index = 0;
  for (const OperatorRequirement& req : mode.operators) {
    for (int c = 0; c < req.count && index < a.operators.size(); ++c, ++index) {
      const Minutes span_end = req.attendance == Attendance::kFull ? a.end : a.run_start;
      auto& busy = operator_busy_[a.operators[index]];
      for (auto it = busy.begin(); it != busy.end(); ++it) {
        if (it->start == a.setup_start && it->end == span_end) {
          busy.erase(it);
          break;
        }
      }
    }
  }
  placed_[x] = 0;
  RebuildJobWip(problem_.operations[x].job);
}

void DecodeRun::RebuildJobWip(int job) {
  for (CenterState& state : job_centers_[job]) {
    state.remaining = 0;
    state.max_end = 0;
    Minutes first = kNoTime;
    for (int x : problem_.jobs[job].operations) {
      const Operation& op = problem_.operations[x];
      bool may_run_here = false;
      for (const Mode& m : op.modes) {
        may_run_here = may_run_here || problem_.machines[m.machine].work_center == state.center;
      }
      if (!may_run_here) continue;
      if (!placed_[x]) {
        ++state.remaining;
      } else if (problem_.machines[assignments_[x].machine].work_center == state.center) {
        first = std::min(first, assignments_[x].setup_start);
        state.max_end = std::max(state.max_end, assignments_[x].end);
      }
    }
    if (state.span < 0) continue;
    if (first >= kNoTime) {  // the job is no longer in the center: the span covers nothing
      SetSpan(state.center, state.span, kNoTime, kNoTime);
    } else {
      SetSpan(state.center, state.span, first, state.remaining == 0 ? state.max_end : kNoTime);
    }
  }
}

DecodeRun::Placement DecodeRun::Place(int o, int k, Minutes est, Minutes min_end, Minutes cutoff) {
  const Operation& op = problem_.operations[o];
  const Mode& mode = op.modes[k];
  const Machine& machine = problem_.machines[mode.machine];
  const SetupMatrix* matrix =
      machine.setup_matrix >= 0 ? &problem_.setup_matrices[machine.setup_matrix] : nullptr;
  WorkingTime machine_time;
  machine_time.Add(machine.calendar >= 0 ? &problem_.calendars[machine.calendar] : nullptr);
  const auto& slots = machine_slots_[mode.machine];

  Placement result;
  std::vector<int> excluded;
  std::vector<int> chosen;
  Minutes excluded_release = kNoTime;
  Minutes t = est;
  const bool sequenced = Sequenced(o);
  if (sequenced) t = std::max(t, sequence_end_[mode.machine]);
  bool strict_operators = sequenced;
  const Minutes min_length = mode.setup + mode.run;
  auto move_to = [&](Minutes next) {
    t = next;
    excluded.clear();
    excluded_release = kNoTime;
  };
  for (int step = 0; step < kMaxPlacementSteps; ++step) {
    ++work_;
    // Every placement from t on ends at t + min_length or later: no better than `cutoff`.
    if (t + min_length >= cutoff) {
      result.why = "another mode ends earlier";
      return result;
    }
    const Minutes on = machine_time.NextWorking(t);
    if (on >= kNoTime) {
      result.why =
          "machine " + machine.code + " has no working time left after minute " + std::to_string(t);
      return result;
    }
    if (on != t) {
      move_to(on);
      continue;
    }
    auto pos = std::upper_bound(slots.begin(), slots.end(), t,
                                [](Minutes v, const Slot& s) { return v < s.start; });
    // Skip, by arithmetic alone, the slot t falls in and every following gap shorter than the
    // operation's working minutes (no calendar can make an operation take less elapsed time than
    // its work): one scan over the machine's slots instead of one step per slot.
    const bool inside = pos != slots.begin() && std::prev(pos)->end > t;
    if (inside || (pos != slots.end() && pos->start - t < min_length)) {
      Minutes free_from = inside ? std::prev(pos)->end : t;
      while (pos != slots.end() && pos->start - free_from < min_length) {
        free_from = std::max(free_from, pos->end);
        ++pos;
      }
      move_to(free_from);
      continue;
    }
    const Minutes changeover = (matrix != nullptr && pos != slots.begin())
                                   ? matrix->Changeover(std::prev(pos)->family, op.setup_family)
                                   : 0;
    const Minutes setup = mode.setup + changeover;

    Minutes next_event = excluded_release;
    if (!ChooseOperators(o, k, t, setup, strict_operators, excluded, chosen, next_event)) {
      if (next_event >= kNoTime && strict_operators) {
        strict_operators = false;  // the kept operators can no longer serve: choose freely
        continue;
      }
      if (next_event >= kNoTime) {
        result.why =
            "not enough qualified operators are available for mode on machine " + machine.code;
        return result;
      }
      move_to(std::max(next_event, t + 1));
      continue;
    }
    WorkingTime setup_time = machine_time;
    WorkingTime run_time = machine_time;
    {
      std::size_t index = 0;
      for (const OperatorRequirement& req : mode.operators) {
        for (int c = 0; c < req.count; ++c, ++index) {
          const int cal = problem_.operators[chosen[index]].calendar;
          const Calendar* calendar = cal >= 0 ? &problem_.calendars[cal] : nullptr;
          setup_time.Add(calendar);
          if (req.attendance == Attendance::kFull) run_time.Add(calendar);
        }
      }
    }
    Assignment a;
    a.mode = k;
    a.machine = mode.machine;
    a.operators = chosen;
    a.setup_minutes = setup;
    if (!op.interruptible) {
      Minutes s = t;
      for (int round = 0; round < 1000; ++round) {
        const Minutes s1 = setup_time.FitContiguous(s, setup);
        const Minutes s2 = s1 >= kNoTime ? kNoTime : run_time.FitContiguous(s1, setup + mode.run);
        if (s2 >= kNoTime || s2 == s1) {
          s = s2;
          break;
        }
        s = s2;
      }
      if (s >= kNoTime) {
        result.why = "no working window on machine " + machine.code + " is long enough";
        return result;
      }
      if (s != t) {
        move_to(s);
        continue;
      }
      a.setup_start = s;
      a.run_start = s + setup;
      a.end = a.run_start + mode.run;
    } else {
      const WorkingTime& first = setup > 0 ? setup_time : run_time;
      const Minutes s = (setup > 0 || mode.run > 0) ? first.NextWorking(t) : t;
      if (s >= kNoTime) {
        result.why = "the calendars of machine " + machine.code + " and its operators never meet";
        return result;
      }
      if (s != t) {
        move_to(s);
        continue;
      }
      const Minutes setup_end = setup_time.Advance(s, setup);
      a.setup_start = s;
      a.run_start =
          mode.run > 0 && setup_end < kNoTime ? run_time.NextWorking(setup_end) : setup_end;
      a.end = a.run_start >= kNoTime ? kNoTime : run_time.Advance(a.run_start, mode.run);
      if (a.end >= kNoTime) {
        result.why = "the calendars of machine " + machine.code + " end before the work does";
        return result;
      }
    }
    if (a.end < min_end) {
      move_to(t + (min_end - a.end));
      continue;
    }
    if (pos != slots.end() &&
        (a.end > pos->start ||
         (matrix != nullptr &&
          matrix->Changeover(op.setup_family, pos->family) > pos->allowance))) {
      move_to(std::max(pos->end, t + 1));
      continue;
    }
    bool conflict = false;
    {
      std::size_t index = 0;
      for (const OperatorRequirement& req : mode.operators) {
        for (int c = 0; c < req.count; ++c, ++index) {
          const int p = chosen[index];
          const Minutes span_end = req.attendance == Attendance::kFull ? a.end : a.run_start;
          Minutes busy_end = kNoTime;
          const bool free =
              span_end <= a.setup_start || OperatorFree(p, a.setup_start, span_end, &busy_end);
          if (!free || !SkillValid(p, req, a.setup_start, std::max(span_end, a.setup_start + 1))) {
            excluded.push_back(p);
            excluded_release = std::min(excluded_release, busy_end);
            conflict = true;
          }
        }
      }
    }
    if (conflict) continue;
    const Minutes wip = CheckWip(op.job, mode.machine, a.setup_start, a.end);
    if (wip < 0) {
      result.status = PlaceStatus::kBlocked;
      result.why = "work center WIP limit";
      return result;
    }
    if (wip > 0) {
      move_to(std::max(wip, t + 1));
      continue;
    }
    result.status = PlaceStatus::kPlaced;
    result.assignment = std::move(a);
    return result;
  }
  result.why = "the search for a start time did not settle";
  return result;
}

}  // namespace takt::solver
