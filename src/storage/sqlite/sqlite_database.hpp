// SqliteDatabase: the embedded-database adapter of the Database port (the zero-configuration
// deployment). Concurrency model:
//   - one writer connection with group commit (sqlite_group_commit.hpp): Write bodies run one at a
//     time on it, so the audit chain and version checks never race, but the bodies queued while a
//     transaction runs share the next one (BEGIN IMMEDIATE, one SAVEPOINT per body, one COMMIT),
//     up to `max_write_batch` bodies. Each body still commits or fails on its own, and Write
//     returns only after the COMMIT of its batch. A Write that cannot start within busy_timeout is
//     kUnavailable, like a lock held by another process;
//   - a small pool of reader connections (`reader_connections`, default 4) with query_only=ON:
//     Read bodies run concurrently inside BEGIN ... COMMIT, each on a WAL snapshot, and do not
//     wait for the writer. A ":memory:" database has no readers; reads then share the writer.
// Every connection runs WAL, foreign_keys=ON, synchronous=NORMAL and busy_timeout (another process
// such as `takt migrate` holding the lock longer than that -> kUnavailable, "database is busy").
// Durability: a committed write survives a crash of the process (it is in the WAL file); with
// synchronous=NORMAL the WAL is fsynced at checkpoints, not at every commit, so an operating-system
// crash or power loss can lose the last commits (never corrupt the database). `synchronous_full`
// fsyncs the WAL at every commit (once per group-commit batch) to survive those too.
// WAL checkpoints (which fdatasync) are off the request path: the writer's automatic checkpoint is
// replaced by a background thread on its own connection that runs a PASSIVE checkpoint once
// `checkpoint_wal_pages` pages were appended to the WAL since the last one (and at least every
// second while there are any), so a
// commit never waits for one. A PASSIVE checkpoint never blocks the writer or the readers. Under
// writing that never pauses, a commit always lands during the checkpoint, so the WAL can never
// start over and keeps growing; past `wal_restart_pages` the thread catches up in unheld passes
// and then holds the writers for one short checkpoint of the remainder so that it can (a pause of
// 5-11 ms, once per 256 MiB of WAL: every few seconds under the heaviest writing). Keeping the
// WAL that small matters: appending to a growing file costs the file system a block allocation
// and zeroing per frame, overwriting a cached one does not (POST /jobs: ~250 -> ~210 us of server
// CPU per create against a 1 GiB WAL).
// BEGIN/COMMIT are cached prepared statements like every other hot statement.
// Do not call Read or Write from inside a body: with ":memory:" that would deadlock.
//
// Thread-safety: all public members are safe to call from any thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "storage/database.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
#include "storage/sqlite/sqlite_group_commit.hpp"

namespace takt::storage::sqlite {

struct SqliteOptions {
  std::string path = "data/takt.db";  // a file path or ":memory:"
  int busy_timeout_ms = 5000;
  int reader_connections = 4;
  // Pages appended to the WAL since the last checkpoint at which the background checkpoint runs;
  // 0 keeps SQLite's own automatic checkpoint on the writer (on the commit path) and starts no
  // thread.
  int checkpoint_wal_pages = 1000;
  // WAL size (pages, 256 MiB at 4 KiB) from which the checkpoint thread holds the writers for
  // one catch-up checkpoint (a few ms: it fsyncs) so that the WAL can start over; 0 never holds
  // them (the WAL then grows for as long as writes never pause). Also the size the WAL file is
  // cut back to after it started over (journal_size_limit).
  int wal_restart_pages = 65536;
  // Write bodies that may share one transaction (group commit); 1 gives every body its own.
  int max_write_batch = 64;
  // While writes arrive together, how long (microseconds) a batch may wait for as many bodies as
  // came together last time before it starts; 0 never waits (see sqlite_group_commit.hpp).
  int commit_delay_us = 300;
  // synchronous=FULL instead of NORMAL: survives power loss, at one fsync per committed batch.
  bool synchronous_full = false;

  // Accepts "sqlite://<path>", "sqlite:<path>", "file:<path>" or a bare path; "sqlite::memory:"
  // and ":memory:" give an in-memory database. Other schemes (postgresql://) are kInvalidArgument.
  static Result<SqliteOptions> FromUrl(std::string_view url);
};

class SqliteDatabase final : public Database {
 public:
  // Opens (creating the file and its parent directory when missing). Does not migrate.
  static Result<std::unique_ptr<SqliteDatabase>> Open(const SqliteOptions& options);

  Result<std::vector<AppliedMigration>> Migrate() override;
  Result<std::vector<AppliedMigration>> AppliedMigrations() override;
  Result<void> Ping() override;
  std::string BackendName() const override { return "sqlite"; }
  // write_transactions_total, writes_total (Write bodies committed; their ratio is the mean group
  // commit batch), writes_queued, checkpoints_total, wal_restarts_total,
  // wal_restart_hold_seconds_total.
  std::vector<DatabaseStatistic> Statistics() const override;

  // Runs raw SQL on the writer connection outside any audit: for tests that play a malicious
  // administrator with a SQL shell, and for operational tooling. Never called by use cases.
  Result<void> ExecuteRawSql(std::string_view sql);

  const SqliteOptions& options() const { return options_; }

  // Background checkpoints run so far (for tests and diagnostics).
  std::int64_t CheckpointsRun() const { return checkpoints_run_.load(); }
  // Catch-up checkpoints that held the writers so that a grown WAL could start over.
  std::int64_t WalRestartCheckpoints() const { return wal_restarts_.load(); }

  // Group commit figures: write transactions committed, Write bodies committed in them, and Write
  // bodies waiting for the next transaction (for tests and diagnostics).
  std::int64_t WriteBatchesCommitted() const { return group_commit_->BatchesCommitted(); }
  std::int64_t WritesCommitted() const { return group_commit_->UnitsCommitted(); }
  std::size_t QueuedWrites() const { return group_commit_->QueuedUnits(); }

  ~SqliteDatabase() override;
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

 protected:
  Result<void> RunTransaction(const Actor* actor, const Body& body) override;

 private:
  explicit SqliteDatabase(SqliteOptions options) : options_(std::move(options)) {}
  // Runs a read `body` in a transaction on `connection`; on success moves its hooks to `hooks`.
  static Result<void> ReadOn(Connection& connection, const Body& body,
                             std::vector<std::function<void()>>& hooks);
  // Starts the checkpoint thread on its own connection and hooks the writer's commits to it.
  Result<void> StartCheckpointer();
  void CheckpointLoop();
  static int OnWalCommit(void* self, sqlite3* db, const char* name, int pages);
  std::unique_ptr<Connection> AcquireReader();
  void ReleaseReader(std::unique_ptr<Connection> reader);

  SqliteOptions options_;
  std::timed_mutex writer_mutex_;
  std::unique_ptr<Connection> writer_;
  std::unique_ptr<SqliteGroupCommit> group_commit_;  // on writer_; declared after it
  std::mutex readers_mutex_;
  std::condition_variable reader_free_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;
  bool has_readers_ = false;

  std::unique_ptr<Connection> checkpointer_;
  std::thread checkpoint_thread_;
  std::mutex checkpoint_mutex_;
  std::condition_variable checkpoint_wanted_;
  int wal_pages_ = 0;  // as last reported by the writer's commit; guarded by checkpoint_mutex_
  // WAL frames the last checkpoint copied up to (0 once the WAL started over); guarded likewise.
  int checkpointed_pages_ = 0;
  bool stopping_ = false;
  std::atomic<std::int64_t> checkpoints_run_{0};
  std::atomic<std::int64_t> wal_restarts_{0};
  std::atomic<std::int64_t> wal_restart_hold_us_{0};  // summed time those held the writers
};

}  // namespace takt::storage::sqlite
