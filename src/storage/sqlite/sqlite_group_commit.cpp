#include "storage/sqlite/sqlite_group_commit.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <memory>
#include <string>

#include "storage/sqlite/sqlite_transaction.hpp"

namespace takt::storage::sqlite {

namespace {

Error BatchAborted() {
  return Error::Unavailable(
      "database is busy, retry (the transaction shared with another write was aborted)");
}

}  // namespace

std::size_t SqliteGroupCommit::QueuedUnits() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

Result<void> SqliteGroupCommit::Run(const Actor& actor, const Body& body, Hooks& hooks) {
  // Shared with the leader that runs it: the leader wakes the callers of its batch after letting go
  // of mutex_ (a caller woken under the lock would at once block on it again: two context switches
  // per write instead of one), and the references it holds keep every Unit alive until then.
  auto unit = std::make_shared<Unit>();
  unit->actor = &actor;
  unit->body = &body;
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(busy_timeout_ms_);
  std::unique_lock lock(mutex_);
  queue_.push_back(unit);
  if (leading_ && queue_.size() >= gather_target_) gathered_.notify_one();
  while (unit->state != UnitState::kDone) {
    if (!leading_ && unit->state == UnitState::kQueued) {
      leading_ = true;
      // Writes have been arriving together: give the ones on their way a moment to join.
      if (commit_delay_us_ > 0 && queue_.size() < gather_target_) {
        gathered_.wait_for(lock, std::chrono::microseconds(commit_delay_us_),
                           [&] { return queue_.size() >= gather_target_; });
      }
      std::vector<std::shared_ptr<Unit>> batch;
      while (!queue_.empty() && batch.size() < static_cast<std::size_t>(max_batch_)) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
        batch.back()->state = UnitState::kRunning;
      }
      lock.unlock();
      RunBatch(batch);
      lock.lock();
      // The writes seen together around this batch: what the next batch waits for (at most
      // commit_delay_us); one write at a time means no waiting at all.
      gather_target_ = std::min(batch.size() + queue_.size(), static_cast<std::size_t>(max_batch_));
      leading_ = false;
      for (const auto& done : batch) done->state = UnitState::kDone;
      // The caller that leads the next batch (if nobody arriving meanwhile takes the lead first).
      std::shared_ptr<Unit> next = queue_.empty() ? nullptr : queue_.front();
      lock.unlock();
      // The states changed under the lock, so no caller can miss its wake-up; waking outside it
      // lets each one return without waiting for mutex_.
      for (const auto& done : batch) {
        if (done != unit) done->wake.notify_one();
      }
      if (next) next->wake.notify_one();
      lock.lock();
      continue;
    }
    if (unit->state == UnitState::kRunning) {
      unit->wake.wait(lock);
      continue;
    }
    // Queued behind a running batch: wait for it, but not longer than a lock would be waited for.
    if (unit->wake.wait_until(lock, deadline) == std::cv_status::timeout &&
        unit->state == UnitState::kQueued && leading_) {
      queue_.erase(std::find(queue_.begin(), queue_.end(), unit));
      return Fail(Error::Unavailable("database is busy, retry"));
    }
  }
  lock.unlock();
  hooks = std::move(unit->hooks);
  return std::move(unit->result);
}

Result<void> SqliteGroupCommit::RunBody(Connection& connection, Unit& unit) {
  SqliteTransaction tx(connection, unit.actor);
  Result<void> result;
  try {
    result = (*unit.body)(tx);
  } catch (const std::exception& e) {
    result = Fail(Error::Internal(std::string("unexpected failure in a transaction: ") + e.what()));
  } catch (...) {
    result = Fail(Error::Internal("unexpected failure in a transaction"));
  }
  if (result) unit.hooks = std::move(tx.hooks());
  return result;
}

void SqliteGroupCommit::RunBatch(const std::vector<std::shared_ptr<Unit>>& batch) {
  // Every unit that has not failed on its own gets `error` (nothing of the batch stays).
  auto fail_rest = [&](const Error& error) {
    for (const auto& unit : batch) {
      if (!unit->failed_alone) {
        unit->result = Fail(error);
        unit->hooks.clear();
      }
    }
  };
  std::unique_lock writer_lock(writer_mutex_, std::defer_lock);
  if (!writer_lock.try_lock_for(std::chrono::milliseconds(busy_timeout_ms_))) {
    fail_rest(Error::Unavailable("database is busy, retry"));
    return;
  }
  if (auto ok = writer_.RunStatement("BEGIN IMMEDIATE"); !ok) {
    fail_rest(ok.error());
    return;
  }
  const bool savepoints = batch.size() > 1;
  std::size_t committed = 0;
  for (const auto& unit : batch) {
    Result<void> step;
    if (savepoints) step = writer_.RunStatement("SAVEPOINT takt_unit");
    if (step) step = RunBody(writer_, *unit);
    if (step && savepoints) step = writer_.RunStatement("RELEASE takt_unit");
    if (step) {
      ++committed;
      continue;
    }
    // The unit failed: it keeps its own error, whatever happens to the others.
    unit->result = Fail(step.error());
    unit->hooks.clear();
    unit->failed_alone = true;
    if (sqlite3_get_autocommit(writer_.handle()) != 0) {
      fail_rest(BatchAborted());  // SQLite already rolled the whole transaction back
      return;
    }
    if (!savepoints) {
      (void)writer_.Exec("ROLLBACK");
      return;
    }
    auto undone = writer_.RunStatement("ROLLBACK TO takt_unit");
    if (undone) undone = writer_.RunStatement("RELEASE takt_unit");
    if (!undone) {
      (void)writer_.Exec("ROLLBACK");
      fail_rest(BatchAborted());
      return;
    }
  }
  if (committed == 0) {
    (void)writer_.RunStatement("ROLLBACK");
    return;
  }
  if (auto ok = writer_.RunStatement("COMMIT"); !ok) {
    (void)writer_.Exec("ROLLBACK");
    fail_rest(ok.error());
    return;
  }
  batches_committed_.fetch_add(1);
  units_committed_.fetch_add(static_cast<std::int64_t>(committed));
}

}  // namespace takt::storage::sqlite
