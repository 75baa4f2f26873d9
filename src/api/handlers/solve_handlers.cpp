#include "api/handlers/solve_handlers.hpp"

#include <charconv>

#include "core/permissions.hpp"
#include "service/solve_format.hpp"
#include "solver/validate/validate.hpp"

namespace takt::api {
namespace {

Response Solve(service::ScheduleOptimizer& optimizer, Request& request) {
  std::vector<FieldError> errors;
  std::optional<double> time_limit;
  std::uint64_t seed = 1;
  std::optional<solver::Strategy> strategy;
  for (const auto& [name, value] : request.query_params) {
    if (name == "time_limit_s") {
      char* end = nullptr;
      const double v = std::strtod(value.c_str(), &end);
      if (end == value.c_str() || *end != '\0') {
        errors.push_back({"time_limit_s", "must be a number of seconds"});
      } else {
        time_limit = v;
      }
    } else if (name == "seed") {
      std::uint64_t v = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
      if (ec != std::errc() || end != value.data() + value.size()) {
        errors.push_back({"seed", "must be a non-negative integer"});
      } else {
        seed = v;
      }
    } else if (name == "strategy") {
      strategy = solver::FindStrategy(value);
      if (!strategy) errors.push_back({"strategy", "'" + value + "' is not a strategy"});
    } else {
      errors.push_back(
          {name, "is not a known query parameter (known: time_limit_s, seed, strategy)"});
    }
  }
  if (!errors.empty()) {
    return ErrorResponse(Error::InvalidArgument("the query is invalid", std::move(errors)),
                         request.request_id);
  }
  auto limit = optimizer.TimeLimit(time_limit);
  if (!limit) return ErrorResponse(limit.error(), request.request_id);
  auto document = service::ParseProblemJson(request.body);
  if (!document) return ErrorResponse(document.error(), request.request_id);
  auto defects = solver::Validate(document->problem);
  if (!defects.empty()) {
    return ErrorResponse(Error::InvalidArgument("the problem is invalid", std::move(defects)),
                         request.request_id);
  }
  if (!strategy) strategy = document->strategy;
  if (!strategy) strategy = solver::FindStrategy("balanced");
  solver::SolveParams params;
  params.objective = strategy->objective;
  params.search = strategy->search;
  params.time_limit_s = *limit;
  params.seed = seed;
  auto result = optimizer.SolveStandalone(document->problem, params);
  if (!result) return ErrorResponse(result.error(), request.request_id);
  if (result->status == solver::SolveStatus::kModelInvalid) {
    return ErrorResponse(Error::InvalidArgument("the problem is invalid", result->defects),
                         request.request_id);
  }
  if (!result->has_schedule) {
    return ErrorResponse(
        Error::InvalidArgument(
            "no schedule satisfies every hard constraint",
            {{"problem", result->message.empty() ? "infeasible" : result->message}}),
        request.request_id);
  }
  return TextResponse(200,
                      service::SolutionToJson(document->problem, *result, document->horizon_start),
                      "application/json");
}

}  // namespace

void RegisterSolveRoutes(Router& router, service::ScheduleOptimizer& optimizer) {
  auto* o = &optimizer;
  router.Add({.method = "POST",
              .path = "/api/v1/solve",
              .permission = permission::kSolverRun,
              .summary = "Solve a self-contained problem (engine JSON format) without stored data",
              .tag = "Solver",
              .handler = [o](Request& r) { return Solve(*o, r); }});
}

}  // namespace takt::api
