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
  while (placed_count < n) {
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
    const Operation& op = problem_.operations[o];
    Minutes min_end = 0;
    const Minutes est = EarliestStart(o, &min_end);
    const int forced = request_.forced_mode.empty() ? -1 : request_.forced_mode[o];
    Placement best;
    bool blocked = false;
    std::string why;
    for (int k = 0; k < static_cast<int>(op.modes.size()); ++k) {
      if (forced >= 0 && k != forced) continue;
      Placement p = Place(o, k, est, min_end);
      if (p.status == PlaceStatus::kBlocked) blocked = true;
      if (p.status != PlaceStatus::kPlaced) {
        if (why.empty()) why = p.why;
        continue;
      }
      if (best.status != PlaceStatus::kPlaced || p.assignment.end < best.assignment.end) {
        best = std::move(p);
      }
    }
    if (best.status != PlaceStatus::kPlaced) {
      if (blocked) {
        waiting_.push_back(o);
        continue;
      }
      failure_ = "operation " + op.code + " cannot be placed: " + why;
      return Outcome::kFailed;
    }
    Commit(o, best.assignment);
    ++placed_count;
    const Outcome lag = CheckMaxLags(o);
    if (lag != Outcome::kDone) return lag;
  }
  return Outcome::kDone;
}

DecodeRun::Outcome DecodeRun::CheckMaxLags(int o) {
  const Assignment& a = assignments_[o];
  for (int link : decoder_.Predecessors(o)) {
    const Precedence& p = problem_.precedences[link];
    const Assignment& before = assignments_[p.before];
    const bool after_end = p.type == LinkType::kFinishFinish || p.type == LinkType::kStartFinish;
    const bool before_end = p.type == LinkType::kFinishStart || p.type == LinkType::kFinishFinish;
    const Minutes diff =
        (after_end ? a.end : a.setup_start) - (before_end ? before.end : before.setup_start);
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
    // Start the predecessor later by the shortfall and decode again.
    extra_release_[p.before] =
        std::max(extra_release_[p.before], before.setup_start + (diff - p.max_lag));
    failure_ =
        "operation " + problem_.operations[o].code + " cannot meet the max lag after " + pred.code;
    return Outcome::kRestart;
  }
  for (int link : decoder_.Successors(o)) {
    const Precedence& p = problem_.precedences[link];
    if (!placed_[p.after]) continue;
    const Assignment& after = assignments_[p.after];
    const bool after_end = p.type == LinkType::kFinishFinish || p.type == LinkType::kStartFinish;
    const bool before_end = p.type == LinkType::kFinishStart || p.type == LinkType::kFinishFinish;
    const Minutes diff =
        (after_end ? after.end : after.setup_start) - (before_end ? a.end : a.setup_start);
    if (diff < p.min_lag) {
      failure_ = "operation " + problem_.operations[o].code + " cannot finish in time for fixed " +
                 "operation " + problem_.operations[p.after].code;
      return Outcome::kFailed;
    }
  }
  return Outcome::kDone;
}

DecodeRun::Placement DecodeRun::Place(int o, int k, Minutes est, Minutes min_end) {
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
  auto move_to = [&](Minutes next) {
    t = next;
    excluded.clear();
    excluded_release = kNoTime;
  };
  for (int step = 0; step < kMaxPlacementSteps; ++step) {
    ++work_;
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
    if (pos != slots.begin() && std::prev(pos)->end > t) {
      move_to(std::prev(pos)->end);
      continue;
    }
    const Minutes changeover = (matrix != nullptr && pos != slots.begin())
                                   ? matrix->Changeover(std::prev(pos)->family, op.setup_family)
                                   : 0;
    const Minutes setup = mode.setup + changeover;

    Minutes next_event = excluded_release;
    if (!ChooseOperators(o, k, t, excluded, chosen, next_event)) {
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
