// Weekly calendars resolved into working intervals. A calendar in the planner's words (weekly
// shifts, breaks, holidays, exceptions) becomes the sorted working intervals the engine uses, for
// one horizon. Both the platform (when it builds a Problem from stored calendars) and the problem
// file format use this one helper, so "working time" means the same everywhere.
//
// Conventions: weekday 0 = Monday .. 6 = Sunday; minutes of the day 0..1440; a shift or break
// whose end is not after its start runs overnight into the next day. Holidays are day numbers
// counted from the horizon start day (day 0) and remove the shifts that start on that day.
// Exceptions are absolute intervals (minutes from the horizon start) that add working time
// (overtime) or remove it (downtime, absence), applied last in the order given.
// Cost: O(days x shifts + exceptions), independent of minutes. Pure function; thread-safe.
#pragma once

#include <vector>

#include "solver/model/problem.hpp"

namespace takt::solver {

struct WeeklyInterval {
  int weekday = 0;
  int start_minute = 0;
  int end_minute = 0;
};

struct CalendarException {
  Interval interval;
  bool working = false;
};

struct WeeklyPattern {
  int start_weekday = 0;        // weekday of the horizon start
  int start_minute_of_day = 0;  // minute of the day at the horizon start
  std::vector<WeeklyInterval> shifts;
  std::vector<WeeklyInterval> breaks;
  std::vector<int> holidays;
  std::vector<CalendarException> exceptions;
};

// Working intervals inside [0, horizon) (horizon kNoTime: one year).
std::vector<Interval> BuildWorkingIntervals(const WeeklyPattern& pattern, Minutes horizon);

// Interval-set algebra on sorted disjoint lists (inputs may be unsorted; outputs are merged).
std::vector<Interval> MergeIntervals(std::vector<Interval> intervals);
std::vector<Interval> SubtractIntervals(const std::vector<Interval>& from,
                                        const std::vector<Interval>& remove);

}  // namespace takt::solver
