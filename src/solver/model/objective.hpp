// Objectives: the KPIs of a schedule and how a planner ranks schedules by them. An Objective is a
// list of weighted criteria, combined either as one weighted sum or lexicographically (the first
// criterion decides, the next breaks ties, ...). Named strategies bundle common choices:
//   makespan          finish everything as early as possible
//   due_dates         priority-weighted tardiness first, then late jobs, then makespan
//   balanced          one weighted sum of tardiness, late jobs, makespan and setup time
//   setup_minimizing  total setup time first, then weighted tardiness, then makespan
//   fast              weighted tardiness then makespan, constructive schedule only (no search)
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "solver/model/problem.hpp"
#include "solver/model/schedule.hpp"

namespace takt::solver {

enum class Criterion {
  kMakespan,           // latest end, minutes
  kWeightedTardiness,  // sum over jobs of weight x minutes late
  kMaxLateness,        // max over jobs with a due date of (completion - due), may be negative
  kLateJobs,           // jobs completed after their due date
  kTotalSetup,         // setup minutes including changeovers
  kOperatorCost,       // attended minutes x operator cost per minute
  kChurn,              // minutes moved against the reference (published) starts
};

struct ObjectiveTerm {
  Criterion criterion = Criterion::kMakespan;
  double weight = 1.0;
};

struct Objective {
  std::vector<ObjectiveTerm> terms{ObjectiveTerm{}};
  bool lexicographic = false;
};

struct Kpis {
  Minutes makespan = 0;
  double weighted_tardiness = 0;
  Minutes total_tardiness = 0;
  Minutes max_lateness = 0;
  int late_jobs = 0;
  Minutes total_setup = 0;
  double operator_cost = 0;
  Minutes churn = 0;
};

// The objective's value: one entry per level (a single entry for a weighted sum).
using ObjectiveValue = std::vector<double>;

struct Strategy {
  std::string name;
  Objective objective;
  bool search = true;  // false: return the best constructive schedule
};

Kpis ComputeKpis(const Problem& problem, const Schedule& schedule);
double CriterionValue(const Kpis& kpis, Criterion criterion);
ObjectiveValue Evaluate(const Objective& objective, const Kpis& kpis);
// Strictly better (lexicographic over levels, with a small tolerance for sums of doubles).
bool Better(const ObjectiveValue& a, const ObjectiveValue& b);

const char* CriterionName(Criterion criterion);  // "MAKESPAN", "WEIGHTED_TARDINESS", ...
std::optional<Criterion> CriterionByName(std::string_view name);
std::optional<Strategy> FindStrategy(std::string_view name);
std::vector<std::string> StrategyNames();

}  // namespace takt::solver
