#include "solver/model/weekly_calendar.hpp"

#include <algorithm>

namespace takt::solver {
namespace {

constexpr Minutes kDay = 1440;

// Occurrences of a weekly interval from day -1 (overnight spill into day 0) to the last day.
void Unroll(const std::vector<WeeklyInterval>& weekly, const WeeklyPattern& pattern,
            Minutes horizon, const std::vector<int>* holidays, std::vector<Interval>& out) {
  const Minutes days = (horizon + pattern.start_minute_of_day) / kDay + 2;
  for (Minutes d = -1; d < days; ++d) {
    const int weekday = static_cast<int>(((pattern.start_weekday + d) % 7 + 7) % 7);
    if (holidays != nullptr &&
        std::find(holidays->begin(), holidays->end(), static_cast<int>(d)) != holidays->end()) {
      continue;
    }
    const Minutes base = d * kDay - pattern.start_minute_of_day;
    for (const WeeklyInterval& w : weekly) {
      if (w.weekday != weekday) continue;
      const Minutes start = base + w.start_minute;
      const Minutes end = base + w.end_minute + (w.end_minute <= w.start_minute ? kDay : 0);
      out.push_back(Interval{start, end});
    }
  }
}

}  // namespace

std::vector<Interval> MergeIntervals(std::vector<Interval> intervals) {
  std::sort(intervals.begin(), intervals.end(),
            [](const Interval& a, const Interval& b) { return a.start < b.start; });
  std::vector<Interval> out;
  for (const Interval& iv : intervals) {
    if (iv.end <= iv.start) continue;
    if (!out.empty() && iv.start <= out.back().end) {
      out.back().end = std::max(out.back().end, iv.end);
    } else {
      out.push_back(iv);
    }
  }
  return out;
}

std::vector<Interval> SubtractIntervals(const std::vector<Interval>& from,
                                        const std::vector<Interval>& remove) {
  std::vector<Interval> cut = MergeIntervals(remove);
  std::vector<Interval> out;
  std::size_t j = 0;
  for (const Interval& iv : from) {
    Minutes start = iv.start;
    while (j < cut.size() && cut[j].end <= start) ++j;
    std::size_t k = j;
    while (k < cut.size() && cut[k].start < iv.end) {
      if (cut[k].start > start) out.push_back(Interval{start, cut[k].start});
      start = std::max(start, cut[k].end);
      ++k;
    }
    if (start < iv.end) out.push_back(Interval{start, iv.end});
  }
  return out;
}

std::vector<Interval> BuildWorkingIntervals(const WeeklyPattern& pattern, Minutes horizon) {
  if (horizon >= kNoTime) horizon = 365 * kDay;
  std::vector<Interval> shifts;
  Unroll(pattern.shifts, pattern, horizon, &pattern.holidays, shifts);
  std::vector<Interval> breaks;
  Unroll(pattern.breaks, pattern, horizon, nullptr, breaks);
  std::vector<Interval> working = SubtractIntervals(MergeIntervals(std::move(shifts)), breaks);
  for (const CalendarException& e : pattern.exceptions) {
    if (e.working) {
      working.push_back(e.interval);
      working = MergeIntervals(std::move(working));
    } else {
      working = SubtractIntervals(working, {e.interval});
    }
  }
  return SubtractIntervals(working, {Interval{-kNoTime, 0}, Interval{horizon, kNoTime}});
}

}  // namespace takt::solver
