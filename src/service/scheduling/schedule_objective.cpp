#include "service/scheduling/schedule_objective.hpp"

#include <string>
#include <vector>

namespace takt::service {
namespace {

std::vector<std::string_view> SplitOn(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  while (!text.empty()) {
    const auto at = text.find(separator);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos) break;
    text.remove_prefix(at + 1);
  }
  return parts;
}

std::string KnownNames() {
  std::string names;
  for (const auto& name : solver::StrategyNames()) names += (names.empty() ? "" : ", ") + name;
  return names;
}

}  // namespace

Result<solver::Strategy> ResolveObjective(std::string_view text, std::string_view field) {
  auto invalid = [&](std::string message) {
    return Fail(Error::InvalidArgument("the objective is invalid",
                                       {{std::string(field), std::move(message)}}));
  };
  if (auto strategy = solver::FindStrategy(text)) return *strategy;
  const bool weights = text.starts_with("weights:");
  const bool lexicographic = text.starts_with("lexicographic:");
  if (!weights && !lexicographic) {
    return invalid("'" + std::string(text) + "' is not a strategy (known: " + KnownNames() +
                   ") nor an objective with weights or a lexicographic order");
  }
  solver::Strategy strategy;
  strategy.name = std::string(text);
  strategy.objective.terms.clear();
  strategy.objective.lexicographic = lexicographic;
  text.remove_prefix(weights ? 8 : 14);
  for (std::string_view part : SplitOn(text, ',')) {
    std::string_view name = part;
    double weight = 1.0;
    if (weights) {
      const auto eq = part.find('=');
      if (eq == std::string_view::npos)
        return invalid("weight '" + std::string(part) + "' has no value");
      name = part.substr(0, eq);
      const std::string number(part.substr(eq + 1));
      try {
        weight = std::stod(number);
      } catch (...) {
        return invalid("the weight of " + std::string(name) + " is not a number");
      }
      if (!(weight >= 0)) return invalid("the weight of " + std::string(name) + " must be >= 0");
    }
    auto criterion = solver::CriterionByName(name);
    if (!criterion) {
      return invalid("'" + std::string(name) +
                     "' is not a criterion (MAKESPAN, WEIGHTED_TARDINESS, MAX_LATENESS, LATE_JOBS, "
                     "TOTAL_SETUP, OPERATOR_COST, CHURN)");
    }
    strategy.objective.terms.push_back({*criterion, weight});
  }
  if (strategy.objective.terms.empty()) return invalid("names no criterion");
  return strategy;
}

solver::Strategy WithChurn(solver::Strategy strategy, double weight) {
  if (strategy.objective.lexicographic) {
    strategy.objective.terms.push_back({solver::Criterion::kChurn, 1.0});
  } else {
    strategy.objective.terms.push_back({solver::Criterion::kChurn, weight});
  }
  return strategy;
}

}  // namespace takt::service
