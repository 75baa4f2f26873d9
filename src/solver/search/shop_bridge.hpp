// The bridge between the general model and the shop search (solver/shop/).
// - A Problem is "shop-shaped" when it is a plain (flexible) job shop: machines always available,
//   no operators, no setups or changeovers, jobs that are chains of zero-lag FS links in route
//   order, no pins, no work in progress, no WIP limits, and a makespan objective. Then the shop
//   search solves it directly and ShopLowerBound bounds it.
// - Any Problem whose jobs are route chains has a shop relaxation (calendars, operators, setups
//   ignored; duration = setup + run). Its machine sequences, turned into priorities and modes,
//   seed the general decoder.
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <vector>

#include "solver/model/objective.hpp"
#include "solver/model/problem.hpp"
#include "solver/model/schedule.hpp"
#include "solver/shop/shop_instance.hpp"

namespace takt::solver {

bool IsShopShaped(const Problem& problem, const Objective& objective);

// The shop relaxation; nullopt when some job is not a chain of FS links in route order.
std::optional<ShopInstance> ShopRelaxation(const Problem& problem);

// A shop schedule of the relaxation as a Schedule (exact when the problem is shop-shaped).
Schedule FromShopSchedule(const Problem& problem, const ShopSchedule& shop);
ShopSchedule ToShopSchedule(const Problem& problem, const Schedule& schedule);

// A Problem for a benchmark ShopInstance: machines "M1".., jobs "J1".., operations "J1-1"..,
// route chains of FS links, one mode per shop option, durations in minutes.
Problem ProblemFromShop(const ShopInstance& shop);

// Per-operation priorities (shop start times) and modes (shop options) for the decoder.
void ShopSequenceAsPriorities(const Problem& problem, const ShopSchedule& shop,
                              std::vector<double>& priority, std::vector<int>& mode);

}  // namespace takt::solver
