// ScheduleOptimizer: runs the engine for stored schedules. Start() records an OptimizationRun
// (QUEUED) and hands the work to the bounded SolverThreads pool; the run then loads a consistent
// snapshot of jobs and master data, builds the PlanningProblem, solves it under the schedule's
// objective within the time limit (the request's, capped by the configured maximum), reports
// progress into the run record (throttled), and finally writes the plan into the DRAFT schedule,
// all in short transactions (never holding one while solving).
//
// Outcomes (OptimizationRun::outcome): OPTIMAL / FEASIBLE from the search; TIMEOUT_FALLBACK when
// the search found nothing better than the constructive schedule (or failed), which is then
// returned and marked `fallback`; INFEASIBLE when the problem has defects or no schedule exists
// (the run FAILS, the message and the schedule's violations carry the planner-readable reasons).
// If a job or task of the schedule changed while it was being optimized, the result is not
// applied: the run FAILS with "input changed" naming what moved, and the schedule keeps its plan.
// Cancel() stops a queued run at once and a running one at the search's next check; the best plan
// found so far is kept.
//
// Thread-safety: all methods may be called from any thread; Wait() blocks only its caller.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "core/actor.hpp"
#include "core/schedule_run.hpp"
#include "service/scheduling/planning_problem.hpp"
#include "service/scheduling/shop_snapshot.hpp"
#include "service/scheduling/solver_threads.hpp"
#include "solver/solve.hpp"

namespace takt::service {

struct OptimizerConfig {
  int solver_threads = 1;       // concurrent solves
  int search_threads = 1;       // threads inside one solve
  std::size_t max_queued = 16;  // waiting solves beyond the running ones
  int max_waiting = 4;          // requests blocked in Wait() at once (each holds an HTTP worker)
  double default_time_limit_s = 10.0;
  double max_time_limit_s = 300.0;
  std::string engine_version = "takt-engine";
};

struct OptimizeOptions {
  std::optional<double> time_limit_s;
  std::uint64_t seed = 1;
};

// Extra planning facts of a reschedule (see PlanningOptions).
struct RescheduleFacts {
  std::int64_t frozen_minutes = 0;
  std::map<JobId, JobPriority> priority_override;
  std::map<TaskId, std::int64_t> delays;
};

struct IdempotentRequest {
  std::string key;
  std::string fingerprint;
};

// A place among the requests allowed to block in ScheduleOptimizer::Wait (see TryWaitPermit).
class WaitPermit {
 public:
  explicit WaitPermit(std::atomic<int>* counter) : counter_(counter) {}
  WaitPermit(WaitPermit&& other) noexcept : counter_(std::exchange(other.counter_, nullptr)) {}
  WaitPermit(const WaitPermit&) = delete;
  WaitPermit& operator=(const WaitPermit&) = delete;
  WaitPermit& operator=(WaitPermit&&) = delete;
  ~WaitPermit() {
    if (counter_ != nullptr) counter_->fetch_sub(1);
  }

 private:
  std::atomic<int>* counter_;
};

class ScheduleOptimizer {
 public:
  ScheduleOptimizer(SchedulingStores stores, OptimizerConfig config);
  ~ScheduleOptimizer();

  // Queues a run for a DRAFT schedule. A retry with the same idempotency key returns the first run.
  Result<OptimizationRun> Start(const Actor& actor, ScheduleId schedule,
                                const OptimizeOptions& options,
                                const std::optional<IdempotentRequest>& idempotency,
                                RescheduleFacts facts = {});

  // Synchronous callers (?wait=true, the one-call optimize, reschedule) hold a request thread
  // while they wait; at most `max_waiting` may, so the server keeps threads for everything else.
  // kUnavailable (503, use the asynchronous flow) when all places are taken.
  Result<WaitPermit> TryWaitPermit();

  // Blocks until the run finishes or `max_wait` passes; returns the run as stored then.
  Result<OptimizationRun> Wait(OptimizationRunId run, std::chrono::milliseconds max_wait);

  Result<OptimizationRun> GetRun(OptimizationRunId run);
  Result<OptimizationRun> Cancel(const Actor& actor, OptimizationRunId run);

  // Solves a self-contained problem (POST /solve) on a solver thread, bounded like every run, and
  // waits for it; touches no stored data. kUnavailable when the solver queue is full.
  Result<solver::SolveResult> SolveStandalone(const solver::Problem& problem,
                                              solver::SolveParams params);

  // The time limit a request gets (default when absent); kInvalidArgument above the maximum.
  Result<double> TimeLimit(std::optional<double> requested) const;

  const OptimizerConfig& config() const { return config_; }
  const SolverThreads& threads() const { return *threads_; }

 private:
  struct Control {
    std::atomic<bool> cancel{false};
    std::mutex mutex;
    std::condition_variable done_cv;
    bool done = false;
    RescheduleFacts facts;
    Actor actor;
  };

  void Execute(OptimizationRunId run, std::shared_ptr<Control> control);
  void Finish(OptimizationRunId run, const std::shared_ptr<Control>& control);
  Result<void> SaveRun(const Actor& actor, const OptimizationRun& run);

  SchedulingStores stores_;
  OptimizerConfig config_;
  std::mutex mutex_;
  std::map<OptimizationRunId, std::shared_ptr<Control>> controls_;
  std::atomic<int> waiting_{0};
  std::unique_ptr<SolverThreads> threads_;  // last: its destructor joins while the rest is alive
};

}  // namespace takt::service
