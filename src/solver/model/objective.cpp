#include "solver/model/objective.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>

namespace takt::solver {
namespace {

constexpr std::array<std::pair<Criterion, const char*>, 7> kNames{{
    {Criterion::kMakespan, "MAKESPAN"},
    {Criterion::kWeightedTardiness, "WEIGHTED_TARDINESS"},
    {Criterion::kMaxLateness, "MAX_LATENESS"},
    {Criterion::kLateJobs, "LATE_JOBS"},
    {Criterion::kTotalSetup, "TOTAL_SETUP"},
    {Criterion::kOperatorCost, "OPERATOR_COST"},
    {Criterion::kChurn, "CHURN"},
}};

Objective Lex(const std::vector<Criterion>& criteria) {
  Objective objective;
  objective.terms.clear();
  for (Criterion c : criteria) objective.terms.push_back(ObjectiveTerm{c, 1.0});
  objective.lexicographic = true;
  return objective;
}

}  // namespace

Kpis ComputeKpis(const Problem& problem, const Schedule& schedule) {
  Kpis k;
  if (schedule.assignments.size() != problem.operations.size()) return k;
  k.max_lateness = problem.jobs.empty() ? 0 : -kNoTime;
  bool any_due = false;
  for (const Job& job : problem.jobs) {
    Minutes completion = job.release;
    for (int o : job.operations) completion = std::max(completion, schedule.assignments[o].end);
    k.makespan = std::max(k.makespan, completion);
    if (job.due >= kNoTime) continue;
    any_due = true;
    const Minutes lateness = completion - job.due;
    k.max_lateness = std::max(k.max_lateness, lateness);
    if (lateness > 0) {
      ++k.late_jobs;
      k.total_tardiness += lateness;
      k.weighted_tardiness += job.weight * static_cast<double>(lateness);
    }
  }
  if (!any_due) k.max_lateness = 0;
  for (std::size_t o = 0; o < problem.operations.size(); ++o) {
    const Assignment& a = schedule.assignments[o];
    const Operation& op = problem.operations[o];
    k.makespan = std::max(k.makespan, a.end);
    k.total_setup += a.setup_minutes;
    if (op.reference_start) k.churn += std::llabs(a.setup_start - *op.reference_start);
    if (a.mode < 0 || a.mode >= static_cast<int>(op.modes.size())) continue;
    std::size_t index = 0;
    for (const OperatorRequirement& req : op.modes[a.mode].operators) {
      const Minutes span =
          (req.attendance == Attendance::kFull ? a.end : a.run_start) - a.setup_start;
      for (int c = 0; c < req.count && index < a.operators.size(); ++c, ++index) {
        k.operator_cost +=
            problem.operators[a.operators[index]].cost_per_minute * static_cast<double>(span);
      }
    }
  }
  return k;
}

double CriterionValue(const Kpis& kpis, Criterion criterion) {
  switch (criterion) {
    case Criterion::kMakespan: return static_cast<double>(kpis.makespan);
    case Criterion::kWeightedTardiness: return kpis.weighted_tardiness;
    case Criterion::kMaxLateness: return static_cast<double>(kpis.max_lateness);
    case Criterion::kLateJobs: return kpis.late_jobs;
    case Criterion::kTotalSetup: return static_cast<double>(kpis.total_setup);
    case Criterion::kOperatorCost: return kpis.operator_cost;
    case Criterion::kChurn: return static_cast<double>(kpis.churn);
  }
  return 0;
}

ObjectiveValue Evaluate(const Objective& objective, const Kpis& kpis) {
  ObjectiveValue value;
  if (objective.lexicographic) {
    for (const ObjectiveTerm& t : objective.terms) {
      value.push_back(t.weight * CriterionValue(kpis, t.criterion));
    }
  } else {
    double sum = 0;
    for (const ObjectiveTerm& t : objective.terms)
      sum += t.weight * CriterionValue(kpis, t.criterion);
    value.push_back(sum);
  }
  return value;
}

bool Better(const ObjectiveValue& a, const ObjectiveValue& b) {
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    const double tolerance = 1e-9 * std::max({1.0, std::fabs(a[i]), std::fabs(b[i])});
    if (a[i] < b[i] - tolerance) return true;
    if (a[i] > b[i] + tolerance) return false;
  }
  return false;
}

const char* CriterionName(Criterion criterion) {
  for (const auto& [c, name] : kNames) {
    if (c == criterion) return name;
  }
  return "MAKESPAN";
}

std::optional<Criterion> CriterionByName(std::string_view name) {
  for (const auto& [c, n] : kNames) {
    if (name == n) return c;
  }
  return std::nullopt;
}

std::optional<Strategy> FindStrategy(std::string_view name) {
  using C = Criterion;
  if (name == "makespan") return Strategy{"makespan", Lex({C::kMakespan}), true};
  if (name == "due_dates") {
    return Strategy{"due_dates", Lex({C::kWeightedTardiness, C::kLateJobs, C::kMakespan}), true};
  }
  if (name == "balanced") {
    Objective o;
    o.terms = {{C::kWeightedTardiness, 1.0},
               {C::kLateJobs, 60.0},
               {C::kMakespan, 1.0},
               {C::kTotalSetup, 0.5}};
    return Strategy{"balanced", o, true};
  }
  if (name == "setup_minimizing") {
    return Strategy{"setup_minimizing", Lex({C::kTotalSetup, C::kWeightedTardiness, C::kMakespan}),
                    true};
  }
  if (name == "fast") return Strategy{"fast", Lex({C::kWeightedTardiness, C::kMakespan}), false};
  return std::nullopt;
}

std::vector<std::string> StrategyNames() {
  return {"makespan", "due_dates", "balanced", "setup_minimizing", "fast"};
}

}  // namespace takt::solver
