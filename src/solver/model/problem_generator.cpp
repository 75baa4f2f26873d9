#include "solver/model/problem_generator.hpp"

#include <algorithm>
#include <string>

#include "solver/model/split_mix.hpp"
#include "solver/model/weekly_calendar.hpp"

namespace takt::solver {
namespace {

using Random = SplitMix64;

std::string Code(const char* prefix, int i) { return prefix + std::to_string(i + 1); }

}  // namespace

Problem GenerateProblem(const GeneratorParams& params) {
  Random rng(params.seed);
  Problem p;
  p.name = "generated-" + std::to_string(params.jobs) + "x" +
           std::to_string(params.operations_per_job) + "-seed" + std::to_string(params.seed);
  const int per_center = std::max(1, params.machines_per_center);
  const int centers = std::max(1, (params.machines + per_center - 1) / per_center);
  const Minutes mean_run = (params.min_run + params.max_run) / 2;
  // Long enough for all work on 16 working hours a day, 5 days a week, with slack.
  const Minutes total_work = static_cast<Minutes>(params.jobs) * params.operations_per_job *
                             (mean_run + 15) / std::max(1, params.machines);
  const Minutes weeks = params.calendars ? 4 + total_work * 3 / (Minutes{16} * 60 * 5) : 0;
  p.horizon = params.calendars ? weeks * 7 * 1440 : kNoTime;
  int machine_calendar = -1;
  int early = -1;
  int late = -1;
  if (params.calendars) {
    WeeklyPattern two_shifts;
    for (int d = 0; d < 5; ++d) {
      two_shifts.shifts.push_back(WeeklyInterval{d, 6 * 60, 22 * 60});
      two_shifts.breaks.push_back(WeeklyInterval{d, 12 * 60, 12 * 60 + 30});
      two_shifts.breaks.push_back(WeeklyInterval{d, 18 * 60, 18 * 60 + 30});
    }
    two_shifts.holidays.push_back(10);
    p.calendars.push_back(Calendar{"TWO_SHIFTS", BuildWorkingIntervals(two_shifts, p.horizon)});
    machine_calendar = 0;
    WeeklyPattern early_shift;
    WeeklyPattern late_shift;
    for (int d = 0; d < 5; ++d) {
      early_shift.shifts.push_back(WeeklyInterval{d, 6 * 60, 14 * 60});
      early_shift.breaks.push_back(WeeklyInterval{d, 12 * 60, 12 * 60 + 30});
      late_shift.shifts.push_back(WeeklyInterval{d, 14 * 60, 22 * 60});
      late_shift.breaks.push_back(WeeklyInterval{d, 18 * 60, 18 * 60 + 30});
    }
    early_shift.holidays.push_back(10);
    late_shift.holidays.push_back(10);
    p.calendars.push_back(Calendar{"EARLY", BuildWorkingIntervals(early_shift, p.horizon)});
    p.calendars.push_back(Calendar{"LATE", BuildWorkingIntervals(late_shift, p.horizon)});
    early = 1;
    late = 2;
  }
  const int families = params.setups ? 4 : 0;
  if (params.setups) {
    SetupMatrix matrix{"FAMILIES", families, {}};
    for (int a = 0; a < families; ++a) {
      for (int b = 0; b < families; ++b)
        matrix.minutes.push_back(a == b ? 0 : 5 + 5 * ((a + b) % 4));
    }
    p.setup_matrices.push_back(std::move(matrix));
  }
  for (int c = 0; c < centers; ++c) {
    p.work_centers.push_back(
        WorkCenter{Code("WC", c), params.wip_limits ? std::max(2, params.jobs / centers / 2) : 0});
  }
  for (int m = 0; m < params.machines; ++m) {
    p.machines.push_back(
        Machine{Code("M", m), m / per_center, machine_calendar, params.setups ? 0 : -1});
  }
  if (params.operators > 0) {
    for (int s = 0; s < params.skills; ++s) p.skills.push_back(Skill{Code("SKILL", s)});
    for (int i = 0; i < params.operators; ++i) {
      Operator person;
      person.code = Code("OP", i);
      person.calendar = params.calendars ? (i % 2 == 0 ? early : late) : -1;
      person.cost_per_minute = 0.5 + 0.1 * static_cast<double>(rng.Between(0, 5));
      const int held = static_cast<int>(rng.Between(1, std::min(3, params.skills)));
      for (int k = 0; k < held; ++k) {
        const int skill = (i + k * 7) % params.skills;
        OperatorSkill s{skill, static_cast<int>(rng.Between(1, 5)), -kNoTime, kNoTime};
        if (rng.Chance(0.1) && p.horizon < kNoTime) s.valid_until = p.horizon / 2;
        person.skills.push_back(s);
      }
      p.operators.push_back(std::move(person));
    }
  }
  for (int j = 0; j < params.jobs; ++j) {
    Job job;
    job.code = Code("J", j);
    job.release = rng.Chance(0.3) ? rng.Between(0, std::max<Minutes>(1, total_work / 4)) : 0;
    job.weight = static_cast<double>(1 << rng.Between(0, 3));
    const int first = static_cast<int>(p.operations.size());
    Minutes route = 0;
    std::vector<int> visited;
    for (int k = 0; k < params.operations_per_job; ++k) {
      Operation op;
      op.code = job.code + "-" + std::to_string((k + 1) * 10);
      op.job = j;
      op.interruptible = rng.Chance(params.interruptible_share);
      Mode mode;
      // With WIP limits a route visits each work center at most once (while it can), since a
      // job that leaves a center and comes back keeps its place in the center meanwhile.
      int center = static_cast<int>(rng.Between(0, centers - 1));
      if (params.wip_limits && k < centers) {
        while (std::find(visited.begin(), visited.end(), center) != visited.end()) {
          center = (center + 1) % centers;
        }
        visited.push_back(center);
      }
      if (per_center > 1) {
        mode.work_center = center;
      } else {
        mode.machine = std::min(params.machines - 1, center);
      }
      mode.run = rng.Between(params.min_run, params.max_run);
      mode.setup = rng.Between(0, 3) * 5;
      if (params.operators > 0 && rng.Chance(0.5)) {
        mode.operators.push_back(
            OperatorRequirement{static_cast<int>(rng.Between(0, params.skills - 1)),
                                static_cast<int>(rng.Between(1, 2)), 1,
                                rng.Chance(0.5) ? Attendance::kFull : Attendance::kSetupOnly});
      }
      route += mode.setup + mode.run;
      op.modes.push_back(std::move(mode));
      if (params.setups) op.setup_family = static_cast<int>(rng.Between(0, families - 1));
      job.operations.push_back(static_cast<int>(p.operations.size()));
      p.operations.push_back(std::move(op));
      if (k > 0) {
        Precedence link{first + k - 1, first + k, LinkType::kFinishStart, 0, kNoTime};
        if (params.extra_links && rng.Chance(0.1)) {
          link.type = rng.Chance(0.5) ? LinkType::kStartStart : LinkType::kFinishFinish;
          link.min_lag = rng.Between(0, 30);
          // Keep the route a chain in time as well, so WIP spans stay contiguous.
          p.precedences.push_back(
              Precedence{first + k - 1, first + k, LinkType::kFinishStart, 0, kNoTime});
        } else if (params.extra_links && rng.Chance(0.05)) {
          link.max_lag = rng.Between(600, 2880);
        }
        p.precedences.push_back(link);
      }
    }
    // Due dates spread over the time the whole load needs (in calendar time when calendars
    // apply), so some jobs are comfortably early and some are tight.
    const Minutes load_span = params.calendars ? p.horizon / 3 : total_work;
    const Minutes slack = params.calendars ? route * 3 : route;
    job.due = job.release + slack + rng.Between(0, std::max<Minutes>(1, load_span));
    p.jobs.push_back(std::move(job));
  }
  ExpandWorkCenterModes(p);
  return p;
}

}  // namespace takt::solver
