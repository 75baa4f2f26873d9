// Decoder: the serial schedule-generation scheme every schedule in the engine comes from. Given a
// priority per operation (and optionally a forced mode per operation) it places operations one at
// a time, each at the earliest feasible start on its best mode, inserting into gaps left on
// machines and operators, and honours every hard constraint of the model: calendars (interruptible
// operations pause over non-working time, the others fit one working window), sequence-dependent
// changeovers, operators with skills, levels, validity windows and attendance, precedence links of
// all four types with min and max lags, work-center WIP limits, release dates, pins and work in
// progress.
//
// The Decoder is built once per Problem (it precomputes adjacency and qualified-operator lists)
// and Decode() is const and re-entrant: several threads may decode with one Decoder at once.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "solver/model/problem.hpp"
#include "solver/model/schedule.hpp"

namespace takt::solver {

struct DecodeRequest {
  // Lower value = placed earlier among eligible operations. One entry per operation.
  std::vector<double> priority;
  // -1 or a mode index per operation (empty: every operation chooses its best mode).
  std::vector<int> forced_mode;
  // true: among eligible operations pick the earliest possible start first, ties by priority
  // (a time-ordered scheme); false: pick by priority alone.
  bool time_first = true;
  // true: an operation with a forced mode goes after every operation already placed on its
  // machine (machine sequences follow the priorities, as in a given schedule); operations without
  // a forced mode may still fill gaps. With priorities = a schedule's starts and its modes this
  // reproduces the schedule or compresses it, which is what the improvement search relies on.
  bool keep_sequences = false;
  // Per operation, lower bounds on its start and on its end (each may be empty). The
  // improvement search holds a kept operation that leads a max lag where it was, so that
  // compressing the schedule cannot pull it away from its successor.
  std::vector<Minutes> earliest_start;
  std::vector<Minutes> earliest_end;
  // Per operation, operators to try first (e.g. the ones a given schedule used); may be empty.
  std::vector<std::vector<int>> preferred_operators;
  // Polled now and then; returning true abandons the pass (time limit, cancellation).
  std::function<bool()> should_stop;
};

struct DecodeResult {
  bool feasible = false;
  Schedule schedule;
  std::string failure;    // why no schedule was found, in planner words
  std::int64_t work = 0;  // placement steps taken (deterministic work units)
  int passes = 0;         // 1 unless max lags made the decoder start over
};

class Decoder {
 public:
  explicit Decoder(const Problem& problem);
  DecodeResult Decode(const DecodeRequest& request) const;

  const Problem& problem() const { return problem_; }
  // Operations linked to `op` (indices into Problem::precedences).
  const std::vector<int>& Predecessors(int op) const { return preds_[op]; }
  const std::vector<int>& Successors(int op) const { return succs_[op]; }
  // Whether some link from `op` has a max lag.
  bool LeadsMaxLag(int op) const { return leads_max_lag_[op] != 0; }

 private:
  friend class DecodeRun;
  const Problem& problem_;
  std::vector<std::vector<int>> preds_;  // op -> precedence indices where op is `after`
  std::vector<std::vector<int>> succs_;  // op -> precedence indices where op is `before`
  std::vector<char> leads_max_lag_;
  // Operators holding the skill at the level at some time, for requirement r of mode k of op o.
  const std::vector<int>& Qualified(int o, int k, int r) const {
    return qualified_lists_[requirement_list_[requirement_base_[mode_base_[o] + k] + r]];
  }
  // One list per distinct (skill, level) pair, shared by every requirement asking for it.
  std::vector<std::vector<int>> qualified_lists_;
  std::vector<int> mode_base_;         // op -> index of its first mode in requirement_base_
  std::vector<int> requirement_base_;  // mode -> index of its first requirement
  std::vector<int> requirement_list_;  // requirement -> index into qualified_lists_
  // [job] -> (work center, number of the job's operations that can only run there)
  std::vector<std::vector<std::pair<int, int>>> job_center_ops_;
};

}  // namespace takt::solver
