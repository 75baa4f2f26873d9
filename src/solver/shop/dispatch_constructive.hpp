// Constructive shop schedules by Giffler-Thompson active-schedule generation with dispatching
// rules. At each step the unscheduled operation (the next of some job) that can complete earliest,
// on its best eligible machine, fixes a machine and a completion time C*; every candidate whose
// best machine is that one and that could start before C* is in conflict, and the rule picks one
// of them. For flexible operations the machine giving the earliest completion is used, so the
// same code covers JSSP and FJSP.
//
// BestDispatchSchedule runs every rule (plus a few randomised ones with fixed seeds) and keeps the
// schedule with the least makespan; it is deterministic. Pure functions, thread-safe.
#pragma once

#include <cstdint>

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

ShopSchedule BuildDispatchSchedule(const ShopInstance& instance, DispatchRule rule,
                                   std::uint64_t seed = 1);

ShopSchedule BestDispatchSchedule(const ShopInstance& instance);

}  // namespace takt::solver
