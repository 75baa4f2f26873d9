// WorkingTime: the minutes on which a set of calendars all work (their intersection), and the
// arithmetic the decoder and the checker both need on it: the next working minute, the end of the
// current working window, advancing by an amount of work, counting working minutes in a span.
// A null calendar pointer means "always working". Every query costs O(log n) per window visited,
// never time proportional to the number of minutes.
//
// A WorkingTime only points at calendars owned elsewhere (normally by the Problem); it is a cheap
// value to build on the fly and must not outlive them. Const methods are thread-safe.
#pragma once

#include <vector>

#include "solver/model/problem.hpp"

namespace takt::solver {

class WorkingTime {
 public:
  WorkingTime() = default;
  void Add(const Calendar* calendar) {
    if (calendar != nullptr) calendars_.push_back(calendar);
  }

  // The first minute >= t on which every calendar works; kNoTime if none.
  Minutes NextWorking(Minutes t) const;
  // For a working minute t: the end of the window of common working time containing t.
  Minutes WindowEnd(Minutes t) const;
  // The end of `work` working minutes started at or after t (pausing over non-working time);
  // kNoTime when the calendars run out first. Zero work returns t.
  Minutes Advance(Minutes t, Minutes work) const;
  // The earliest s >= t such that [s, s + length) is entirely working; kNoTime if none.
  Minutes FitContiguous(Minutes t, Minutes length) const;
  // Working minutes inside [a, b).
  Minutes WorkingMinutes(Minutes a, Minutes b) const;
  // Whether [a, b) is entirely working (an empty span always is).
  bool Covers(Minutes a, Minutes b) const;

 private:
  Minutes ContiguousEnd(Minutes t) const;

  std::vector<const Calendar*> calendars_;
};

// Within one calendar: the first working minute >= t (kNoTime if none) and the end of the window
// containing a working minute t.
Minutes CalendarNextWorking(const Calendar& calendar, Minutes t);
Minutes CalendarWindowEnd(const Calendar& calendar, Minutes t);

}  // namespace takt::solver
