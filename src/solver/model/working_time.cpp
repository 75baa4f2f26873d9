#include "solver/model/working_time.hpp"

#include <algorithm>

namespace takt::solver {

Minutes CalendarNextWorking(const Calendar& calendar, Minutes t) {
  const auto& w = calendar.working;
  // First interval whose end is after t.
  auto it = std::upper_bound(w.begin(), w.end(), t,
                             [](Minutes value, const Interval& iv) { return value < iv.end; });
  if (it == w.end()) return kNoTime;
  return std::max(t, it->start);
}

Minutes CalendarWindowEnd(const Calendar& calendar, Minutes t) {
  const auto& w = calendar.working;
  auto it = std::upper_bound(w.begin(), w.end(), t,
                             [](Minutes value, const Interval& iv) { return value < iv.end; });
  if (it == w.end() || it->start > t) return t;
  return it->end;
}

Minutes WorkingTime::NextWorking(Minutes t) const {
  // Alternate between calendars until all agree; each round moves t forward to a window start.
  while (t < kNoTime) {
    bool moved = false;
    for (const Calendar* c : calendars_) {
      const Minutes next = CalendarNextWorking(*c, t);
      if (next >= kNoTime) return kNoTime;
      if (next != t) {
        t = next;
        moved = true;
      }
    }
    if (!moved) return t;
  }
  return kNoTime;
}

Minutes WorkingTime::WindowEnd(Minutes t) const {
  Minutes end = kNoTime;
  for (const Calendar* c : calendars_) end = std::min(end, CalendarWindowEnd(*c, t));
  return end;
}

Minutes WorkingTime::Advance(Minutes t, Minutes work) const {
  if (work <= 0) return t;
  Minutes remaining = work;
  while (true) {
    t = NextWorking(t);
    if (t >= kNoTime) return kNoTime;
    const Minutes end = WindowEnd(t);
    if (end >= kNoTime || end - t >= remaining) return t + remaining;
    remaining -= end - t;
    t = end;
  }
}

Minutes WorkingTime::ContiguousEnd(Minutes t) const {
  // Windows that touch (one ends where the next starts) form one stretch of working time.
  Minutes end = WindowEnd(t);
  while (end < kNoTime && NextWorking(end) == end) end = WindowEnd(end);
  return end;
}

Minutes WorkingTime::FitContiguous(Minutes t, Minutes length) const {
  while (true) {
    t = NextWorking(t);
    if (t >= kNoTime) return kNoTime;
    const Minutes end = ContiguousEnd(t);
    if (end >= kNoTime || end - t >= length) return t;
    t = end;
  }
}

Minutes WorkingTime::WorkingMinutes(Minutes a, Minutes b) const {
  Minutes total = 0;
  Minutes t = a;
  while (t < b) {
    t = NextWorking(t);
    if (t >= b) break;
    const Minutes end = std::min(WindowEnd(t), b);
    total += end - t;
    t = end;
  }
  return total;
}

bool WorkingTime::Covers(Minutes a, Minutes b) const {
  if (b <= a) return true;
  return NextWorking(a) == a && ContiguousEnd(a) >= b;
}

}  // namespace takt::solver
