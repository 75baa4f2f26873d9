// Large-neighbourhood search over the decoder, for the general model.
//
// A solution is represented by the schedule itself: its setup starts, read as priorities, and its
// modes make the decoder reproduce it (the decoder is semi-active). A move destroys part of that
// information and lets the decoder repair: a time window, a set of jobs, one machine's sequence or
// the most tardy / latest jobs get perturbed priorities and free mode choice (machine and operator
// reassignment happen in the decoder). Acceptance takes improvements and sideways moves, keeps an
// elite pool, and restarts from an elite schedule when a thread stagnates.
//
// Threads work in epochs of a fixed number of moves; between epochs the best schedule is shared.
// The epoch length depends only on the problem size, so with a work limit and no wall-clock cut
// the result depends only on (problem, initial schedule, seed, work limit).
// Thread-safety: re-entrant; callbacks run on the calling thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>

#include "solver/construct/decoder.hpp"
#include "solver/model/objective.hpp"

namespace takt::solver {

struct LnsParams {
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  std::int64_t work_limit = 0;  // decoder placement steps, summed over threads; 0: none
  std::uint64_t seed = 1;
  int threads = 2;
  double bound = -1e300;  // stop when the first objective level reaches it
  const std::atomic<bool>* cancel = nullptr;
  std::function<void(const Schedule&, const ObjectiveValue&)> on_improvement;
};

struct LnsResult {
  Schedule best;
  ObjectiveValue value;
  std::int64_t moves = 0;
  std::int64_t work = 0;
  int improvements = 0;
  bool cancelled = false;
};

LnsResult ImproveByLns(const Decoder& decoder, const Objective& objective, const Schedule& initial,
                       const LnsParams& params);

}  // namespace takt::solver
