#include "storage/sqlite/sqlite_database.hpp"

#include <chrono>
#include <exception>
#include <filesystem>
#include <set>
#include <stdexcept>

#include "storage/migrations/migration.hpp"
#include "storage/sqlite/sqlite_transaction.hpp"
#include "storage/utc_text.hpp"

namespace takt::storage::sqlite {

Connection& ConnectionOf(Transaction& tx) {
  auto* sqlite_tx = dynamic_cast<SqliteTransaction*>(&tx);
  if (sqlite_tx == nullptr)
    throw std::logic_error("a SQLite store was given a non-SQLite transaction");
  return sqlite_tx->connection();
}

Result<SqliteOptions> SqliteOptions::FromUrl(std::string_view url) {
  SqliteOptions options;
  std::string_view path = url;
  for (std::string_view prefix : {"sqlite://", "sqlite:", "file:"}) {
    if (path.starts_with(prefix)) {
      path.remove_prefix(prefix.size());
      break;
    }
  }
  if (path.find("://") != std::string_view::npos) {
    return Fail(Error::InvalidArgument("database url '" + std::string(url) +
                                           "' is not supported by this build; use sqlite://<path>",
                                       {{"database.url", "must be sqlite://<path>"}}));
  }
  if (path.empty()) {
    return Fail(
        Error::InvalidArgument("database url has no path", {{"database.url", "must name a file"}}));
  }
  options.path = std::string(path);
  return options;
}

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(const SqliteOptions& options) {
  std::unique_ptr<SqliteDatabase> db(new SqliteDatabase(options));
  const bool in_memory = options.path == ":memory:";
  if (!in_memory) {
    std::error_code ec;
    auto parent = std::filesystem::path(options.path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec) {
      return Fail(
          Error::Unavailable("cannot create directory '" + parent.string() + "': " + ec.message()));
    }
  }
  auto writer = Connection::Open({options.path, options.busy_timeout_ms, false});
  if (!writer) return Fail(writer.error());
  db->writer_ = std::move(*writer);
  // Savepoint journals (group commit) and temporary sorts of the writer stay in memory.
  std::string writer_pragmas = "PRAGMA temp_store = MEMORY;";
  if (options.wal_restart_pages > 0) {
    // After the WAL starts over, a file that grew beyond the restart size is cut back to it.
    writer_pragmas += " PRAGMA journal_size_limit = " +
                      std::to_string(std::int64_t{4096} * options.wal_restart_pages) + ";";
  }
  if (options.synchronous_full) writer_pragmas += " PRAGMA synchronous = FULL;";
  if (auto ok = db->writer_->Exec(writer_pragmas); !ok) return Fail(ok.error());
  db->group_commit_ =
      std::make_unique<SqliteGroupCommit>(*db->writer_, db->writer_mutex_, options.busy_timeout_ms,
                                          options.max_write_batch, options.commit_delay_us);
  if (!in_memory) {
    for (int i = 0; i < options.reader_connections; ++i) {
      auto reader = Connection::Open({options.path, options.busy_timeout_ms, false});
      if (!reader) return Fail(reader.error());
      if (auto ok = (*reader)->Exec("PRAGMA query_only = ON;"); !ok) return Fail(ok.error());
      db->idle_readers_.push_back(std::move(*reader));
    }
    db->has_readers_ = options.reader_connections > 0;
    if (options.checkpoint_wal_pages > 0) {
      if (auto ok = db->StartCheckpointer(); !ok) return Fail(ok.error());
    }
  }
  return db;
}

SqliteDatabase::~SqliteDatabase() {
  if (!checkpoint_thread_.joinable()) return;
  sqlite3_wal_hook(writer_->handle(), nullptr, nullptr);
  {
    std::lock_guard lock(checkpoint_mutex_);
    stopping_ = true;
  }
  checkpoint_wanted_.notify_one();
  checkpoint_thread_.join();
}

Result<void> SqliteDatabase::StartCheckpointer() {
  auto connection = Connection::Open({options_.path, options_.busy_timeout_ms, false});
  if (!connection) return Fail(connection.error());
  checkpointer_ = std::move(*connection);
  // Replaces the writer's automatic checkpoint (wal_autocheckpoint is itself a WAL hook).
  sqlite3_wal_hook(writer_->handle(), &SqliteDatabase::OnWalCommit, this);
  checkpoint_thread_ = std::thread([this] { CheckpointLoop(); });
  return {};
}

int SqliteDatabase::OnWalCommit(void* self, sqlite3* /*db*/, const char* /*name*/, int pages) {
  auto* database = static_cast<SqliteDatabase*>(self);
  bool wanted = false;
  {
    std::lock_guard lock(database->checkpoint_mutex_);
    database->wal_pages_ = pages;
    // A WAL shorter than what was checkpointed has started over since.
    if (pages < database->checkpointed_pages_) database->checkpointed_pages_ = 0;
    wanted = pages - database->checkpointed_pages_ >= database->options_.checkpoint_wal_pages;
  }
  if (wanted) database->checkpoint_wanted_.notify_one();
  return SQLITE_OK;
}

void SqliteDatabase::CheckpointLoop() {
  std::unique_lock lock(checkpoint_mutex_);
  while (!stopping_) {
    checkpoint_wanted_.wait_for(lock, std::chrono::seconds(1), [&] {
      return stopping_ || wal_pages_ - checkpointed_pages_ >= options_.checkpoint_wal_pages;
    });
    if (stopping_) break;
    // Nothing appended since the last checkpoint (wal_pages_ is 0 before the first commit).
    if (wal_pages_ <= checkpointed_pages_) continue;
    lock.unlock();
    int log_frames = 0;
    int checkpointed = 0;
    // PASSIVE: copies what no reader still needs, never waits for or blocks anyone. Failure
    // (SQLITE_BUSY from another process's checkpoint) is harmless: the next round retries.
    (void)sqlite3_wal_checkpoint_v2(checkpointer_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                    &log_frames, &checkpointed);
    checkpoints_run_.fetch_add(1);
    // Under sustained writing a commit always lands while the checkpoint runs, so the WAL is never
    // fully copied, SQLite can never start it over and it grows without bound (gigabytes, every
    // frame appended to a growing file). Once it is large, hold the writers for one catch-up
    // checkpoint of what was committed meanwhile: the next write transaction then restarts the
    // WAL from its beginning (overwriting the file instead of growing it).
    if (options_.wal_restart_pages > 0 && log_frames >= options_.wal_restart_pages) {
      // First catch up without holding anyone: each pass copies what was committed during the
      // one before, so the pass under the writers' lock (which ends with an fsync) is short.
      for (int pass = 0; pass < 4; ++pass) {
        const int before = checkpointed;
        (void)sqlite3_wal_checkpoint_v2(checkpointer_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                        &log_frames, &checkpointed);
        if (checkpointed - before < 128) break;
      }
      const auto held_from = std::chrono::steady_clock::now();
      {
        std::lock_guard writers(writer_mutex_);
        (void)sqlite3_wal_checkpoint_v2(checkpointer_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                        &log_frames, &checkpointed);
      }
      wal_restart_hold_us_.fetch_add(std::chrono::duration_cast<std::chrono::microseconds>(
                                         std::chrono::steady_clock::now() - held_from)
                                         .count());
      wal_restarts_.fetch_add(1);
    }
    lock.lock();
    // What the checkpoint copied (all of the WAL it saw unless a reader held some back); a commit
    // that restarted the WAL meanwhile reported fewer pages, which the next commit corrects.
    if (checkpointed >= 0) checkpointed_pages_ = checkpointed;
    lock.unlock();
    // A WAL that readers keep from restarting must not turn this into a busy loop of fsyncs.
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    lock.lock();
  }
}

std::vector<DatabaseStatistic> SqliteDatabase::Statistics() const {
  using Kind = DatabaseStatistic::Kind;
  return {
      {"write_transactions_total", "Write transactions committed (one per group commit batch).",
       Kind::kCounter, static_cast<double>(WriteBatchesCommitted())},
      {"writes_total", "Write use cases committed (several share a transaction under load).",
       Kind::kCounter, static_cast<double>(WritesCommitted())},
      {"writes_queued", "Write use cases waiting for the next write transaction.", Kind::kGauge,
       static_cast<double>(QueuedWrites())},
      {"checkpoints_total", "Background WAL checkpoints run.", Kind::kCounter,
       static_cast<double>(CheckpointsRun())},
      {"wal_restarts_total", "Catch-up checkpoints that held the writers so the WAL could restart.",
       Kind::kCounter, static_cast<double>(WalRestartCheckpoints())},
      {"wal_restart_hold_seconds_total", "Time writers were held by those catch-up checkpoints.",
       Kind::kCounter, static_cast<double>(wal_restart_hold_us_.load()) / 1e6},
  };
}

std::unique_ptr<Connection> SqliteDatabase::AcquireReader() {
  std::unique_lock lock(readers_mutex_);
  reader_free_.wait(lock, [&] { return !idle_readers_.empty(); });
  auto reader = std::move(idle_readers_.back());
  idle_readers_.pop_back();
  return reader;
}

void SqliteDatabase::ReleaseReader(std::unique_ptr<Connection> reader) {
  {
    std::lock_guard lock(readers_mutex_);
    idle_readers_.push_back(std::move(reader));
  }
  reader_free_.notify_one();
}

Result<void> SqliteDatabase::RunTransaction(const Actor* actor, const Body& body) {
  std::vector<std::function<void()>> hooks;
  Result<void> result;
  if (actor != nullptr) {
    result = group_commit_->Run(*actor, body, hooks);
  } else if (has_readers_) {
    auto reader = AcquireReader();
    result = ReadOn(*reader, body, hooks);
    ReleaseReader(std::move(reader));
  } else {
    // ":memory:": reads share the writer. Waiting for it is bounded like waiting for a lock.
    std::unique_lock lock(writer_mutex_, std::defer_lock);
    if (!lock.try_lock_for(std::chrono::milliseconds(options_.busy_timeout_ms))) {
      return Fail(Error::Unavailable("database is busy, retry"));
    }
    result = ReadOn(*writer_, body, hooks);
  }
  // After the commit and outside the writer lock, so a hook may start another transaction.
  if (result) {
    for (auto& hook : hooks) hook();
  }
  return result;
}

Result<void> SqliteDatabase::ReadOn(Connection& connection, const Body& body,
                                    std::vector<std::function<void()>>& hooks) {
  if (auto ok = connection.RunStatement("BEGIN"); !ok) return ok;
  SqliteTransaction tx(connection, nullptr);
  Result<void> result;
  try {
    result = body(tx);
  } catch (const std::exception& e) {
    result = Fail(Error::Internal(std::string("unexpected failure in a transaction: ") + e.what()));
  }
  if (!result) {
    (void)connection.Exec("ROLLBACK");
    return result;
  }
  if (auto ok = connection.RunStatement("COMMIT"); !ok) {
    (void)connection.Exec("ROLLBACK");
    return ok;
  }
  hooks = std::move(tx.hooks());
  return {};
}

Result<std::vector<AppliedMigration>> SqliteDatabase::AppliedMigrations() {
  std::lock_guard lock(writer_mutex_);
  std::vector<AppliedMigration> applied;
  auto exists = writer_->Prepare(
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
  if (!exists) return Fail(exists.error());
  if (auto row = exists->Step(); !row) return Fail(row.error());
  if (exists->Int(0) == 0) return applied;
  auto stmt = writer_->Prepare("SELECT version, name FROM schema_migrations ORDER BY version");
  if (!stmt) return Fail(stmt.error());
  while (true) {
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    applied.push_back({static_cast<int>(stmt->Int(0)), stmt->Text(1)});
  }
  return applied;
}

namespace {

// Applies `m` unless already recorded (another process may have applied it since we looked);
// true when applied now. Runs inside the caller's transaction.
Result<bool> ApplyMigration(Connection& connection, const Migration& m) {
  {
    auto check = connection.Prepare("SELECT count(*) FROM schema_migrations WHERE version = ?");
    if (!check) return Fail(check.error());
    if (auto row = check->Bind(1, m.version).Step(); !row) return Fail(row.error());
    if (check->Int(0) != 0) return false;
  }
  if (auto ok = connection.Exec(m.sql); !ok) return Fail(ok.error());
  auto record = connection.Prepare(
      "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
  if (!record) return Fail(record.error());
  if (auto ok = record->Bind(1, m.version).Bind(2, m.name).Bind(3, UtcNowText()).Run(); !ok) {
    return Fail(ok.error());
  }
  return true;
}

}  // namespace

Result<std::vector<AppliedMigration>> SqliteDatabase::Migrate() {
  const std::vector<Migration> all = AllMigrations();
  std::set<int> versions;
  for (const Migration& m : all) {
    if (m.version <= 0 || !versions.insert(m.version).second) {
      return Fail(Error::Internal("schema migration version " + std::to_string(m.version) +
                                  " is duplicated or not positive"));
    }
  }
  auto before = AppliedMigrations();
  if (!before) return Fail(before.error());
  std::set<int> done;
  for (const auto& m : *before) done.insert(m.version);

  std::lock_guard lock(writer_mutex_);
  // Migration 104 edits constraint text under PRAGMA writable_schema, which a library built to
  // start in defensive mode would refuse; Takt runs only its own SQL here.
  sqlite3_db_config(writer_->handle(), SQLITE_DBCONFIG_DEFENSIVE, 0, static_cast<int*>(nullptr));
  if (auto ok = writer_->Exec(
          "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
          "name TEXT NOT NULL, applied_at TEXT NOT NULL)");
      !ok) {
    return Fail(ok.error());
  }
  std::vector<AppliedMigration> applied_now;
  for (const Migration& m : all) {
    if (done.contains(m.version)) continue;
    if (auto ok = writer_->Exec("BEGIN IMMEDIATE"); !ok) return Fail(ok.error());
    auto applied = ApplyMigration(*writer_, m);
    if (applied) {
      if (auto ok = writer_->Exec("COMMIT"); !ok) applied = Fail(ok.error());
    }
    if (!applied) {
      (void)writer_->Exec("ROLLBACK");
      Error error = applied.error();
      error.message =
          "migration " + std::to_string(m.version) + " (" + m.name + ") failed: " + error.message;
      return Fail(error);
    }
    if (*applied) applied_now.push_back({m.version, m.name});
  }
  return applied_now;
}

Result<void> SqliteDatabase::Ping() {
  return Read([](Transaction& tx) -> Result<void> {
    auto stmt = ConnectionOf(tx).Prepare("SELECT 1");
    if (!stmt) return Fail(stmt.error());
    return stmt->Run();
  });
}

Result<void> SqliteDatabase::ExecuteRawSql(std::string_view sql) {
  std::lock_guard lock(writer_mutex_);
  return writer_->Exec(sql);
}

}  // namespace takt::storage::sqlite
