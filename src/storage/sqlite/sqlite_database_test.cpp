// SQLite-specific behaviour of SqliteDatabase: lock contention maps to kUnavailable (503), readers
// see committed snapshots while the writer works, URL parsing. The backend-neutral contract is in
// storage_contract_test.cpp.
#include "storage/sqlite/sqlite_database.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <thread>

#include "storage/audit_chain.hpp"
#include "storage/sqlite/sqlite_audit_log.hpp"
#include "storage/storage_test_backends.hpp"

namespace takt::storage::sqlite {
namespace {

std::unique_ptr<SqliteDatabase> OpenAt(const std::string& path, int busy_timeout_ms) {
  SqliteOptions options;
  options.path = path;
  options.busy_timeout_ms = busy_timeout_ms;
  options.reader_connections = 2;
  auto db = SqliteDatabase::Open(options);
  EXPECT_TRUE(db.has_value());
  return db ? std::move(*db) : nullptr;
}

TEST(SqliteDatabaseTest, AnotherWriterHoldingTheLockIsUnavailableNotAHang) {
  TempDir dir;
  const std::string path = (dir.path() / "takt.db").string();
  auto holder = OpenAt(path, 5000);
  ASSERT_TRUE(holder->Migrate().has_value());
  auto contender = OpenAt(path, 50);
  SqliteAuditLog audit;
  const Actor actor = Actor::System("test");

  std::promise<void> inside;
  std::promise<void> release;
  std::thread writer([&] {
    auto result = holder->Write(actor, [&](Transaction& tx) -> Result<void> {
      auto e = audit.Append(tx, {"x.create", "x", "1", "", "{}"});
      if (!e) return Fail(e.error());
      inside.set_value();
      release.get_future().wait();
      return {};
    });
    EXPECT_TRUE(result.has_value());
  });
  inside.get_future().wait();

  auto blocked = contender->Write(actor, [&](Transaction& tx) {
    return audit.Append(tx, {"y.create", "y", "2", "", "{}"});
  });
  ASSERT_FALSE(blocked.has_value());
  EXPECT_EQ(blocked.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(blocked.error().message, "database is busy, retry");

  // Readers are not blocked by the writer and see only committed data.
  auto during = holder->Read([&](Transaction& tx) { return audit.Page(tx, 0, 10); });
  ASSERT_TRUE(during.has_value());
  EXPECT_TRUE(during->empty());

  release.set_value();
  writer.join();
  auto after = contender->Read([&](Transaction& tx) { return audit.Page(tx, 0, 10); });
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->size(), 1u);
}

TEST(SqliteDatabaseTest, AWriterWaitingInTheSameProcessGivesUpAfterTheBusyTimeout) {
  TempDir dir;
  auto db = OpenAt((dir.path() / "takt.db").string(), 50);
  ASSERT_TRUE(db->Migrate().has_value());
  SqliteAuditLog audit;
  const Actor actor = Actor::System("test");
  std::promise<void> inside;
  std::promise<void> release;
  std::thread writer([&] {
    auto result = db->Write(actor, [&](Transaction&) -> Result<void> {
      inside.set_value();
      release.get_future().wait();
      return {};
    });
    EXPECT_TRUE(result.has_value());
  });
  inside.get_future().wait();
  auto waited = db->Write(actor, [&](Transaction& tx) {
    return audit.Append(tx, {"y.create", "y", "2", "", "{}"});
  });
  ASSERT_FALSE(waited.has_value());
  EXPECT_EQ(waited.error().code, ErrorCode::kUnavailable);
  release.set_value();
  writer.join();
}

// Commits leave checkpointing to the background thread: once the WAL passes the threshold a
// PASSIVE checkpoint runs off the request path, and every committed row survives a reopen.
TEST(SqliteDatabaseTest, TheWalIsCheckpointedInTheBackground) {
  TempDir dir;
  const std::string path = (dir.path() / "takt.db").string();
  SqliteAuditLog audit;
  const Actor actor = Actor::System("test");
  {
    SqliteOptions options;
    options.path = path;
    options.reader_connections = 1;
    options.checkpoint_wal_pages = 4;
    auto db = SqliteDatabase::Open(options);
    ASSERT_TRUE(db.has_value());
    ASSERT_TRUE((*db)->Migrate().has_value());
    for (int i = 0; i < 50; ++i) {
      ASSERT_TRUE(
          (*db)
              ->Write(actor,
                      [&](Transaction& tx) {
                        return audit.Append(tx, {"x.create", "x", std::to_string(i), "", "{}"});
                      })
              .has_value());
    }
    // Waits for the thread (it is woken by the commits above), bounded so a broken thread fails.
    for (int waited = 0; (*db)->CheckpointsRun() == 0 && waited < 500; ++waited) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_GT((*db)->CheckpointsRun(), 0);
  }
  auto reopened = OpenAt(path, 5000);
  auto page = reopened->Read([&](Transaction& tx) { return audit.Page(tx, 0, 100); });
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->size(), 50u);
}

// A reader that keeps the WAL from starting over (as writes that never pause do) lets it grow past
// wal_restart_pages: the checkpoint thread then holds the writers for a catch-up checkpoint. Once
// nothing pins it, the WAL starts over and is cut back to the restart size; no write is lost.
TEST(SqliteDatabaseTest, AGrownWalIsCaughtUpAndStartsOver) {
  TempDir dir;
  const std::string path = (dir.path() / "takt.db").string();
  SqliteOptions options;
  options.path = path;
  options.reader_connections = 1;
  options.checkpoint_wal_pages = 4;
  options.wal_restart_pages = 40;
  auto db = SqliteDatabase::Open(options);
  ASSERT_TRUE(db.has_value());
  ASSERT_TRUE((*db)->Migrate().has_value());
  SqliteAuditLog audit;
  const Actor actor = Actor::System("test");
  auto append = [&](int i) {
    return (*db)->Write(actor, [&](Transaction& tx) {
      return audit.Append(tx, {"x.create", "x", std::to_string(i), "", std::string(3000, 'x')});
    });
  };
  std::promise<void> reading;
  std::promise<void> done;
  std::thread reader([&] {
    auto r = (*db)->Read([&](Transaction& tx) -> Result<void> {
      auto first = audit.Page(tx, 0, 1);  // takes the snapshot
      reading.set_value();
      done.get_future().wait();
      return first ? Result<void>() : Fail(first.error());
    });
    EXPECT_TRUE(r.has_value());
  });
  reading.get_future().wait();
  int written = 0;
  for (; written < 100; ++written) ASSERT_TRUE(append(written).has_value());
  for (int waited = 0; (*db)->WalRestartCheckpoints() == 0 && waited < 500; ++waited) {
    ASSERT_TRUE(append(written++).has_value());
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_GT((*db)->WalRestartCheckpoints(), 0);
  const auto grown = std::filesystem::file_size(path + "-wal");
  EXPECT_GT(grown, 40u * 4096u);
  done.set_value();
  reader.join();
  // Unpinned: a checkpoint copies everything, the next write starts the WAL over and truncates it.
  bool shrunk = false;
  for (int waited = 0; !shrunk && waited < 500; ++waited) {
    ASSERT_TRUE(append(written++).has_value());
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    shrunk = std::filesystem::file_size(path + "-wal") <= 41u * (4096u + 24u) + 32u;
  }
  EXPECT_TRUE(shrunk);
  auto page = (*db)->Read([&](Transaction& tx) { return audit.Page(tx, 0, 100000); });
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->size(), static_cast<std::size_t>(written));
  auto chain = VerifyAuditChain(**db, audit);
  ASSERT_TRUE(chain.has_value());
  EXPECT_TRUE(chain->valid);
}

TEST(SqliteDatabaseTest, ZeroCheckpointPagesKeepsSqlitesOwnCheckpointAndNoThread) {
  TempDir dir;
  SqliteOptions options;
  options.path = (dir.path() / "takt.db").string();
  options.checkpoint_wal_pages = 0;
  auto db = SqliteDatabase::Open(options);
  ASSERT_TRUE(db.has_value());
  ASSERT_TRUE((*db)->Migrate().has_value());
  SqliteAuditLog audit;
  ASSERT_TRUE((*db)
                  ->Write(Actor::System(),
                          [&](Transaction& tx) {
                            return audit.Append(tx, {"a", "b", "c", "", ""});
                          })
                  .has_value());
  EXPECT_EQ((*db)->CheckpointsRun(), 0);
}

TEST(SqliteDatabaseTest, InMemoryDatabaseWorksWithoutReaders) {
  SqliteOptions options;
  options.path = ":memory:";
  auto db = SqliteDatabase::Open(options);
  ASSERT_TRUE(db.has_value());
  ASSERT_TRUE((*db)->Migrate().has_value());
  SqliteAuditLog audit;
  ASSERT_TRUE((*db)
                  ->Write(Actor::System(),
                          [&](Transaction& tx) {
                            return audit.Append(tx, {"a", "b", "c", "", ""});
                          })
                  .has_value());
  auto page = (*db)->Read([&](Transaction& tx) { return audit.Page(tx, 0, 10); });
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->size(), 1u);
}

TEST(SqliteDatabaseTest, UrlsNameAFileOrAreRejected) {
  EXPECT_EQ(SqliteOptions::FromUrl("sqlite://data/takt.db")->path, "data/takt.db");
  EXPECT_EQ(SqliteOptions::FromUrl("sqlite:///var/lib/takt.db")->path, "/var/lib/takt.db");
  EXPECT_EQ(SqliteOptions::FromUrl("takt.db")->path, "takt.db");
  auto postgres = SqliteOptions::FromUrl("postgresql://db/takt");
  ASSERT_FALSE(postgres.has_value());
  EXPECT_EQ(postgres.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(SqliteOptions::FromUrl("sqlite://").has_value());
}

TEST(SqliteDatabaseTest, UnopenablePathIsUnavailable) {
  SqliteOptions options;
  options.path = "/proc/takt-cannot-be-here/db.sqlite";
  auto db = SqliteDatabase::Open(options);
  ASSERT_FALSE(db.has_value());
  EXPECT_EQ(db.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace takt::storage::sqlite
