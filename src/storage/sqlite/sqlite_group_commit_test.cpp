// Group commit on the SQLite writer: Write bodies queued while a transaction runs share the next
// one, each in its own savepoint. A batch is built on purpose: one Write holds the writer inside
// its body until the others are queued (QueuedWrites), then lets go, so the next batch holds
// exactly the queued bodies. The audit log is the table written (its hash chain shows order and
// gaps).
#include "storage/sqlite/sqlite_group_commit.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>
#include <vector>

#include "storage/audit_chain.hpp"
#include "storage/sqlite/sqlite_audit_log.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "storage/sqlite/sqlite_transaction.hpp"
#include "storage/storage_test_backends.hpp"

namespace takt::storage::sqlite {
namespace {

class GroupCommitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteOptions options;
    options.path = (dir_.path() / "takt.db").string();
    options.reader_connections = 2;
    auto db = SqliteDatabase::Open(options);
    ASSERT_TRUE(db.has_value()) << db.error().message;
    db_ = std::move(*db);
    ASSERT_TRUE(db_->Migrate().has_value());
  }

  // Appends one audit entry for `id` and fails or throws afterwards when asked to.
  enum class Outcome { kCommit, kFail, kThrow, kDuplicateKey };
  Result<void> AppendThen(Transaction& tx, const std::string& id, Outcome outcome) {
    auto entry = audit_.Append(tx, {"unit.run", "unit", id, "", "{}"});
    if (!entry) return Fail(entry.error());
    if (outcome == Outcome::kFail) return Fail(Error::InvalidArgument("unit " + id + " refused"));
    if (outcome == Outcome::kThrow) throw std::runtime_error("unit " + id + " threw");
    if (outcome == Outcome::kDuplicateKey) {
      // A constraint violation raised by SQLite itself inside the batch's transaction.
      auto stmt = ConnectionOf(tx).Prepare(
          "INSERT INTO schema_migrations (version, name, applied_at) VALUES (1, 'again', 'x')");
      if (!stmt) return Fail(stmt.error());
      return stmt->Run();
    }
    return {};
  }

  // Runs `outcomes.size()` Writes from their own threads as ONE batch: a first Write holds the
  // writer until all of them are queued. Returns each Write's result, in order.
  std::vector<Result<void>> RunAsOneBatch(const std::vector<Outcome>& outcomes,
                                          std::vector<int>* hooks_run = nullptr) {
    std::promise<void> inside;
    std::promise<void> release;
    std::thread holder([&] {
      auto held = db_->Write(actor_, [&](Transaction& tx) -> Result<void> {
        inside.set_value();
        release.get_future().wait();
        return AppendThen(tx, "holder", Outcome::kCommit);
      });
      EXPECT_TRUE(held.has_value());
    });
    inside.get_future().wait();
    std::vector<Result<void>> results(outcomes.size());
    std::vector<std::thread> writers;
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
      writers.emplace_back([&, i] {
        results[i] = db_->Write(actor_, [&, i](Transaction& tx) {
          if (hooks_run != nullptr) tx.OnCommit([hooks_run, i] { (*hooks_run)[i] += 1; });
          return AppendThen(tx, "u" + std::to_string(i), outcomes[i]);
        });
      });
      // One at a time, so the queue order (and so the chain order) is the index order.
      while (db_->QueuedWrites() < i + 1) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    const std::int64_t batches_before = db_->WriteBatchesCommitted();
    release.set_value();
    holder.join();
    for (std::thread& t : writers) t.join();
    batches_after_ = db_->WriteBatchesCommitted() - batches_before;
    return results;
  }

  std::vector<std::string> EntityIds() {
    auto page = db_->Read([&](Transaction& tx) { return audit_.Page(tx, 0, 100); });
    EXPECT_TRUE(page.has_value());
    std::vector<std::string> ids;
    for (const AuditEntry& e : *page) ids.push_back(e.entity_id);
    return ids;
  }

  TempDir dir_;
  std::unique_ptr<SqliteDatabase> db_;
  SqliteAuditLog audit_;
  Actor actor_ = Actor::System("test");
  std::int64_t batches_after_ = 0;
};

TEST_F(GroupCommitTest, QueuedWritesShareOneTransactionAndAreAllVisibleAfterIt) {
  const std::int64_t units_before = db_->WritesCommitted();
  auto results = RunAsOneBatch(std::vector<Outcome>(5, Outcome::kCommit));
  for (const auto& r : results) EXPECT_TRUE(r.has_value()) << r.error().message;
  // The holder's own transaction, then one transaction for the five queued writes.
  EXPECT_EQ(batches_after_, 2);
  EXPECT_EQ(db_->WritesCommitted() - units_before, 6);
  EXPECT_EQ(EntityIds(), (std::vector<std::string>{"holder", "u0", "u1", "u2", "u3", "u4"}));
  auto chain = VerifyAuditChain(*db_, audit_);
  ASSERT_TRUE(chain.has_value());
  EXPECT_TRUE(chain->valid) << chain->reason;
}

TEST_F(GroupCommitTest, AFailingWriteInABatchRollsBackAloneWithItsOwnError) {
  std::vector<int> hooks_run(6, 0);
  auto results = RunAsOneBatch({Outcome::kCommit, Outcome::kFail, Outcome::kCommit, Outcome::kThrow,
                                Outcome::kDuplicateKey, Outcome::kCommit},
                               &hooks_run);
  EXPECT_TRUE(results[0].has_value());
  ASSERT_FALSE(results[1].has_value());
  EXPECT_EQ(results[1].error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(results[1].error().message, "unit u1 refused");
  EXPECT_TRUE(results[2].has_value());
  ASSERT_FALSE(results[3].has_value());
  EXPECT_EQ(results[3].error().code, ErrorCode::kInternal);
  EXPECT_NE(results[3].error().message.find("unit u3 threw"), std::string::npos);
  ASSERT_FALSE(results[4].has_value());
  EXPECT_EQ(results[4].error().code, ErrorCode::kConflict);
  EXPECT_TRUE(results[5].has_value());
  EXPECT_EQ(batches_after_, 2);
  // Only the successful writes stay, and only their commit hooks ran.
  EXPECT_EQ(EntityIds(), (std::vector<std::string>{"holder", "u0", "u2", "u5"}));
  EXPECT_EQ(hooks_run, (std::vector<int>{1, 0, 1, 0, 0, 1}));
  auto chain = VerifyAuditChain(*db_, audit_);
  ASSERT_TRUE(chain.has_value());
  EXPECT_TRUE(chain->valid) << chain->reason;
  EXPECT_EQ(chain->entries_checked, 4);
}

TEST_F(GroupCommitTest, ABatchWhoseWritesAllFailLeavesNothing) {
  auto results = RunAsOneBatch({Outcome::kFail, Outcome::kThrow});
  EXPECT_FALSE(results[0].has_value());
  EXPECT_FALSE(results[1].has_value());
  EXPECT_EQ(EntityIds(), (std::vector<std::string>{"holder"}));
}

TEST_F(GroupCommitTest, TheAuditChainVerifiesAfterManyConcurrentWrites) {
  constexpr int kThreads = 8;
  constexpr int kWritesPerThread = 40;
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  std::atomic<int> failed{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWritesPerThread; ++i) {
        // Every fifth write fails after appending: its entry must vanish without a gap.
        const Outcome outcome = i % 5 == 4 ? Outcome::kFail : Outcome::kCommit;
        auto r = db_->Write(actor_, [&](Transaction& tx) {
          return AppendThen(tx, std::to_string(t) + "." + std::to_string(i), outcome);
        });
        if (r.has_value() == (outcome == Outcome::kFail)) failed.fetch_add(1);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failed.load(), 0);
  auto chain = VerifyAuditChain(*db_, audit_);
  ASSERT_TRUE(chain.has_value());
  EXPECT_TRUE(chain->valid) << chain->reason;
  EXPECT_EQ(chain->entries_checked, kThreads * kWritesPerThread * 4 / 5);
  EXPECT_EQ(db_->WritesCommitted(), kThreads * kWritesPerThread * 4 / 5);
}

TEST_F(GroupCommitTest, OneWriteAtATimeNeedsNoSavepoint) {
  // A lone write still commits or rolls back as a whole (batch of one, plain transaction).
  ASSERT_TRUE(
      db_->Write(actor_, [&](Transaction& tx) { return AppendThen(tx, "a", Outcome::kCommit); })
          .has_value());
  EXPECT_FALSE(
      db_->Write(actor_, [&](Transaction& tx) { return AppendThen(tx, "b", Outcome::kFail); })
          .has_value());
  EXPECT_EQ(EntityIds(), (std::vector<std::string>{"a"}));
  EXPECT_EQ(db_->WriteBatchesCommitted(), db_->WritesCommitted());
}

}  // namespace
}  // namespace takt::storage::sqlite
