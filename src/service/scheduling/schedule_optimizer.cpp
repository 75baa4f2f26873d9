#include "service/scheduling/schedule_optimizer.hpp"

#include <cmath>
#include <future>
#include <thread>

#include "core/schedule_state_machine.hpp"
#include "service/scheduling/plan_mapping.hpp"
#include "service/scheduling/planning_fingerprint.hpp"
#include "service/scheduling/schedule_objective.hpp"
#include "solver/solve.hpp"

namespace takt::service {
namespace {

using Clock = std::chrono::steady_clock;

// Churn weight when rescheduling: one minute moved costs as much as ...
constexpr double kChurnWeight = 0.1;

struct Loaded {
  Schedule schedule;
  std::optional<Schedule> parent;
  ShopSnapshot snapshot;
};

std::string JoinMessages(const std::vector<ScheduleViolation>& violations) {
  std::string out;
  for (const auto& v : violations) out += (out.empty() ? "" : "; ") + v.message;
  return out;
}

std::vector<ScheduleViolation> FromFieldErrors(const std::vector<FieldError>& errors) {
  std::vector<ScheduleViolation> out;
  out.reserve(errors.size());
  for (const auto& e : errors) out.push_back({e.field, e.message, true});
  return out;
}

// Assignments of tasks the engine no longer plans because they are finished: kept from the plan
// they were executed from (with their actual times), so a stored plan shows the whole of its jobs.
std::vector<ScheduleAssignment> FinishedAssignments(const Loaded& loaded) {
  std::vector<ScheduleAssignment> out;
  for (const auto& [job, tasks] : loaded.snapshot.tasks) {
    for (const Task& task : tasks) {
      if (task.status != TaskStatus::kCompleted) continue;
      const ScheduleAssignment* a = loaded.schedule.AssignmentOf(task.id);
      if (a == nullptr && loaded.parent) a = loaded.parent->AssignmentOf(task.id);
      if (a == nullptr) continue;
      ScheduleAssignment done = *a;
      // The plan shows finished work as it happened.
      if (task.actuals.start && task.actuals.end) {
        done.setup_start = done.start = *task.actuals.start;
        done.end = *task.actuals.end;
        done.setup_minutes = 0;
      }
      out.push_back(done);
    }
  }
  return out;
}

}  // namespace

ScheduleOptimizer::ScheduleOptimizer(SchedulingStores stores, OptimizerConfig config)
    : stores_(stores),
      config_(std::move(config)),
      threads_(std::make_unique<SolverThreads>(config_.solver_threads, config_.max_queued)) {
  // Runs left unfinished by a process that stopped can never finish now.
  auto actor = Actor::System();
  (void)stores_.database.Write(actor, [&](storage::Transaction& tx) -> Result<bool> {
    auto runs = stores_.schedules.UnfinishedRuns(tx);
    if (!runs) return Fail(runs.error());
    for (OptimizationRun run : *runs) {
      run.state = RunState::kFailed;
      run.message = "the server stopped before this run finished; optimize again";
      run.finished_at = InstantNow();
      if (auto ok = stores_.schedules.UpdateRun(tx, run); !ok) return Fail(ok.error());
    }
    return true;
  });
}

ScheduleOptimizer::~ScheduleOptimizer() {
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, control] : controls_) control->cancel = true;
  }
  threads_.reset();
}

Result<double> ScheduleOptimizer::TimeLimit(std::optional<double> requested) const {
  if (!requested) return std::min(config_.default_time_limit_s, config_.max_time_limit_s);
  if (!(*requested > 0) || *requested > config_.max_time_limit_s) {
    return Fail(Error::InvalidArgument(
        "the time limit is out of range",
        {{"time_limit_s", "must be more than 0 and at most " +
                              std::to_string(static_cast<int>(config_.max_time_limit_s)) +
                              " seconds (the configured maximum)"}}));
  }
  return *requested;
}

Result<OptimizationRun> ScheduleOptimizer::Start(
    const Actor& actor, ScheduleId schedule_id, const OptimizeOptions& options,
    const std::optional<IdempotentRequest>& idempotency, RescheduleFacts facts) {
  auto limit = TimeLimit(options.time_limit_s);
  if (!limit) return Fail(limit.error());
  bool replayed = false;
  auto run =
      stores_.database.Write(actor, [&](storage::Transaction& tx) -> Result<OptimizationRun> {
        if (idempotency) {
          auto seen = stores_.schedules.FindIdempotencyKey(tx, idempotency->key);
          if (!seen) return Fail(seen.error());
          if (*seen && (*seen)->run_id.valid()) {
            if ((*seen)->fingerprint != idempotency->fingerprint) {
              return Fail(Error::Conflict("this Idempotency-Key was used for another request"));
            }
            replayed = true;
            return stores_.schedules.GetRun(tx, (*seen)->run_id);
          }
        }
        auto schedule = stores_.schedules.Get(tx, schedule_id);
        if (!schedule) return Fail(schedule.error());
        if (auto ok = CheckScheduleEditable(schedule->status); !ok) return Fail(ok.error());
        auto strategy = ResolveObjective(schedule->objective, "objective");
        if (!strategy) return Fail(strategy.error());
        OptimizationRun record;
        record.schedule_id = schedule_id;
        record.strategy = strategy->name;
        record.seed = options.seed;
        record.time_limit_s = *limit;
        record.engine_version = config_.engine_version;
        record.created_by = actor.email;
        auto stored = stores_.schedules.InsertRun(tx, record);
        if (!stored) return Fail(stored.error());
        if (idempotency) {
          auto ok = stores_.schedules.RememberIdempotencyKey(
              tx, idempotency->key, {idempotency->fingerprint, schedule_id, stored->id});
          if (!ok) return Fail(ok.error());
        }
        auto ok = stores_.audit.Append(tx, {"schedule.optimize", "schedule", schedule_id.ToString(),
                                            "", "{\"run_id\":\"" + stored->id.ToString() + "\"}"});
        if (!ok) return Fail(ok.error());
        return stored;
      });
  if (!run || replayed) return run;
  auto control = std::make_shared<Control>();
  control->facts = std::move(facts);
  control->actor = actor;
  {
    std::lock_guard lock(mutex_);
    controls_[run->id] = control;
  }
  const OptimizationRunId id = run->id;
  auto submitted = threads_->Submit({[this, id, control] { Execute(id, control); },
                                     [this, id, control] {
                                       OptimizationRun dropped;
                                       if (auto r = GetRun(id)) dropped = *r;
                                       dropped.state = RunState::kCancelled;
                                       dropped.message =
                                           "the server stopped before this run started";
                                       dropped.finished_at = InstantNow();
                                       (void)SaveRun(control->actor, dropped);
                                       Finish(id, control);
                                     }});
  if (!submitted) {
    OptimizationRun refused = *run;
    refused.state = RunState::kFailed;
    refused.message = submitted.error().message;
    refused.finished_at = InstantNow();
    (void)SaveRun(actor, refused);
    Finish(id, control);
    return Fail(submitted.error());
  }
  return run;
}

Result<solver::SolveResult> ScheduleOptimizer::SolveStandalone(const solver::Problem& problem,
                                                               solver::SolveParams params) {
  auto promise = std::make_shared<std::promise<Result<solver::SolveResult>>>();
  auto future = promise->get_future();
  auto cancel = std::make_shared<std::atomic<bool>>(false);
  params.threads = config_.search_threads;
  params.cancel = cancel.get();
  auto submitted = threads_->Submit(
      {[promise, cancel, &problem, params] { promise->set_value(solver::Solve(problem, params)); },
       [promise] {
         promise->set_value(Fail(Error::Unavailable("the server stopped before the solve ran")));
       }});
  if (!submitted) return Fail(submitted.error());
  return future.get();
}

Result<WaitPermit> ScheduleOptimizer::TryWaitPermit() {
  if (waiting_.fetch_add(1) >= config_.max_waiting) {
    waiting_.fetch_sub(1);
    return Fail(Error::Unavailable(
        std::to_string(config_.max_waiting) +
        " requests are already waiting for optimizations; start it without ?wait=true and poll "
        "GET /optimization-runs/{id}, or retry later"));
  }
  return WaitPermit(&waiting_);
}

Result<OptimizationRun> ScheduleOptimizer::Wait(OptimizationRunId run,
                                                std::chrono::milliseconds max_wait) {
  std::shared_ptr<Control> control;
  {
    std::lock_guard lock(mutex_);
    if (auto it = controls_.find(run); it != controls_.end()) control = it->second;
  }
  if (control) {
    std::unique_lock lock(control->mutex);
    control->done_cv.wait_for(lock, max_wait, [&] { return control->done; });
  }
  return GetRun(run);
}

Result<OptimizationRun> ScheduleOptimizer::GetRun(OptimizationRunId run) {
  return stores_.database.Read(
      [&](storage::Transaction& tx) { return stores_.schedules.GetRun(tx, run); });
}

Result<OptimizationRun> ScheduleOptimizer::Cancel(const Actor& actor, OptimizationRunId id) {
  std::shared_ptr<Control> control;
  {
    std::lock_guard lock(mutex_);
    if (auto it = controls_.find(id); it != controls_.end()) control = it->second;
  }
  auto run = GetRun(id);
  if (!run) return run;
  if (IsFinished(run->state)) {
    return Fail(Error::Conflict(std::string("the run has already finished (") +
                                RunStateName(run->state) + ")")
                    .WithDetail("current_state", RunStateName(run->state)));
  }
  if (control) control->cancel = true;
  if (run->state == RunState::kQueued) {
    run->state = RunState::kCancelled;
    run->message = "cancelled before it started";
    run->finished_at = InstantNow();
    if (auto ok = SaveRun(actor, *run); !ok) return Fail(ok.error());
  }
  return run;
}

Result<void> ScheduleOptimizer::SaveRun(const Actor& actor, const OptimizationRun& run) {
  return stores_.database
      .Write(actor,
             [&](storage::Transaction& tx) -> Result<bool> {
               if (auto ok = stores_.schedules.UpdateRun(tx, run); !ok) return Fail(ok.error());
               return true;
             })
      .map([](bool) {});
}

void ScheduleOptimizer::Finish(OptimizationRunId run, const std::shared_ptr<Control>& control) {
  {
    std::lock_guard lock(control->mutex);
    control->done = true;
  }
  control->done_cv.notify_all();
  std::lock_guard lock(mutex_);
  controls_.erase(run);
}

void ScheduleOptimizer::Execute(OptimizationRunId id, std::shared_ptr<Control> control) {
  const Actor& actor = control->actor;
  auto stored = GetRun(id);
  if (!stored || stored->state != RunState::kQueued) {
    Finish(id, control);
    return;
  }
  OptimizationRun run = *stored;
  auto fail = [&](std::string message, RunOutcome outcome) {
    run.state = control->cancel ? RunState::kCancelled : RunState::kFailed;
    run.outcome = outcome;
    run.message = std::move(message);
    run.finished_at = InstantNow();
    (void)SaveRun(actor, run);
    Finish(id, control);
  };
  run.state = RunState::kRunning;
  run.started_at = InstantNow();
  (void)SaveRun(actor, run);

  auto loaded = stores_.database.Read([&](storage::Transaction& tx) -> Result<Loaded> {
    Loaded out;
    auto schedule = stores_.schedules.Get(tx, run.schedule_id);
    if (!schedule) return Fail(schedule.error());
    out.schedule = std::move(*schedule);
    if (out.schedule.parent_id.valid()) {
      auto parent = stores_.schedules.Get(tx, out.schedule.parent_id);
      if (!parent) return Fail(parent.error());
      out.parent = std::move(*parent);
    }
    auto snapshot = LoadShopSnapshot(tx, stores_, out.schedule.job_ids);
    if (!snapshot) return Fail(snapshot.error());
    out.snapshot = std::move(*snapshot);
    return out;
  });
  if (!loaded)
    return fail("cannot load the schedule: " + loaded.error().message, RunOutcome::kNone);
  const std::string versions = InputVersions(loaded->snapshot.jobs, loaded->snapshot.tasks);
  PlanningOptions options;
  options.origin = loaded->schedule.horizon_start;
  options.horizon_end = loaded->schedule.horizon_end;
  options.now = InstantNow();
  options.pins_from = &loaded->schedule;
  options.reference = loaded->parent ? &*loaded->parent : nullptr;
  options.frozen_minutes = control->facts.frozen_minutes;
  options.priority_override = control->facts.priority_override;
  options.delays = control->facts.delays;
  PlanningProblem planning = BuildPlanningProblem(loaded->snapshot, options);
  run.input_hash = InputHash(planning.problem);

  auto record_violations = [&](std::vector<ScheduleViolation> violations) {
    (void)stores_.database.Write(actor, [&](storage::Transaction& tx) -> Result<bool> {
      auto current = stores_.schedules.Get(tx, run.schedule_id);
      if (!current) return Fail(current.error());
      current->violations = violations;
      current->last_run_id = run.id;
      auto ok = stores_.schedules.Update(tx, *current, current->version, false);
      if (!ok) return Fail(ok.error());
      return true;
    });
  };
  if (!planning.defects.empty()) {
    record_violations(planning.defects);
    return fail(JoinMessages(planning.defects), RunOutcome::kInfeasible);
  }
  auto strategy = ResolveObjective(loaded->schedule.objective, "objective");
  if (!strategy) return fail(strategy.error().message, RunOutcome::kNone);
  solver::Strategy chosen = *strategy;
  if (loaded->parent) chosen = WithChurn(chosen, kChurnWeight);

  solver::SolveParams params;
  params.objective = chosen.objective;
  params.search = chosen.search;
  params.time_limit_s = run.time_limit_s;
  params.seed = run.seed;
  params.threads = config_.search_threads;
  params.cancel = &control->cancel;
  // The run record follows the search: improvements as they come, and the elapsed share of the
  // time limit twice a second (a ticker thread), each saved in its own short transaction.
  std::mutex run_mutex;
  const auto solve_start = Clock::now();
  params.on_improvement = [&](const solver::SolveProgress& progress) {
    std::lock_guard lock(run_mutex);
    run.improvements += 1;
    if (!progress.objective.empty()) run.objective = progress.objective.front();
    run.bound = progress.bound;
    run.gap = progress.gap;
  };
  std::mutex ticker_mutex;
  std::condition_variable ticker_cv;
  bool solved = false;
  std::thread ticker([&] {
    std::unique_lock wait_lock(ticker_mutex);
    while (!ticker_cv.wait_for(wait_lock, std::chrono::milliseconds(500), [&] { return solved; })) {
      OptimizationRun snapshot;
      {
        std::lock_guard lock(run_mutex);
        const double elapsed = std::chrono::duration<double>(Clock::now() - solve_start).count();
        run.progress = std::min(0.99, elapsed / std::max(0.001, run.time_limit_s));
        snapshot = run;
      }
      (void)SaveRun(actor, snapshot);
    }
  });
  const solver::SolveResult result = solver::Solve(planning.problem, params);
  {
    std::lock_guard lock(ticker_mutex);
    solved = true;
  }
  ticker_cv.notify_all();
  ticker.join();
  run.solve_time_s = result.stats.elapsed_s;
  run.improvements = result.stats.improvements;
  if (result.status == solver::SolveStatus::kModelInvalid) {
    auto violations = FromFieldErrors(result.defects);
    record_violations(violations);
    return fail(JoinMessages(violations), RunOutcome::kInfeasible);
  }
  if (!result.has_schedule) {
    std::string why =
        result.message.empty() ? "no schedule satisfies every hard constraint" : result.message;
    record_violations({{"infeasible", why, true}});
    return fail(why, RunOutcome::kInfeasible);
  }
  if (!result.objective.empty()) run.objective = result.objective.front();
  run.bound = result.bound;
  run.gap = result.gap;
  run.incumbent = ToScheduleKpis(result.kpis);
  run.progress = 1.0;
  if (result.status == solver::SolveStatus::kOptimal) {
    run.outcome = RunOutcome::kOptimal;
  } else if (result.fallback || result.status == solver::SolveStatus::kNoSolutionInTime) {
    run.outcome = RunOutcome::kTimeoutFallback;
    run.message =
        "the search found nothing better than the constructive schedule in time; "
        "the constructive schedule is returned";
  } else {
    run.outcome = RunOutcome::kFeasible;
  }
  if (!result.message.empty() && run.message.empty()) run.message = result.message;

  auto applied = stores_.database.Write(actor, [&](storage::Transaction& tx) -> Result<bool> {
    auto current = stores_.schedules.Get(tx, run.schedule_id);
    if (!current) return Fail(current.error());
    if (current->version != loaded->schedule.version) {
      return Fail(Error::Conflict("the schedule was changed while it was being optimized"));
    }
    std::vector<JobId> ids = loaded->schedule.job_ids;
    std::vector<Job> jobs;
    for (JobId job_id : ids) {
      auto job = stores_.jobs.Get(tx, job_id);
      if (!job) return Fail(job.error());
      jobs.push_back(std::move(*job));
    }
    auto tasks = stores_.tasks.ListByJobs(tx, ids);
    if (!tasks) return Fail(tasks.error());
    const std::string now_versions = InputVersions(jobs, *tasks);
    if (now_versions != versions) {
      return Fail(Error::Conflict(
          "input changed: " + ChangedJobs(loaded->snapshot.jobs, versions, now_versions) +
          " changed while the schedule was being optimized; optimize again"));
    }
    Schedule next = *current;
    next.assignments = ToAssignments(planning, result.schedule);
    for (auto& kept : FinishedAssignments(*loaded)) next.assignments.push_back(kept);
    std::sort(next.assignments.begin(), next.assignments.end(),
              [](const auto& a, const auto& b) { return a.task_id < b.task_id; });
    next.kpis = run.incumbent;
    next.fallback = run.outcome == RunOutcome::kTimeoutFallback;
    next.last_run_id = run.id;
    next.violations = planning.notes;
    auto ok = stores_.schedules.Update(tx, next, current->version, true);
    if (!ok) return Fail(ok.error());
    auto audited =
        stores_.audit.Append(tx, {"schedule.plan", "schedule", next.id.ToString(), "",
                                  "{\"run_id\":\"" + run.id.ToString() + "\",\"outcome\":\"" +
                                      RunOutcomeName(run.outcome) + "\"}"});
    if (!audited) return Fail(audited.error());
    return true;
  });
  if (!applied) return fail(applied.error().message, run.outcome);
  run.state = control->cancel ? RunState::kCancelled : RunState::kSucceeded;
  run.finished_at = InstantNow();
  (void)SaveRun(actor, run);
  Finish(id, control);
}

}  // namespace takt::service
