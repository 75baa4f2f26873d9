#include "solver/search/lower_bound.hpp"

#include <algorithm>

#include "solver/model/working_time.hpp"

namespace takt::solver {

LowerBounds ComputeLowerBounds(const Problem& problem) {
  const int n = static_cast<int>(problem.operations.size());
  std::vector<Minutes> duration(n, 0);
  std::vector<Minutes> es(n, 0);
  std::vector<Minutes> ef(n, 0);
  std::vector<std::vector<int>> succs(n);
  std::vector<int> indegree(n, 0);
  for (int i = 0; i < static_cast<int>(problem.precedences.size()); ++i) {
    succs[problem.precedences[i].before].push_back(i);
    ++indegree[problem.precedences[i].after];
  }
  LowerBounds lb;
  for (int o = 0; o < n; ++o) {
    const Operation& op = problem.operations[o];
    Minutes shortest = kNoTime;
    Minutes least_setup = kNoTime;
    for (const Mode& m : op.modes) {
      shortest = std::min(shortest, m.setup + m.run);
      least_setup = std::min(least_setup, m.setup);
    }
    duration[o] = shortest >= kNoTime ? 0 : shortest;
    es[o] = std::max<Minutes>(0, problem.jobs[op.job].release);
    if (op.in_progress) {
      es[o] = op.in_progress->start;
      duration[o] = std::max<Minutes>(op.in_progress->start, 0) + op.in_progress->remaining -
                    op.in_progress->start;
    } else {
      lb.total_setup += least_setup >= kNoTime ? 0 : least_setup;
      if (op.pinned) es[o] = op.pinned->start;
    }
    ef[o] = es[o] + duration[o];
  }
  // Longest path in topological order (the problem is valid, so the graph is acyclic).
  std::vector<int> ready;
  for (int o = 0; o < n; ++o) {
    if (indegree[o] == 0) ready.push_back(o);
  }
  while (!ready.empty()) {
    const int o = ready.back();
    ready.pop_back();
    ef[o] = std::max(ef[o], es[o] + duration[o]);
    for (int link : succs[o]) {
      const Precedence& p = problem.precedences[link];
      const int a = p.after;
      const bool fixed =
          problem.operations[a].in_progress.has_value() || problem.operations[a].pinned.has_value();
      if (fixed && lb.infeasible.empty()) {
        const Operation& target = problem.operations[a];
        const Minutes start = target.in_progress ? target.in_progress->start : target.pinned->start;
        Minutes earliest = 0;
        switch (p.type) {
          case LinkType::kFinishStart: earliest = ef[o] + p.min_lag; break;
          case LinkType::kStartStart: earliest = es[o] + p.min_lag; break;
          default: earliest = -kNoTime; break;  // end-based links: checked by the checker
        }
        if (earliest > start) {
          lb.infeasible = "operation " + target.code + " is fixed to start at minute " +
                          std::to_string(start) + " but its " + LinkTypeName(p.type) +
                          " predecessor " + problem.operations[o].code +
                          " cannot allow it before minute " + std::to_string(earliest);
        }
      }
      if (!fixed) {
        switch (p.type) {
          case LinkType::kFinishStart: es[a] = std::max(es[a], ef[o] + p.min_lag); break;
          case LinkType::kStartStart: es[a] = std::max(es[a], es[o] + p.min_lag); break;
          case LinkType::kFinishFinish:
            es[a] = std::max(es[a], ef[o] + p.min_lag - duration[a]);
            break;
          case LinkType::kStartFinish:
            es[a] = std::max(es[a], es[o] + p.min_lag - duration[a]);
            break;
        }
      }
      if (--indegree[a] == 0) ready.push_back(a);
    }
  }
  lb.job_completion.assign(problem.jobs.size(), 0);
  for (int o = 0; o < n; ++o) {
    const int j = problem.operations[o].job;
    lb.job_completion[j] = std::max(lb.job_completion[j], ef[o]);
    lb.makespan = std::max(lb.makespan, ef[o]);
  }
  // Machine bound: work that has no other machine to go to.
  std::vector<Minutes> load(problem.machines.size(), 0);
  std::vector<Minutes> first(problem.machines.size(), kNoTime);
  for (int o = 0; o < n; ++o) {
    const Operation& op = problem.operations[o];
    if (op.in_progress) continue;
    const int machine = op.modes.empty() ? -1 : op.modes.front().machine;
    bool single = machine >= 0;
    for (const Mode& m : op.modes) single = single && m.machine == machine;
    if (!single) continue;
    load[machine] += duration[o];
    first[machine] = std::min(first[machine], es[o]);
  }
  for (std::size_t m = 0; m < problem.machines.size(); ++m) {
    if (load[m] == 0) continue;
    WorkingTime time;
    const int cal = problem.machines[m].calendar;
    time.Add(cal >= 0 ? &problem.calendars[cal] : nullptr);
    Minutes start = first[m];
    // Work in progress occupies the machine from minute 0 until it ends.
    for (const Operation& op : problem.operations) {
      if (op.in_progress && op.modes[op.in_progress->mode].machine == static_cast<int>(m)) {
        start = std::max(start,
                         std::max<Minutes>(op.in_progress->start, 0) + op.in_progress->remaining);
      }
    }
    const Minutes end = time.Advance(start, load[m]);
    if (end < kNoTime) lb.makespan = std::max(lb.makespan, end);
  }
  // Work-center bound: work that can only run inside one center is shared by its machines at
  // best evenly; with a common calendar the share is packed into that calendar.
  std::vector<Minutes> center_load(problem.work_centers.size(), 0);
  std::vector<Minutes> center_first(problem.work_centers.size(), kNoTime);
  for (int o = 0; o < n; ++o) {
    const Operation& op = problem.operations[o];
    if (op.in_progress || op.modes.empty() || op.modes.front().machine < 0) continue;
    const int center = problem.machines[op.modes.front().machine].work_center;
    bool inside = center >= 0;
    for (const Mode& m : op.modes)
      inside = inside && problem.machines[m.machine].work_center == center;
    if (!inside) continue;
    center_load[center] += duration[o];
    center_first[center] = std::min(center_first[center], es[o]);
  }
  for (std::size_t c = 0; c < problem.work_centers.size(); ++c) {
    if (center_load[c] == 0) continue;
    int machines = 0;
    int calendar = -2;  // -2: none seen yet, -3: calendars differ
    for (const Machine& m : problem.machines) {
      if (m.work_center != static_cast<int>(c)) continue;
      ++machines;
      calendar = calendar == -2 || calendar == m.calendar ? m.calendar : -3;
    }
    if (machines == 0) continue;
    const Minutes share = (center_load[c] + machines - 1) / machines;
    WorkingTime time;
    if (calendar >= 0) time.Add(&problem.calendars[calendar]);
    const Minutes end =
        calendar == -3 ? center_first[c] + share : time.Advance(center_first[c], share);
    if (end < kNoTime) lb.makespan = std::max(lb.makespan, end);
  }
  return lb;
}

double ObjectiveLowerBound(const Objective& objective, const LowerBounds& bounds,
                           const Problem& problem) {
  auto criterion_bound = [&](Criterion c) -> double {
    double value = 0;
    switch (c) {
      case Criterion::kMakespan: return static_cast<double>(bounds.makespan);
      case Criterion::kTotalSetup: return static_cast<double>(bounds.total_setup);
      case Criterion::kOperatorCost:
      case Criterion::kChurn: return 0;
      case Criterion::kMaxLateness: {
        bool any = false;
        Minutes worst = -kNoTime;
        for (std::size_t j = 0; j < problem.jobs.size(); ++j) {
          if (problem.jobs[j].due >= kNoTime) continue;
          any = true;
          worst = std::max(worst, bounds.job_completion[j] - problem.jobs[j].due);
        }
        return any ? static_cast<double>(worst) : 0;
      }
      case Criterion::kWeightedTardiness:
      case Criterion::kLateJobs:
        for (std::size_t j = 0; j < problem.jobs.size(); ++j) {
          const Job& job = problem.jobs[j];
          if (job.due >= kNoTime || bounds.job_completion[j] <= job.due) continue;
          value += c == Criterion::kLateJobs
                       ? 1.0
                       : job.weight * static_cast<double>(bounds.job_completion[j] - job.due);
        }
        return value;
    }
    return 0;
  };
  if (objective.terms.empty()) return 0;
  if (objective.lexicographic) {
    const ObjectiveTerm& t = objective.terms.front();
    return t.weight >= 0 ? t.weight * criterion_bound(t.criterion) : -1e300;
  }
  double sum = 0;
  for (const ObjectiveTerm& t : objective.terms) {
    if (t.weight < 0) return -1e300;  // a bound needs non-negative weights
    sum += t.weight * criterion_bound(t.criterion);
  }
  return sum;
}

}  // namespace takt::solver
