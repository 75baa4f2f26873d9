// DecodeRun: the state of one pass of the Decoder (resource timelines, work-center spans, the
// queue of eligible operations). Internal to the decoder; one DecodeRun per pass, one thread.
#pragma once

#include <cstdint>
#include <queue>
#include <string>
#include <tuple>
#include <vector>

#include "solver/construct/decoder.hpp"
#include "solver/model/working_time.hpp"

namespace takt::solver {

class DecodeRun {
 public:
  enum class Outcome { kDone, kRestart, kFailed };

  // `extra_release` and `unkept` carry max-lag repairs from one pass to the next.
  DecodeRun(const Decoder& decoder, const DecodeRequest& request,
            std::vector<Minutes>& extra_release, std::vector<char>& unkept);
  Outcome Execute();
  Schedule TakeSchedule() { return Schedule{std::move(assignments_)}; }
  const std::string& failure() const { return failure_; }
  std::int64_t work() const { return work_; }

 private:
  struct Slot {
    Minutes start = 0;
    Minutes end = 0;
    int op = -1;
    int family = -1;
    Minutes allowance = 0;  // changeover minutes this operation's setup already includes
  };
  struct Span {
    int job = 0;
    Minutes start = 0;
    Minutes end = kNoTime;  // kNoTime while the job may still bring work into the center
  };
  struct CenterState {
    int center = -1;
    int span = -1;      // index into spans_[center], -1 before the job enters
    int remaining = 0;  // the job's operations that may still run in the center
    Minutes max_end = 0;
  };
  enum class PlaceStatus { kPlaced, kBlocked, kFailed };
  enum class BlockOutcome { kPlaced, kBlocked, kGaveUp };
  struct Placement {
    PlaceStatus status = PlaceStatus::kFailed;
    Assignment assignment;
    std::string why;
  };
  using QueueEntry = std::tuple<Minutes, double, int>;
  static constexpr int kMaxPlacementSteps = 1'000'000;

  void PlaceFixed();
  // Whether `op` goes after everything already placed on its machine (a kept sequence).
  bool Sequenced(int op) const;
  // Records a placement; `notify` releases the successors (false when re-placing).
  void Commit(int op, const Assignment& a, bool notify);
  // Successors whose last predecessor `op` was become eligible.
  void ReleaseSuccessors(int op);
  // block_ = `op` and, transitively, its max-lag successors with no other unplaced predecessor
  // (but not a successor that, like its predecessor, keeps its place in a kept sequence).
  void FormBlock(int op);
  // Places block_ as a unit, raising members' bounds until every max lag inside it is met;
  // commits nothing (and changes no bound) unless it returns kPlaced.
  BlockOutcome PlaceBlock();
  void Uncommit(int op);
  // Whether taking `op` off its machine leaves the next operation's changeover covered.
  bool RemovableFromSequence(int op) const;
  Placement PlaceBest(int op, bool* blocked, std::string* why);
  bool RepairMaxLag(int op);
  // Changes a work-center span, keeping span_starts_ and span_ends_ sorted.
  void SetSpan(int center, int index, Minutes start, Minutes end);
  // Recomputes a job's work-center spans from its placed operations (after an Uncommit).
  void RebuildJobWip(int job);
  Minutes EarliestStart(int op, Minutes* min_end) const;
  // The earliest feasible placement of `op` on `mode` from `est` on whose end is before `cutoff`
  // (kNoTime: any); kFailed when there is none.
  Placement Place(int op, int mode, Minutes est, Minutes min_end, Minutes cutoff = kNoTime);
  // `setup`: the setup minutes at t (mode setup + changeover); setup-only operators of an
  // operation without setup attend nothing and need not be free.
  // `strict_allowed`: use only the request's preferred operators (a kept schedule's).
  bool ChooseOperators(int op, int mode, Minutes t, Minutes setup, bool strict_allowed,
                       const std::vector<int>& excluded, std::vector<int>& chosen,
                       Minutes& next_event) const;
  bool OperatorFree(int p, Minutes a, Minutes b, Minutes* conflict_end) const;
  // CalendarNextWorking, remembered per calendar for the last minute asked: the operators of one
  // shift share a calendar and are asked about the same minute one after the other.
  Minutes CalendarNext(int calendar, Minutes t) const;
  bool SkillValid(int p, const OperatorRequirement& req, Minutes a, Minutes b) const;
  // WIP: 0 = fits; > 0 = retry from that minute; -1 = blocked until a job leaves the center.
  Minutes CheckWip(int job, int machine, Minutes start, Minutes end) const;
  CenterState* FindCenter(int job, int center);
  void Push(int op);
  Outcome CheckMaxLags(int op);

  const Decoder& decoder_;
  const Problem& problem_;
  const DecodeRequest& request_;
  std::vector<Minutes>& extra_release_;
  // keep_sequences: operations released from their kept sequence after a max lag failed (they
  // fill gaps and go in blocks like operations without a forced mode).
  std::vector<char>& unkept_;
  // Bounds on start and end raised within this pass by block placement (max lags).
  std::vector<Minutes> lag_start_;
  std::vector<Minutes> lag_end_;
  std::vector<int> block_;
  std::vector<char> in_block_;
  std::vector<Assignment> assignments_;
  std::vector<char> placed_;
  std::vector<int> missing_preds_;
  std::vector<std::vector<Slot>> machine_slots_;
  // keep_sequences: the latest end of a sequenced operation per machine.
  std::vector<Minutes> sequence_end_;
  std::vector<std::vector<Interval>> operator_busy_;
  std::vector<std::vector<Span>> spans_;
  // Per work center, every span's start and end in sorted order (kept by SetSpan).
  std::vector<std::vector<Minutes>> span_starts_;
  std::vector<std::vector<Minutes>> span_ends_;
  std::vector<std::vector<CenterState>> job_centers_;
  std::vector<int> waiting_;
  // Scratch buffers of CheckWip (mutable: reused to avoid allocation per check).
  mutable std::vector<const Span*> overlapping_;
  mutable std::vector<std::pair<Minutes, int>> events_;
  mutable std::vector<Minutes> probe_time_;  // CalendarNext's memory, per calendar
  mutable std::vector<Minutes> probe_next_;  // operations blocked by a full work center
  std::priority_queue<QueueEntry, std::vector<QueueEntry>, std::greater<>> queue_;
  std::string failure_;
  std::int64_t work_ = 0;
};

}  // namespace takt::solver
