// Constructive shop schedules by Giffler-Thompson active-schedule generation with dispatching
// rules. At each step the unscheduled operation (the next of some job) that can complete earliest,
// on its best eligible machine, fixes a machine and a completion time C*; every candidate whose
// best machine is that one and that could start before C* is in conflict, and the rule picks one
// of them. For flexible operations the machine giving the earliest completion is used, so the
// same code covers JSSP and FJSP.
//
// Cost: C* comes from a lazy min-heap of the jobs' earliest completions (completions only grow as
// machines fill, so a stale key is a lower bound and is refreshed when it surfaces), and the
// conflict set from the jobs whose next operation may run on the C* machine. One schedule costs
// about O(n log J + n * c), n operations, J jobs, c the number of next operations eligible on one
// machine (J * options / machines on average), instead of O(n * J).
//
// BestDispatchSchedule runs every rule (plus a few randomised ones with fixed seeds, on instances
// of up to kDispatchRandomRulesMaxOperations operations) and keeps the schedule with the least
// makespan; it is deterministic when `stop` never fires. The first rule (MWKR) always completes so
// a feasible schedule always comes back; `stop` (polled every few hundred steps) abandons the
// remaining rules. `work`, when given, is increased by the work units spent, as they accrue (heap
// pops plus candidates examined), comparable in size to the search's move-evaluation units.
// Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <functional>

#include "solver/shop/shop_instance.hpp"

namespace takt::solver {

enum class DispatchRule {
  kMostWorkRemaining,        // MWKR: largest remaining work of the job (least durations)
  kMostOperationsRemaining,  // MOR
  kShortestProcessingTime,   // SPT
  kLongestProcessingTime,    // LPT
  kLeastWorkRemaining,       // LWKR
  kRandom,                   // uniform among the conflict set (seeded)
};

inline constexpr int kDispatchRandomRulesMaxOperations = 20000;

ShopSchedule BuildDispatchSchedule(const ShopInstance& instance, DispatchRule rule,
                                   std::uint64_t seed = 1, std::int64_t* work = nullptr);

ShopSchedule BestDispatchSchedule(const ShopInstance& instance,
                                  const std::function<bool()>& stop = {},
                                  std::int64_t* work = nullptr);

}  // namespace takt::solver
