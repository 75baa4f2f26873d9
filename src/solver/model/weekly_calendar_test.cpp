#include "solver/model/weekly_calendar.hpp"

#include <gtest/gtest.h>

namespace takt::solver {
namespace {

TEST(WeeklyCalendarTest, ShiftsBreaksHolidaysAndExceptions) {
  WeeklyPattern p;
  p.start_weekday = 0;  // the horizon starts on a Monday at midnight
  for (int d = 0; d < 5; ++d) {
    p.shifts.push_back({d, 6 * 60, 14 * 60});
    p.breaks.push_back({d, 10 * 60, 10 * 60 + 30});
  }
  p.holidays = {1};                                                                  // Tuesday
  p.exceptions.push_back({Interval{2 * 1440 + 14 * 60, 2 * 1440 + 16 * 60}, true});  // overtime
  p.exceptions.push_back({Interval{3 * 1440 + 7 * 60, 3 * 1440 + 8 * 60}, false});   // downtime
  const auto w = BuildWorkingIntervals(p, Minutes{4} * 1440);
  const std::vector<Interval> expected{{360, 600},
                                       {630, 840},  // Monday
                                       {2 * 1440 + 360, 2 * 1440 + 600},
                                       {2 * 1440 + 630, 2 * 1440 + 960},  // Wednesday + overtime
                                       {3 * 1440 + 360, 3 * 1440 + 420},
                                       {3 * 1440 + 480, 3 * 1440 + 600},
                                       {3 * 1440 + 630, 3 * 1440 + 840}};
  EXPECT_EQ(w, expected);
}

TEST(WeeklyCalendarTest, OvernightShiftSpillsIntoTheFirstDayAndTheHorizonClips) {
  WeeklyPattern p;
  p.start_weekday = 2;                       // Wednesday
  p.start_minute_of_day = 120;               // 02:00
  p.shifts.push_back({1, 22 * 60, 6 * 60});  // Tuesday night shift
  const auto w = BuildWorkingIntervals(p, 600);
  EXPECT_EQ(w, (std::vector<Interval>{{0, 240}}));
}

}  // namespace
}  // namespace takt::solver
