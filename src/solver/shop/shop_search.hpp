// The sequencing search for a ShopInstance: tabu search over critical-path neighbourhoods
// (N5/N7-class moves with approximate move evaluation) plus machine reassignment for flexible
// operations, an elite pool with restarts, one search thread per `threads`.
//
// Contract:
// - SearchShop never throws on a valid instance and always returns a feasible schedule when
//   `initial` is given or the instance is non-empty; it only improves on `initial`. An `initial`
//   that does not fit the instance (wrong shape, option or machine, or cyclic orders) is ignored
//   and the search starts from its own constructive schedule. An instance that fails
//   CheckShopInstance yields an empty schedule (no options, makespan 0) instead of a crash.
// - Returned starts are semi-active: each operation starts at the end of its job and machine
//   predecessors (or its release).
// - It stops at the first of: `time_limit_s` wall-clock, `work_limit` units of deterministic work
//   (move evaluations, summed over threads), `*cancel` becoming true, or reaching `lower_bound`.
// - With `deterministic` (or threads == 1) the result depends only on (instance, initial, seed,
//   work_limit, threads): same inputs, byte-identical schedule, provided the work limit or the
//   lower bound (not the clock or cancel) ends the run; each thread then gets
//   work_limit / threads and the result is the best thread by (makespan, thread index).
// - Without `deterministic`, threads cooperate through a shared best and elite pool.
// - `on_improvement` is called from search threads (serialised by the search) with each new best.
// Thread-safety: the function is re-entrant; it shares nothing between calls.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>

#include "solver/shop/shop_instance.hpp"

namespace takt::solver {

struct ShopSearchParams {
  double time_limit_s = 10.0;
  std::int64_t work_limit = 0;  // 0: no work limit
  std::uint64_t seed = 1;
  int threads = 2;
  bool deterministic = false;
  std::int64_t lower_bound = 0;  // stop when the makespan reaches it
  const std::atomic<bool>* cancel = nullptr;
  // With an `initial` that fits: also build the dispatching-rule schedules (within the limits)
  // and start from the better of them and `initial`.
  bool also_dispatch = false;
  std::function<void(const ShopSchedule& best, double elapsed_s)> on_improvement;
};

struct ShopSearchStats {
  std::int64_t iterations = 0;
  std::int64_t work = 0;
  double time_to_best_s = 0.0;
  double elapsed_s = 0.0;
  bool cancelled = false;
};

struct ShopSearchResult {
  ShopSchedule best;
  ShopSearchStats stats;
};

ShopSearchResult SearchShop(const ShopInstance& instance,
                            const std::optional<ShopSchedule>& initial,
                            const ShopSearchParams& params);

// A valid lower bound on the makespan: job (route length + release) bounds, machine load bounds
// (with the least-duration option for flexible operations) and one-machine relaxations with heads
// and tails (preemptive Jackson bound).
// The instance must pass CheckShopInstance.
std::int64_t ShopLowerBound(const ShopInstance& instance);

}  // namespace takt::solver
