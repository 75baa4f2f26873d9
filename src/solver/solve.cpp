// Solve orchestrates the phases; the algorithms live in construct/, search/ and shop/. Its own
// job is bookkeeping that must never fail: every candidate schedule goes through the checker
// before it may become the incumbent, the incumbent only ever improves, and any exception from a
// phase ends that phase but keeps what was found.
#include "solver/solve.hpp"

#include <atomic>
#include <chrono>
#include <cmath>
#include <mutex>
#include <optional>

#include "solver/construct/constructive.hpp"
#include "solver/search/lns.hpp"
#include "solver/search/lower_bound.hpp"
#include "solver/search/shop_bridge.hpp"
#include "solver/shop/shop_search.hpp"
#include "solver/validate/validate.hpp"

namespace takt::solver {
namespace {

using Clock = std::chrono::steady_clock;

class Incumbent {
 public:
  Incumbent(const Problem& problem, const SolveParams& params, Clock::time_point start)
      : problem_(problem), params_(params), start_(start) {}

  double Elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

  // Offers a candidate; returns true when it became the new best.
  bool Offer(const Schedule& candidate, const std::string& from) {
    const std::vector<Violation> violations = CheckSchedule(problem_, candidate);
    std::lock_guard<std::mutex> lock(mutex_);
    if (!violations.empty()) {
      if (rejected.empty()) {
        rejected =
            from + " produced a schedule the checker rejected: " + violations.front().message;
      }
      return false;
    }
    ObjectiveValue candidate_value = Evaluate(params_.objective, ComputeKpis(problem_, candidate));
    if (has && !Better(candidate_value, value)) {
      // An equal value from another thread: a deterministic run keeps the smaller schedule, so
      // the incumbent does not depend on which thread offered first.
      if (params_.deterministic && !Better(value, candidate_value) && candidate < schedule) {
        schedule = candidate;
        source = from;
      }
      return false;
    }
    has = true;
    schedule = candidate;
    value = std::move(candidate_value);
    source = from;
    time_to_best = Elapsed();
    ++improvements;
    if (params_.on_improvement) {
      SolveProgress progress{value, bound, Gap(), time_to_best, source};
      params_.on_improvement(progress);
    }
    return true;
  }

  double Gap() const {
    if (!has || value.empty()) return 1.0;
    const double v = value.front();
    return std::max(0.0, (v - bound) / std::max(1.0, std::fabs(v)));
  }

  bool Optimal(const Objective& objective) const {
    const bool single = !objective.lexicographic || objective.terms.size() == 1;
    return has && single && !value.empty() && value.front() <= bound + 1e-9;
  }

  // The incumbent and its bookkeeping, read by Solve once the phases are over (or between them).
  bool has = false;
  Schedule schedule;
  ObjectiveValue value;
  std::string source;
  double bound = 0;
  double time_to_best = 0;
  int improvements = 0;
  std::string rejected;

 private:
  const Problem& problem_;
  const SolveParams& params_;
  Clock::time_point start_;
  std::mutex mutex_;
};

bool NeedsExpansion(const Problem& problem) {
  for (const Operation& op : problem.operations) {
    for (const Mode& m : op.modes) {
      if (m.machine < 0 && m.work_center >= 0) return true;
    }
  }
  return false;
}

bool Cancelled(const SolveParams& params) {
  return params.cancel != nullptr && params.cancel->load();
}

}  // namespace

const char* SolveStatusName(SolveStatus status) {
  switch (status) {
    case SolveStatus::kOptimal: return "OPTIMAL";
    case SolveStatus::kFeasible: return "FEASIBLE";
    case SolveStatus::kInfeasible: return "INFEASIBLE";
    case SolveStatus::kModelInvalid: return "MODEL_INVALID";
    case SolveStatus::kNoSolutionInTime: return "NO_SOLUTION_IN_TIME";
    case SolveStatus::kCancelled: return "CANCELLED";
  }
  return "NO_SOLUTION_IN_TIME";
}

SolveResult Solve(const Problem& input, const SolveParams& params) {
  const Clock::time_point start = Clock::now();
  const Clock::time_point deadline =
      start + std::chrono::duration_cast<Clock::duration>(
                  std::chrono::duration<double>(std::max(0.0, params.time_limit_s)));
  SolveResult result;
  std::optional<Problem> expanded;
  if (NeedsExpansion(input)) {
    expanded = input;
    ExpandWorkCenterModes(*expanded);
  }
  const Problem& problem = expanded ? *expanded : input;
  result.defects = Validate(problem);
  if (!result.defects.empty()) {
    result.status = SolveStatus::kModelInvalid;
    result.message = "the problem has " + std::to_string(result.defects.size()) + " defect(s)";
    return result;
  }
  const LowerBounds bounds = ComputeLowerBounds(problem);
  if (!bounds.infeasible.empty()) {
    result.status = SolveStatus::kInfeasible;
    result.message = bounds.infeasible;
    return result;
  }
  Incumbent best(problem, params, start);
  best.bound = ObjectiveLowerBound(params.objective, bounds, problem);
  const bool shop_shaped = IsShopShaped(problem, params.objective);
  std::optional<ShopInstance> shop;
  if (shop_shaped) {
    shop = ShopRelaxation(problem);
    double weight = 0;
    for (const ObjectiveTerm& t : params.objective.terms) {
      weight += t.weight;
      if (params.objective.lexicographic) break;
    }
    best.bound = std::max(best.bound, weight * static_cast<double>(ShopLowerBound(*shop)));
  }
  bool construct_only = true;
  try {
    Decoder decoder(problem);
    // Every feasible dispatching candidate is offered as it appears, so the first schedule is
    // published after one decoding pass, not after all of them. When a search follows, the
    // remaining candidates get at most kConstructShare of the time limit once one is feasible
    // (on 50,000 operations the eight candidates alone would take most of a 10 s limit); a
    // deterministic run always decodes them all, so its result does not depend on the clock.
    // The first round (one candidate per thread: the time-ordered and the priority-ordered EDD
    // on two threads) always completes within the limit; its priority-ordered schedule is often
    // far better on due dates.
    constexpr double kConstructShare = 0.6;
    const Clock::time_point construct_deadline =
        params.search && !params.deterministic
            ? start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
                          kConstructShare * std::max(0.0, params.time_limit_s)))
            : deadline;
    std::atomic<int> constructed_count{0};
    const int first_round = std::max(1, params.threads);
    const ConstructResult constructed = Construct(
        decoder, params.objective, params.threads,
        [&](const Schedule& s) {
          ++constructed_count;
          best.Offer(s, "construct");
        },
        [&] {
          const Clock::time_point now = Clock::now();
          return Cancelled(params) || now >= deadline ||
                 (now >= construct_deadline && constructed_count.load() >= first_round);
        });
    result.stats.construct_s = best.Elapsed();
    result.stats.construct_rule = constructed.rule;
    result.stats.work += constructed.work;
    result.stats.engine = "construct";
    if (!best.has) {
      result.status = SolveStatus::kNoSolutionInTime;
      result.message = constructed.feasible ? best.rejected : constructed.failure;
      result.stats.elapsed_s = best.Elapsed();
      return result;
    }
    const int after_construct = best.improvements;
    if (params.search && !Cancelled(params) && !best.Optimal(params.objective) &&
        Clock::now() < deadline) {
      const double remaining_s = std::chrono::duration<double>(deadline - Clock::now()).count();
      ShopSearchParams sp;
      sp.seed = params.seed;
      sp.threads = params.threads;
      sp.deterministic = params.deterministic;
      sp.cancel = params.cancel;
      if (shop_shaped) {
        result.stats.engine = "shop_search";
        sp.time_limit_s = remaining_s;
        sp.work_limit = params.work_limit;
        sp.lower_bound = ShopLowerBound(*shop);
        sp.on_improvement = [&](const ShopSchedule& s, double) {
          best.Offer(FromShopSchedule(problem, s), "shop_search");
        };
        // The shop's own dispatching schedules are often better starts than the general
        // constructive on large plain shops (5,000 x 10 flexible: 9,231 against 9,788).
        sp.also_dispatch = true;
        const ShopSearchResult found =
            SearchShop(*shop, ToShopSchedule(problem, best.schedule), sp);
        best.Offer(FromShopSchedule(problem, found.best), "shop_search");
        result.stats.moves += found.stats.iterations;
        result.stats.work += found.stats.work;
      } else {
        result.stats.engine = "lns";
        std::int64_t lns_work = params.work_limit;
        // The shop seed pays off on small and medium problems; on large ones the LNS gets the
        // whole budget. The shop search honours its limits at any size; beyond 20,000 operations
        // its 15 % share barely covers one dispatching pass and the seed was never the better
        // start in measurements (5,000 jobs x 10 operations, 5 s).
        constexpr std::size_t kShopSeedMaxOperations = 20000;
        std::optional<ShopInstance> relaxed;
        if (problem.operations.size() <= kShopSeedMaxOperations) relaxed = ShopRelaxation(problem);
        if (relaxed) {
          // Seed: the shop search's sequence for the relaxation, decoded under every constraint.
          sp.time_limit_s = remaining_s * 0.15;
          sp.work_limit = params.work_limit / 5;
          lns_work = params.work_limit - sp.work_limit;
          const ShopSearchResult found = SearchShop(*relaxed, std::nullopt, sp);
          result.stats.work += found.stats.work;
          DecodeRequest request;
          request.time_first = false;
          ShopSequenceAsPriorities(problem, found.best, request.priority, request.forced_mode);
          const DecodeResult seeded = decoder.Decode(request);
          result.stats.work += seeded.work;
          if (seeded.feasible) best.Offer(seeded.schedule, "shop_seed");
        }
        LnsParams lp;
        lp.deadline = deadline;
        lp.work_limit = lns_work;
        lp.seed = params.seed;
        lp.threads = params.threads;
        lp.bound = best.Optimal(params.objective) ? 1e300 : best.bound;
        lp.cancel = params.cancel;
        lp.on_improvement = [&](const Schedule& s, const ObjectiveValue&) { best.Offer(s, "lns"); };
        if (!best.Optimal(params.objective)) {
          const LnsResult improved = ImproveByLns(decoder, params.objective, best.schedule, lp);
          result.stats.moves += improved.moves;
          result.stats.work += improved.work;
        }
      }
      construct_only = best.improvements == after_construct;
    }
  } catch (const std::exception& e) {
    result.message = std::string("search stopped by an internal error: ") + e.what();
  } catch (...) {
    result.message = "search stopped by an internal error";
  }
  if (!best.has) {
    result.status = SolveStatus::kNoSolutionInTime;
    return result;
  }
  result.has_schedule = true;
  result.schedule = best.schedule;
  result.kpis = ComputeKpis(problem, best.schedule);
  result.objective = best.value;
  result.bound = best.bound;
  result.gap = best.Gap();
  result.stats.improvements = best.improvements;
  result.stats.time_to_best_s = best.time_to_best;
  result.stats.elapsed_s = best.Elapsed();
  if (result.message.empty()) result.message = best.rejected;
  if (best.Optimal(params.objective)) {
    result.status = SolveStatus::kOptimal;
  } else if (Cancelled(params)) {
    result.status = SolveStatus::kCancelled;
  } else {
    result.status = SolveStatus::kFeasible;
  }
  result.fallback = params.search && construct_only && result.status != SolveStatus::kOptimal;
  return result;
}

}  // namespace takt::solver
