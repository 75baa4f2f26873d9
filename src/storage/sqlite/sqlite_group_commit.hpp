// SqliteGroupCommit: runs the write transactions of many request threads on the one writer
// connection, several to a SQLite transaction. A thread hands in its unit of work (a Write body
// with its actor) and waits. Whoever finds no batch running leads the next one: it takes up to
// `max_batch` queued units (first come, first served), opens one BEGIN IMMEDIATE transaction, runs
// each unit inside its own SAVEPOINT, commits once, and then wakes every caller of the batch. So
// the commit's WAL write (every changed page, once per transaction) is paid once per batch instead
// of once per unit, while each unit keeps its own outcome:
//   - a unit whose body fails (an error or an exception) is rolled back to its savepoint only; it
//     gets its own error and the other units of the batch are unaffected;
//   - a caller is answered only after the COMMIT of its batch succeeded (or failed): a value means
//     committed; if the COMMIT fails, every unit of that batch gets the error and nothing of it
//     stays;
//   - if SQLite aborts the whole transaction while a unit runs (I/O error, disk full), that unit
//     gets its error and the other units of the batch get kUnavailable ("retry"), nothing stays;
//   - units run one after another, so a unit sees the committed-or-pending writes of the units
//     before it (uniqueness, version checks and the audit hash chain stay linear).
// Commit delay: when writes have been arriving together (the last batch and the units queued
// behind it numbered N > 1), the next leader waits up to `commit_delay_us` for N units before it
// starts, so that concurrent writers keep sharing transactions instead of alternating between a
// batch of one and a batch of the rest; a lone writer (N = 1) never waits. This trades at most
// commit_delay_us of latency for fewer commits, i.e. fewer pages written per unit (each commit
// writes every page it changed, and consecutive units change the same index and table pages).
// A batch of one unit runs without a savepoint (plain BEGIN IMMEDIATE ... COMMIT). A unit that
// cannot start within `busy_timeout_ms` (another batch, a migration or raw SQL holds the writer)
// leaves the queue with kUnavailable ("database is busy, retry"), as before group commit.
// The leader also holds `writer_mutex` while its batch runs, so other users of the writer
// connection (migrations, raw SQL, reads of a ":memory:" database) never interleave with a batch.
//
// Thread-safety: Run may be called from any number of threads at once. Bodies run on the leading
// thread, one at a time; commit hooks are handed back to the calling thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "core/actor.hpp"
#include "core/error.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
#include "storage/transaction.hpp"

namespace takt::storage::sqlite {

class SqliteGroupCommit {
 public:
  using Body = std::function<Result<void>(Transaction&)>;
  using Hooks = std::vector<std::function<void()>>;

  SqliteGroupCommit(Connection& writer, std::timed_mutex& writer_mutex, int busy_timeout_ms,
                    int max_batch, int commit_delay_us)
      : writer_(writer),
        writer_mutex_(writer_mutex),
        busy_timeout_ms_(busy_timeout_ms),
        max_batch_(max_batch < 1 ? 1 : max_batch),
        commit_delay_us_(commit_delay_us < 0 ? 0 : commit_delay_us) {}
  SqliteGroupCommit(const SqliteGroupCommit&) = delete;
  SqliteGroupCommit& operator=(const SqliteGroupCommit&) = delete;

  // Runs `body` as one unit of a batch on behalf of `actor`; returns once its batch committed or
  // failed. On success `hooks` receives the unit's commit hooks (for the caller to run).
  Result<void> Run(const Actor& actor, const Body& body, Hooks& hooks);

  // Units waiting for a batch (for tests that build a batch on purpose, and diagnostics).
  std::size_t QueuedUnits() const;
  // Transactions committed so far and units committed in them (units / batches = mean batch size).
  std::int64_t BatchesCommitted() const { return batches_committed_.load(); }
  std::int64_t UnitsCommitted() const { return units_committed_.load(); }

 private:
  enum class UnitState { kQueued, kRunning, kDone };
  struct Unit {
    const Actor* actor = nullptr;
    const Body* body = nullptr;
    UnitState state = UnitState::kQueued;  // guarded by mutex_
    std::condition_variable wake;          // its caller waits here (with mutex_); notified
                                           // after mutex_ is released
    bool failed_alone = false;  // the unit's own body or savepoint failed; written by the leader
    Result<void> result;
    Hooks hooks;
  };

  // Runs `batch` in one transaction on the writer and fills in every unit's result and hooks.
  void RunBatch(const std::vector<std::shared_ptr<Unit>>& batch);
  // Runs one unit's body in a SqliteTransaction on the open transaction, catching exceptions.
  static Result<void> RunBody(Connection& connection, Unit& unit);

  Connection& writer_;
  std::timed_mutex& writer_mutex_;
  const int busy_timeout_ms_;
  const int max_batch_;
  const int commit_delay_us_;

  mutable std::mutex mutex_;
  std::deque<std::shared_ptr<Unit>> queue_;  // guarded by mutex_
  bool leading_ = false;                     // a batch is running; guarded by mutex_
  std::condition_variable gathered_;         // the queue reached gather_target_
  std::size_t gather_target_ = 1;            // guarded by mutex_

  std::atomic<std::int64_t> batches_committed_{0};
  std::atomic<std::int64_t> units_committed_{0};
};

}  // namespace takt::storage::sqlite
