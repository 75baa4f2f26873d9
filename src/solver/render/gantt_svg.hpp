// GanttSvg: a schedule as a standalone SVG Gantt chart, one row per machine, a time axis with
// ticks (hours or days, counted from the horizon start), one colour per job, the setup part of
// each bar drawn lighter, operation codes on bars wide enough to hold them and a tooltip (<title>)
// with job, operation, operators and times on every bar. Pure string building; thread-safe.
#pragma once

#include <string>

#include "solver/model/problem.hpp"
#include "solver/model/schedule.hpp"

namespace takt::solver {

std::string GanttSvg(const Problem& problem, const Schedule& schedule,
                     const std::string& title = {});

}  // namespace takt::solver
