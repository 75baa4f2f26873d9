#include "solver/construct/decode_run.hpp"

#include <algorithm>

namespace takt::solver {
namespace {

const Calendar* CalendarOf(const Problem& problem, int index) {
  return index < 0 ? nullptr : &problem.calendars[index];
}

// The value a precedence link measures on its `after` side must be at least / at most this.
struct LinkSides {
  Minutes before_value;  // start or end of `before`
  bool after_is_end;     // the link constrains the end of `after` (FF, SF)
};

LinkSides SidesOf(const Precedence& link, const Assignment& before) {
  switch (link.type) {
    case LinkType::kFinishStart: return {before.end, false};
    case LinkType::kStartStart: return {before.setup_start, false};
    case LinkType::kFinishFinish: return {before.end, true};
    case LinkType::kStartFinish: return {before.setup_start, true};
  }
  return {before.end, false};
}

}  // namespace

DecodeRun::DecodeRun(const Decoder& decoder, const DecodeRequest& request,
                     std::vector<Minutes>& extra_release, std::vector<char>& unkept)
    : decoder_(decoder),
      problem_(decoder.problem()),
      request_(request),
      extra_release_(extra_release),
      unkept_(unkept) {
  const std::size_t n = problem_.operations.size();
  assignments_.resize(n);
  placed_.assign(n, 0);
  lag_start_.assign(n, 0);
  lag_end_.assign(n, 0);
  in_block_.assign(n, 0);
  missing_preds_.assign(n, 0);
  machine_slots_.resize(problem_.machines.size());
  sequence_end_.assign(problem_.machines.size(), -kNoTime);
  operator_busy_.resize(problem_.operators.size());
  probe_time_.assign(problem_.calendars.size(), -kNoTime);
  probe_next_.assign(problem_.calendars.size(), 0);
  spans_.resize(problem_.work_centers.size());
  span_starts_.resize(problem_.work_centers.size());
  span_ends_.resize(problem_.work_centers.size());
  job_centers_.resize(problem_.jobs.size());
  for (std::size_t j = 0; j < problem_.jobs.size(); ++j) {
    for (const auto& [center, count] : decoder_.job_center_ops_[j]) {
      job_centers_[j].push_back(CenterState{center, -1, count, 0});
    }
  }
}

bool DecodeRun::Sequenced(int o) const {
  return request_.keep_sequences && !request_.forced_mode.empty() && request_.forced_mode[o] >= 0 &&
         !unkept_[o];
}

void DecodeRun::SetSpan(int center, int index, Minutes start, Minutes end) {
  Span& span = spans_[center][index];
  auto move = [](std::vector<Minutes>& sorted, Minutes from, Minutes to) {
    if (from == to) return;
    auto it = std::lower_bound(sorted.begin(), sorted.end(), from);
    sorted.erase(it);
    sorted.insert(std::upper_bound(sorted.begin(), sorted.end(), to), to);
  };
  move(span_starts_[center], span.start, start);
  move(span_ends_[center], span.end, end);
  span.start = start;
  span.end = end;
}

DecodeRun::CenterState* DecodeRun::FindCenter(int job, int center) {
  for (CenterState& s : job_centers_[job]) {
    if (s.center == center) return &s;
  }
  return nullptr;
}

void DecodeRun::PlaceFixed() {
  // Work in progress first, then pins in start order, so changeovers follow machine order.
  std::vector<int> pins;
  for (int o = 0; o < static_cast<int>(problem_.operations.size()); ++o) {
    const Operation& op = problem_.operations[o];
    if (op.in_progress) {
      const FixedPlacement& f = *op.in_progress;
      Assignment a;
      a.mode = f.mode;
      a.machine = op.modes[f.mode].machine;
      a.operators = f.operators;
      a.setup_start = a.run_start = f.start;
      a.end = std::max<Minutes>(f.start, 0) + f.remaining;
      Commit(o, a, true);
    } else if (op.pinned) {
      pins.push_back(o);
    }
  }
  std::sort(pins.begin(), pins.end(), [&](int a, int b) {
    return problem_.operations[a].pinned->start < problem_.operations[b].pinned->start;
  });
  for (int o : pins) {
    const Operation& op = problem_.operations[o];
    const FixedPlacement& f = *op.pinned;
    const Mode& mode = op.modes[f.mode];
    Assignment a;
    a.mode = f.mode;
    a.machine = mode.machine;
    a.operators = f.operators;
    a.setup_start = f.start;
    Minutes changeover = 0;
    const Machine& machine = problem_.machines[mode.machine];
    const auto& slots = machine_slots_[mode.machine];
    auto pos = std::upper_bound(slots.begin(), slots.end(), f.start,
                                [](Minutes v, const Slot& s) { return v < s.start; });
    if (machine.setup_matrix >= 0 && pos != slots.begin()) {
      changeover = problem_.setup_matrices[machine.setup_matrix].Changeover(std::prev(pos)->family,
                                                                            op.setup_family);
    }
    a.setup_minutes = mode.setup + changeover;
    if (op.interruptible) {
      WorkingTime setup_time, run_time;
      setup_time.Add(CalendarOf(problem_, machine.calendar));
      run_time.Add(CalendarOf(problem_, machine.calendar));
      std::size_t index = 0;
      for (const OperatorRequirement& req : mode.operators) {
        for (int c = 0; c < req.count && index < f.operators.size(); ++c, ++index) {
          const Calendar* cal =
              CalendarOf(problem_, problem_.operators[f.operators[index]].calendar);
          setup_time.Add(cal);
          if (req.attendance == Attendance::kFull) run_time.Add(cal);
        }
      }
      const Minutes setup_end = setup_time.Advance(f.start, a.setup_minutes);
      a.run_start = mode.run > 0 ? run_time.NextWorking(setup_end) : setup_end;
      a.end = run_time.Advance(a.run_start, mode.run);
    } else {
      a.run_start = f.start + a.setup_minutes;
      a.end = a.run_start + mode.run;
    }
    Commit(o, a, true);
  }
}

void DecodeRun::Commit(int o, const Assignment& a, bool notify) {
  const Operation& op = problem_.operations[o];
  assignments_[o] = a;
  placed_[o] = 1;
  if (Sequenced(o)) {
    sequence_end_[a.machine] = std::max(sequence_end_[a.machine], a.end);
  }
  auto& slots = machine_slots_[a.machine];
  const Mode& mode = op.modes[a.mode];
  Slot slot{a.setup_start, a.end, o, op.setup_family,
            std::max<Minutes>(0, a.setup_minutes - mode.setup)};
  slots.insert(std::upper_bound(slots.begin(), slots.end(), slot.start,
                                [](Minutes v, const Slot& s) { return v < s.start; }),
               slot);
  std::size_t index = 0;
  for (const OperatorRequirement& req : mode.operators) {
    for (int c = 0; c < req.count && index < a.operators.size(); ++c, ++index) {
      const Minutes span_end = req.attendance == Attendance::kFull ? a.end : a.run_start;
      if (span_end <= a.setup_start) continue;
      auto& busy = operator_busy_[a.operators[index]];
      Interval iv{a.setup_start, span_end};
      busy.insert(std::upper_bound(busy.begin(), busy.end(), iv.start,
                                   [](Minutes v, const Interval& b) { return v < b.start; }),
                  iv);
    }
  }
  // Work-center spans: the job enters at its first start there and leaves at its last end, known
  // once every operation that may run there is placed.
  const int job = op.job;
  const int center = problem_.machines[a.machine].work_center;
  if (CenterState* state = center >= 0 ? FindCenter(job, center) : nullptr) {
    if (state->span >= 0 && spans_[center][state->span].start >= kNoTime) {
      SetSpan(center, state->span, a.setup_start, kNoTime);  // re-entering after a repair
    } else if (state->span < 0) {
      state->span = static_cast<int>(spans_[center].size());
      spans_[center].push_back(Span{job, kNoTime, kNoTime});
      span_starts_[center].push_back(kNoTime);  // kNoTime sorts last
      span_ends_[center].push_back(kNoTime);
      SetSpan(center, state->span, a.setup_start, kNoTime);
    } else {
      const Span& span = spans_[center][state->span];
      SetSpan(center, state->span, std::min(span.start, a.setup_start), span.end);
    }
    state->max_end = std::max(state->max_end, a.end);
  }
  std::vector<int> touched;
  for (const Mode& m : op.modes) {
    const int wc = problem_.machines[m.machine].work_center;
    if (wc >= 0 && std::find(touched.begin(), touched.end(), wc) == touched.end()) {
      touched.push_back(wc);
    }
  }
  for (int wc : touched) {
    CenterState* state = FindCenter(job, wc);
    if (state == nullptr) continue;
    if (--state->remaining == 0 && state->span >= 0) {
      SetSpan(wc, state->span, spans_[wc][state->span].start, state->max_end);
      for (int w : waiting_) Push(w);
      waiting_.clear();
    }
  }
  if (notify) ReleaseSuccessors(o);
}

void DecodeRun::ReleaseSuccessors(int o) {
  for (int link : decoder_.Successors(o)) {
    const int after = problem_.precedences[link].after;
    if (!placed_[after] && --missing_preds_[after] == 0) Push(after);
  }
}

Minutes DecodeRun::EarliestStart(int o, Minutes* min_end) const {
  const Operation& op = problem_.operations[o];
  Minutes est =
      std::max<Minutes>({0, problem_.jobs[op.job].release, extra_release_[o], lag_start_[o]});
  *min_end = lag_end_[o];
  if (!request_.earliest_start.empty()) est = std::max(est, request_.earliest_start[o]);
  if (!request_.earliest_end.empty()) *min_end = std::max(*min_end, request_.earliest_end[o]);
  for (int link : decoder_.Predecessors(o)) {
    const Precedence& p = problem_.precedences[link];
    const LinkSides sides = SidesOf(p, assignments_[p.before]);
    Minutes& bound = sides.after_is_end ? *min_end : est;
    bound = std::max(bound, sides.before_value + p.min_lag);
  }
  // A placed successor with a max lag (a pin) also bounds this operation from below.
  for (int link : decoder_.Successors(o)) {
    const Precedence& p = problem_.precedences[link];
    if (!placed_[p.after] || p.max_lag >= kNoTime) continue;
    const Assignment& after = assignments_[p.after];
    const bool after_end = p.type == LinkType::kFinishFinish || p.type == LinkType::kStartFinish;
    const bool before_end = p.type == LinkType::kFinishStart || p.type == LinkType::kFinishFinish;
    const Minutes bound = (after_end ? after.end : after.setup_start) - p.max_lag;
    Minutes& target = before_end ? *min_end : est;
    target = std::max(target, bound);
  }
  return est;
}

void DecodeRun::Push(int o) {
  Minutes min_end = 0;
  const Minutes est = request_.time_first ? EarliestStart(o, &min_end) : 0;
  queue_.emplace(est, request_.priority[o], o);
}

bool DecodeRun::OperatorFree(int p, Minutes a, Minutes b, Minutes* conflict_end) const {
  const auto& busy = operator_busy_[p];
  auto it = std::upper_bound(busy.begin(), busy.end(), a,
                             [](Minutes v, const Interval& iv) { return v < iv.end; });
  if (it != busy.end() && it->start < std::max(b, a + 1)) {
    *conflict_end = it->end;
    return false;
  }
  return true;
}

Minutes DecodeRun::CalendarNext(int calendar, Minutes t) const {
  if (probe_time_[calendar] != t) {
    probe_time_[calendar] = t;
    probe_next_[calendar] = CalendarNextWorking(problem_.calendars[calendar], t);
  }
  return probe_next_[calendar];
}

bool DecodeRun::SkillValid(int p, const OperatorRequirement& req, Minutes a, Minutes b) const {
  for (const OperatorSkill& s : problem_.operators[p].skills) {
    if (s.skill == req.skill && s.level >= req.min_level && s.valid_from <= a &&
        b <= s.valid_until) {
      return true;
    }
  }
  return false;
}

bool DecodeRun::ChooseOperators(int o, int k, Minutes t, Minutes setup, bool strict_allowed,
                                const std::vector<int>& excluded, std::vector<int>& chosen,
                                Minutes& next_event) const {
  const Mode& mode = problem_.operations[o].modes[k];
  chosen.clear();
  for (std::size_t r = 0; r < mode.operators.size(); ++r) {
    const OperatorRequirement& req = mode.operators[r];
    // A setup-only operator of an operation without setup time attends an empty span.
    const bool attends = req.attendance == Attendance::kFull || setup > 0;
    int found = 0;
    const std::vector<int>* preferred =
        request_.preferred_operators.empty() ? nullptr : &request_.preferred_operators[o];
    const std::vector<int>& qualified = decoder_.Qualified(o, k, r);
    const std::size_t preferred_count = preferred == nullptr ? 0 : preferred->size();
    // A sequenced operation keeps exactly its operators, so a kept schedule stays reproducible.
    const bool strict = preferred_count > 0 && strict_allowed;
    const std::size_t candidates = preferred_count + (strict ? 0 : qualified.size());
    for (std::size_t i = 0; i < candidates; ++i) {
      const int p = i < preferred_count ? (*preferred)[i] : qualified[i - preferred_count];
      if (found == req.count) break;
      if (std::find(chosen.begin(), chosen.end(), p) != chosen.end()) continue;
      if (std::find(excluded.begin(), excluded.end(), p) != excluded.end()) continue;
      const Operator& person = problem_.operators[p];
      if (!attends) {  // nothing to attend: only the qualification counts
        if (SkillValid(p, req, t, t + 1)) {
          chosen.push_back(p);
          ++found;
        }
        continue;
      }
      if (person.calendar >= 0) {
        const Minutes on = CalendarNext(person.calendar, t);
        if (on != t) {
          next_event = std::min(next_event, on);
          continue;
        }
      }
      Minutes busy_end = 0;
      if (!OperatorFree(p, t, t + 1, &busy_end)) {
        next_event = std::min(next_event, busy_end);
        continue;
      }
      if (!SkillValid(p, req, t, t + 1)) {
        for (const OperatorSkill& s : person.skills) {
          if (s.skill == req.skill && s.level >= req.min_level && s.valid_from > t) {
            next_event = std::min(next_event, s.valid_from);
          }
        }
        continue;
      }
      chosen.push_back(p);
      ++found;
    }
    if (found < req.count) return false;
  }
  return true;
}

Minutes DecodeRun::CheckWip(int job, int machine, Minutes start, Minutes end) const {
  const int center = problem_.machines[machine].work_center;
  if (center < 0) return 0;
  const int limit = problem_.work_centers[center].wip_limit;
  if (limit <= 0) return 0;
  const CenterState* state = nullptr;
  for (const CenterState& s : job_centers_[job]) {
    if (s.center == center) state = &s;
  }
  if (state == nullptr) return 0;
  Minutes a = start;
  Minutes b = kNoTime;
  if (state->span >= 0) {
    const Span& own = spans_[center][state->span];
    if (start >= own.start) return 0;
    b = own.start;
  } else if (state->remaining == 1) {
    b = std::max(end, start + 1);
  }
  // Most checks find fewer overlapping jobs than the limit, which the sorted starts and ends
  // tell by two binary searches: a span overlaps [a, b) when it starts before b and does not end
  // by a (a span ending by a < b also starts before b). Only a full center needs a sweep.
  const auto& starts = span_starts_[center];
  const auto& ends = span_ends_[center];
  std::ptrdiff_t overlapping =
      (std::lower_bound(starts.begin(), starts.end(), b) - starts.begin()) -
      (std::upper_bound(ends.begin(), ends.end(), a) - ends.begin());
  if (state->span >= 0) {
    const Span& own = spans_[center][state->span];
    if (own.start < b && own.end > a) --overlapping;
  }
  if (overlapping < limit) return 0;
  overlapping_.clear();
  for (const Span& s : spans_[center]) {
    if (s.job != job && s.start < b && s.end > a) overlapping_.push_back(&s);
  }
  if (static_cast<int>(overlapping_.size()) < limit) return 0;
  // Sweep the overlapping spans over [a, b) and find the first minute where the center is full.
  std::vector<std::pair<Minutes, int>>& events = events_;
  events.clear();
  for (const Span* s : overlapping_) {
    events.emplace_back(std::max(s->start, a), +1);
    if (s->end < b) events.emplace_back(s->end, -1);
  }
  std::sort(events.begin(), events.end());
  int count = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    count += events[i].second;
    const bool last_at_minute = i + 1 == events.size() || events[i + 1].first != events[i].first;
    if (last_at_minute && count >= limit) {
      const Minutes p = events[i].first;
      Minutes retry = kNoTime;
      for (const Span* s : overlapping_) {
        if (s->start <= p && s->end > p) retry = std::min(retry, s->end);
      }
      return retry >= kNoTime ? -1 : retry;
    }
  }
  return 0;
}

}  // namespace takt::solver
