// The JSON problem and solution format of the scheduling engine (docs/problem-format.md): what
// `takt solve` reads and writes and what POST /api/v1/solve accepts. Parsing resolves codes to the
// engine's dense indices, expands weekly calendars, downtimes and absences into working
// intervals, expands work-center modes into machine modes and applies the default route links.
// It reports every structural error at once with its JSON path (unknown references, wrong types,
// bad enum values); rule checks on the resulting Problem are solver::Validate's job.
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "solver/model/objective.hpp"
#include "solver/model/problem.hpp"
#include "solver/solve.hpp"

namespace takt::service {

struct ProblemDocument {
  solver::Problem problem;
  std::optional<solver::Strategy> strategy;  // from "objective", when the file names one
  std::string horizon_start;                 // informational, echoed into the solution
};

Result<ProblemDocument> ParseProblemJson(std::string_view text);

// The problem as JSON in the same format (calendars written as resolved working intervals).
std::string ProblemToJson(const solver::Problem& problem);

// The solve result as JSON: status, objective, bound, gap, KPIs, stats, assignments by code.
std::string SolutionToJson(const solver::Problem& problem, const solver::SolveResult& result,
                           const std::string& horizon_start = {});

}  // namespace takt::service
