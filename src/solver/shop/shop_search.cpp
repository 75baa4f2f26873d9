// SearchShop: start from `initial` (when it fits the instance and is acyclic) or from the best
// dispatching-rule schedule, then run one TabuWalk per thread.
//
// Cooperative mode (the default): the walks share the best solution and an elite pool of eight;
// a walk that has not improved its own best for a while (stagnation limit, growing with the
// instance) offers that best to the pool and restarts from a path-relinking child of two random
// members (PathRelinking), or, while the pool has fewer than two members far enough apart, from a
// random member shaken by a few random critical moves. Work is summed in one atomic counter; the
// first walk to reach the target (the larger of the caller's bound and ShopLowerBound) stops all.
//
// Deterministic mode (or one thread): each walk has its own seed, its own elite pool and an equal
// share of the work limit, and sees nothing of the others, so each walk's trajectory depends only
// on its inputs; the result is the best walk by (makespan, thread index). Only the final choice
// and the improvement callbacks cross threads.
#include "solver/shop/shop_search.hpp"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <thread>

#include "solver/shop/dispatch_constructive.hpp"
#include "solver/shop/elite_pool.hpp"
#include "solver/shop/path_relinking.hpp"
#include "solver/shop/tabu_walk.hpp"

namespace takt::solver {
namespace {

using Clock = std::chrono::steady_clock;

std::uint64_t MixSeed(std::uint64_t seed, int thread) {
  std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL * static_cast<std::uint64_t>(thread + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// True when `schedule` names a valid option for every operation and every operation exactly once
// on the machine of its option, so that DisjunctiveGraph::Load is safe.
bool FitsInstance(const ShopInstance& instance, const ShopSchedule& schedule) {
  const int jobs = static_cast<int>(instance.jobs.size());
  if (static_cast<int>(schedule.option.size()) != jobs ||
      static_cast<int>(schedule.machine_order.size()) != instance.machine_count) {
    return false;
  }
  std::vector<std::vector<char>> seen(jobs);
  for (int j = 0; j < jobs; ++j) {
    const auto& ops = instance.jobs[j].operations;
    if (schedule.option[j].size() != ops.size()) return false;
    for (std::size_t o = 0; o < ops.size(); ++o) {
      const int option = schedule.option[j][o];
      if (option < 0 || option >= static_cast<int>(ops[o].options.size())) return false;
    }
    seen[j].assign(ops.size(), 0);
  }
  for (int k = 0; k < instance.machine_count; ++k) {
    for (const ShopOperationRef& ref : schedule.machine_order[k]) {
      if (ref.job < 0 || ref.job >= jobs || ref.operation < 0 ||
          ref.operation >= static_cast<int>(seen[ref.job].size()) || seen[ref.job][ref.operation]) {
        return false;
      }
      const auto& operation = instance.jobs[ref.job].operations[ref.operation];
      if (operation.options[schedule.option[ref.job][ref.operation]].machine != k) return false;
      seen[ref.job][ref.operation] = 1;
    }
  }
  for (const auto& job : seen) {
    if (std::find(job.begin(), job.end(), 0) != job.end()) return false;
  }
  return true;
}

constexpr int kEliteSize = 8;

// Elite members closer than this (operations out of place) are not relinked.
int RelinkMinDistance(const ShopInstance& instance) {
  return std::max(1, instance.OperationCount() / 10);
}

struct WalkOutcome {
  ShopSequencing best;
  std::int64_t iterations = 0;
  std::int64_t work = 0;
  double time_to_best_s = 0.0;
};

class SearchRun {
 public:
  SearchRun(const ShopInstance& instance, const ShopSearchParams& params, int threads,
            bool deterministic, std::int64_t target, const ShopSequencing& start,
            std::int64_t work_limit, Clock::time_point begin)
      : instance_(instance),
        params_(params),
        threads_(threads),
        deterministic_(deterministic),
        target_(target),
        start_(start),
        work_limit_(work_limit),
        shared_elite_(kEliteSize),
        begin_(begin) {
    best_makespan_ = start.makespan;
    shared_elite_.Offer(start);
    outcomes_.resize(threads);
  }

  void Run() {
    std::vector<std::thread> workers;
    for (int t = 1; t < threads_; ++t) workers.emplace_back([this, t] { Walk(t); });
    Walk(0);
    for (std::thread& worker : workers) worker.join();
  }

  const std::vector<WalkOutcome>& outcomes() const { return outcomes_; }
  double Elapsed() const { return std::chrono::duration<double>(Clock::now() - begin_).count(); }
  bool cancelled() const { return cancelled_.load(); }

 private:
  bool ShouldStop(std::int64_t own_work, std::int64_t own_best) {
    if (params_.cancel != nullptr && params_.cancel->load(std::memory_order_relaxed)) {
      cancelled_.store(true);
      return true;
    }
    if (own_best <= target_) return true;
    if (Elapsed() >= params_.time_limit_s) return true;
    if (deterministic_) {
      if (work_limit_ > 0) {
        const std::int64_t share = (work_limit_ + threads_ - 1) / threads_;
        if (own_work >= share) return true;
      }
      return false;
    }
    if (stop_.load(std::memory_order_relaxed)) return true;
    if (work_limit_ > 0 && total_work_.load(std::memory_order_relaxed) >= work_limit_) {
      return true;
    }
    return false;
  }

  // Called by a walk whose own best improved; publishes a new overall best.
  void Publish(const TabuWalk& walk) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (walk.BestMakespan() >= best_makespan_) return;
    best_makespan_ = walk.BestMakespan();
    if (best_makespan_ <= target_ && !deterministic_) stop_.store(true);
    if (params_.on_improvement) {
      params_.on_improvement(walk.graph().ToSchedule(), Elapsed());
    }
  }

  // Right after a Step or Perturb an improved walk best is the walk's current solution.
  void NoteWalkBest(const TabuWalk& walk, WalkOutcome& outcome) {
    if (walk.BestMakespan() < outcome.best.makespan && walk.Makespan() == walk.BestMakespan()) {
      outcome.best = walk.Best();
      outcome.time_to_best_s = Elapsed();
      Publish(walk);
    }
  }

  void Walk(int thread) {
    WalkOutcome& outcome = outcomes_[thread];
    TabuWalk walk(instance_, MixSeed(params_.seed, thread));
    std::mt19937_64 random(MixSeed(params_.seed, thread + 1000));
    ElitePool own_elite(kEliteSize);
    PathRelinking relinking(instance_);
    ShopSequencing restart;
    ShopSequencing initiating;
    ShopSequencing guiding;
    walk.Start(start_);
    own_elite.Offer(start_);
    outcome.best = start_;
    const int n = walk.graph().OperationCount();
    // Restart after this many iterations without improving the walk's best. Longer walks did
    // better than frequent restarts on Taillard's 20x15 and 20x20 classes.
    const std::int64_t stagnation_limit = std::clamp<std::int64_t>(40LL * n, 5000, 50000);
    while (!ShouldStop(outcome.work, outcome.best.makespan)) {
      const std::int64_t work = walk.Step();
      outcome.work += work;
      ++outcome.iterations;
      if (!deterministic_) total_work_.fetch_add(work, std::memory_order_relaxed);
      NoteWalkBest(walk, outcome);
      if (walk.Exhausted() || walk.IterationsSinceImprovement() > stagnation_limit) {
        // Restart from a path-relinking child of two elite members when the pool holds two
        // distant ones, else from a random member shaken by a few random critical moves.
        bool have_pair = false;
        {
          std::unique_lock<std::mutex> lock(mutex_, std::defer_lock);
          if (!deterministic_) lock.lock();
          ElitePool& pool = deterministic_ ? own_elite : shared_elite_;
          pool.Offer(walk.Best());
          if (pool.Size() >= 2) {
            const std::uint64_t first = random() % static_cast<std::uint64_t>(pool.Size());
            const std::uint64_t second =
                (first + 1 + random() % static_cast<std::uint64_t>(pool.Size() - 1)) %
                static_cast<std::uint64_t>(pool.Size());
            pool.Pick(first, initiating);
            pool.Pick(second, guiding);
            have_pair = true;
          } else {
            pool.Pick(random(), restart);
          }
        }
        bool relinked = false;
        std::int64_t restart_work = 0;
        if (have_pair) {
          relinked =
              relinking.Relink(initiating, guiding, RelinkMinDistance(instance_), random, restart);
          restart_work += relinking.work();
          if (!relinked) std::swap(restart, initiating);
        }
        walk.Start(restart);
        if (!relinked) {
          const int shake = 2 + static_cast<int>(random() % static_cast<std::uint64_t>(2 + n / 50));
          restart_work += walk.Perturb(shake);
        }
        outcome.work += restart_work;
        if (!deterministic_) total_work_.fetch_add(restart_work, std::memory_order_relaxed);
        NoteWalkBest(walk, outcome);
      }
    }
  }

  const ShopInstance& instance_;
  const ShopSearchParams& params_;
  const int threads_;
  const bool deterministic_;
  const std::int64_t target_;
  const ShopSequencing& start_;
  const std::int64_t work_limit_;  // what the construction left of the caller's work limit
  std::mutex mutex_;
  ElitePool shared_elite_;
  std::int64_t best_makespan_ = 0;
  std::atomic<std::int64_t> total_work_{0};
  std::atomic<bool> stop_{false};
  std::atomic<bool> cancelled_{false};
  std::vector<WalkOutcome> outcomes_;
  const Clock::time_point begin_;
};

}  // namespace

ShopSearchResult SearchShop(const ShopInstance& instance,
                            const std::optional<ShopSchedule>& initial,
                            const ShopSearchParams& params) {
  const Clock::time_point begin = Clock::now();
  ShopSearchResult result;
  if (instance.OperationCount() == 0 || !CheckShopInstance(instance)) {
    result.best.option.resize(instance.jobs.size());
    result.best.start.resize(instance.jobs.size());
    result.best.machine_order.resize(std::max(instance.machine_count, 0));
    return result;
  }
  DisjunctiveGraph graph(instance);
  bool loaded = false;
  if (initial.has_value() && FitsInstance(instance, *initial)) {
    graph.Load(*initial);
    loaded = graph.Evaluate();
  }
  // Every phase honours the limits: the construction polls them between (and inside) its rules
  // and always completes one rule, so a feasible start exists even when a limit is already hit.
  const auto limit_reached = [&] {
    if (params.cancel != nullptr && params.cancel->load(std::memory_order_relaxed)) return true;
    if (params.work_limit > 0 && result.stats.work >= params.work_limit) return true;
    return std::chrono::duration<double>(Clock::now() - begin).count() >= params.time_limit_s;
  };
  if (!loaded || (params.also_dispatch && !limit_reached())) {
    const ShopSchedule dispatched =
        BestDispatchSchedule(instance, limit_reached, &result.stats.work);
    if (!loaded || dispatched.makespan < graph.Makespan()) {
      graph.Load(dispatched);
      graph.Evaluate();
    }
  }
  ShopSequencing start;
  graph.Save(start);
  const std::int64_t target = std::max(params.lower_bound, ShopLowerBound(instance));
  const int threads = std::clamp(params.threads, 1, 64);
  const bool deterministic = params.deterministic || threads == 1;
  const ShopSequencing* best = &start;
  if (start.makespan > target && !limit_reached()) {
    const std::int64_t work_left =
        params.work_limit > 0 ? std::max<std::int64_t>(1, params.work_limit - result.stats.work)
                              : 0;
    SearchRun run(instance, params, threads, deterministic, target, start, work_left, begin);
    run.Run();
    for (const WalkOutcome& outcome : run.outcomes()) {
      result.stats.iterations += outcome.iterations;
      result.stats.work += outcome.work;
      if (outcome.best.makespan < best->makespan) {
        best = &outcome.best;
        result.stats.time_to_best_s = outcome.time_to_best_s;
      }
    }
    result.stats.cancelled = run.cancelled();
    graph.Load(*best);
    graph.Evaluate();
    result.best = graph.ToSchedule();
  } else {
    result.stats.cancelled = params.cancel != nullptr && params.cancel->load();
    result.best = graph.ToSchedule();
  }
  result.stats.elapsed_s = std::chrono::duration<double>(Clock::now() - begin).count();
  return result;
}

}  // namespace takt::solver
