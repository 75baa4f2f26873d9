// The decoder is a serial schedule-generation scheme with gap insertion. Why this shape:
// - Serial placement against resource timelines is event-based: every candidate start is a
//   calendar window start or the end of something already placed, so the cost follows the number
//   of operations and intervals, never the horizon length in minutes.
// - Gap insertion makes the decoder "semi-active": re-decoding a schedule in the order of its own
//   start times gives the same or an earlier schedule, which lets the search use priorities as its
//   representation and the decoder as its only repair.
// - Constraints that a greedy pass cannot see coming are handled where they arise: operations
//   linked by max lags are placed as a block and re-placed with raised bounds until the lags hold
//   (decode_lags.cpp); only a max lag between operations that could not go together may still
//   raise the release of its predecessor and start the pass again (8 times at most). An operation
//   whose work center is full of open jobs waits until one job leaves the center.
#include "solver/construct/decoder.hpp"

#include <algorithm>
#include <map>
#include <queue>

#include "solver/construct/decode_run.hpp"

namespace takt::solver {

Decoder::Decoder(const Problem& problem) : problem_(problem) {
  const int n = static_cast<int>(problem.operations.size());
  preds_.resize(n);
  succs_.resize(n);
  leads_max_lag_.assign(n, 0);
  for (int i = 0; i < static_cast<int>(problem.precedences.size()); ++i) {
    const Precedence& link = problem.precedences[i];
    succs_[link.before].push_back(i);
    preds_[link.after].push_back(i);
    if (link.max_lag < kNoTime) leads_max_lag_[link.before] = 1;
  }
  std::map<std::pair<int, int>, int> list_of;  // (skill, min level) -> qualified_lists_ index
  mode_base_.reserve(n);
  for (int o = 0; o < n; ++o) {
    const Operation& op = problem.operations[o];
    mode_base_.push_back(static_cast<int>(requirement_base_.size()));
    for (const Mode& mode : op.modes) {
      requirement_base_.push_back(static_cast<int>(requirement_list_.size()));
      for (const OperatorRequirement& req : mode.operators) {
        auto [it, added] = list_of.emplace(std::make_pair(req.skill, req.min_level),
                                           static_cast<int>(qualified_lists_.size()));
        if (added) {
          std::vector<int> list;
          for (int p = 0; p < static_cast<int>(problem.operators.size()); ++p) {
            for (const OperatorSkill& s : problem.operators[p].skills) {
              if (s.skill == req.skill && s.level >= req.min_level) {
                list.push_back(p);
                break;
              }
            }
          }
          qualified_lists_.push_back(std::move(list));
        }
        requirement_list_.push_back(it->second);
      }
    }
  }
  job_center_ops_.resize(problem.jobs.size());
  for (int j = 0; j < static_cast<int>(problem.jobs.size()); ++j) {
    for (int o : problem.jobs[j].operations) {
      std::vector<int> centers;
      for (const Mode& mode : problem.operations[o].modes) {
        const int wc = problem.machines[mode.machine].work_center;
        if (wc >= 0 && problem.work_centers[wc].wip_limit > 0 &&
            std::find(centers.begin(), centers.end(), wc) == centers.end()) {
          centers.push_back(wc);
        }
      }
      for (int wc : centers) {
        auto& list = job_center_ops_[j];
        auto it = std::find_if(list.begin(), list.end(), [&](auto& e) { return e.first == wc; });
        if (it == list.end()) {
          list.emplace_back(wc, 1);
        } else {
          ++it->second;
        }
      }
    }
  }
}

DecodeResult Decoder::Decode(const DecodeRequest& request) const {
  DecodeResult result;
  std::vector<Minutes> extra_release(problem_.operations.size(), 0);
  std::vector<char> unkept(problem_.operations.size(), 0);
  constexpr int kMaxRestarts = 8;
  for (int attempt = 0; attempt <= kMaxRestarts; ++attempt) {
    DecodeRun run(*this, request, extra_release, unkept);
    const DecodeRun::Outcome outcome = run.Execute();
    result.work += run.work();
    result.passes = attempt + 1;
    if (outcome == DecodeRun::Outcome::kDone) {
      result.feasible = true;
      result.schedule = run.TakeSchedule();
      result.failure.clear();
      return result;
    }
    result.failure = run.failure();
    if (outcome == DecodeRun::Outcome::kFailed) return result;
  }
  result.failure += " (gave up after repeated max-lag repairs)";
  return result;
}

}  // namespace takt::solver
