#include "solver/construct/constructive.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

namespace takt::solver {
namespace {

// Minimum processing minutes of an operation over its modes.
Minutes MinDuration(const Operation& op) {
  Minutes best = kNoTime;
  for (const Mode& m : op.modes) best = std::min(best, m.setup + m.run);
  return best >= kNoTime ? 0 : best;
}

constexpr double kNoDueKey = 1e15;

}  // namespace

const char* DispatchRuleName(DispatchRule rule) {
  switch (rule) {
    case DispatchRule::kEarliestDueDate: return "EDD";
    case DispatchRule::kCriticalRatio: return "CR";
    case DispatchRule::kPriority: return "PRIORITY";
    case DispatchRule::kMostWorkRemaining: return "MWKR";
  }
  return "EDD";
}

std::vector<double> RulePriorities(const Problem& problem, DispatchRule rule) {
  std::vector<double> priority(problem.operations.size(), 0.0);
  for (const Job& job : problem.jobs) {
    Minutes total = 0;
    for (int o : job.operations) total += MinDuration(problem.operations[o]);
    const double due = job.due >= kNoTime ? kNoDueKey : static_cast<double>(job.due);
    Minutes remaining = total;
    for (int o : job.operations) {
      double key = 0;
      switch (rule) {
        case DispatchRule::kEarliestDueDate: key = due; break;
        case DispatchRule::kCriticalRatio:
          key = job.due >= kNoTime ? kNoDueKey
                                   : static_cast<double>(job.due - job.release) /
                                         static_cast<double>(std::max<Minutes>(1, total));
          break;
        case DispatchRule::kPriority: key = -job.weight * 1e16 + due; break;
        case DispatchRule::kMostWorkRemaining: key = -static_cast<double>(remaining); break;
      }
      priority[o] = key;
      remaining -= MinDuration(problem.operations[o]);
    }
  }
  return priority;
}

ConstructResult Construct(const Decoder& decoder, const Objective& objective, int threads,
                          const std::function<void(const Schedule&)>& on_feasible,
                          const std::function<bool()>& should_stop) {
  const Problem& problem = decoder.problem();
  const DispatchRule rules[] = {DispatchRule::kEarliestDueDate, DispatchRule::kCriticalRatio,
                                DispatchRule::kPriority, DispatchRule::kMostWorkRemaining};
  struct Candidate {
    DispatchRule rule;
    bool time_first;
    DecodeResult result;
  };
  std::vector<Candidate> candidates;
  // Interleaved, so that the first two threads try both schemes at once.
  for (DispatchRule rule : rules) {
    for (bool time_first : {true, false}) candidates.push_back(Candidate{rule, time_first, {}});
  }
  std::atomic<std::size_t> next{0};
  std::mutex report;
  std::atomic<bool> any_feasible{false};
  auto worker = [&] {
    for (std::size_t i = next++; i < candidates.size(); i = next++) {
      DecodeRequest request;
      request.priority = RulePriorities(problem, candidates[i].rule);
      request.time_first = candidates[i].time_first;
      // The first feasible schedule is the fallback: limits only cut the passes after it.
      if (should_stop) request.should_stop = [&] { return any_feasible.load() && should_stop(); };
      candidates[i].result = decoder.Decode(request);
      if (candidates[i].result.feasible) any_feasible.store(true);
      if (on_feasible && candidates[i].result.feasible) {
        std::lock_guard<std::mutex> lock(report);
        on_feasible(candidates[i].result.schedule);
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < std::max(1, threads); ++t) pool.emplace_back(worker);
  worker();
  for (std::thread& t : pool) t.join();

  ConstructResult best;
  for (Candidate& c : candidates) {
    best.work += c.result.work;
    if (!c.result.feasible) {
      if (best.failure.empty()) best.failure = c.result.failure;
      continue;
    }
    ObjectiveValue value = Evaluate(objective, ComputeKpis(problem, c.result.schedule));
    if (!best.feasible || Better(value, best.value)) {
      best.feasible = true;
      best.value = std::move(value);
      best.schedule = std::move(c.result.schedule);
      best.rule = std::string(DispatchRuleName(c.rule)) + (c.time_first ? "/time" : "/priority");
    }
  }
  if (best.feasible) best.failure.clear();
  return best;
}

}  // namespace takt::solver
