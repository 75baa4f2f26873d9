// The storage contract suite: every backend of the Database port must pass these (typed tests;
// add a backend to `Backends`). Tests go through the ports only, except where they play a hostile
// administrator with raw SQL.
#include <gtest/gtest.h>

#include <stdexcept>

#include "storage/audit_chain.hpp"
#include "storage/storage_test_backends.hpp"

namespace takt::storage {
namespace {

template <typename Backend>
class StorageContractTest : public ::testing::Test {
 protected:
  Backend backend_;
  Actor actor_{UserId(7), "planner@example.com", "req-1"};

  Result<AuditEntry> AppendOne(Transaction& tx, const std::string& id) {
    return backend_.audit().Append(tx, {"skill.create", "skill", id, "", R"({"code":"WELD"})"});
  }
  std::int64_t CountEntries() {
    auto page =
        backend_.db().Read([&](Transaction& tx) { return backend_.audit().Page(tx, 0, 100000); });
    EXPECT_TRUE(page.has_value());
    return page ? static_cast<std::int64_t>(page->size()) : -1;
  }
};

using Backends = ::testing::Types<SqliteBackend>;
TYPED_TEST_SUITE(StorageContractTest, Backends);

TYPED_TEST(StorageContractTest, MigrationsAreRecordedAndIdempotent) {
  auto applied = this->backend_.db().AppliedMigrations();
  ASSERT_TRUE(applied.has_value());
  ASSERT_FALSE(applied->empty());
  EXPECT_EQ(applied->front().version, 1);
  auto again = this->backend_.db().Migrate();
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(again->empty()) << "a second migrate must apply nothing";
  auto after = this->backend_.db().AppliedMigrations();
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->size(), applied->size());
}

TYPED_TEST(StorageContractTest, WriteCommitsBodyValueAndRunsCommitHooks) {
  int hooks = 0;
  auto result = this->backend_.db().Write(this->actor_, [&](Transaction& tx) -> Result<int> {
    tx.OnCommit([&] { ++hooks; });
    auto e = this->AppendOne(tx, "1");
    if (!e) return Fail(e.error());
    return 42;
  });
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(*result, 42);
  EXPECT_EQ(hooks, 1);
  EXPECT_EQ(this->CountEntries(), 1);
}

TYPED_TEST(StorageContractTest, ACommitHookMayStartAnotherTransaction) {
  std::int64_t seen_in_hook = -1;
  auto result = this->backend_.db().Write(this->actor_, [&](Transaction& tx) -> Result<void> {
    tx.OnCommit([&] {
      auto second = this->backend_.db().Write(
          this->actor_, [&](Transaction& inner) { return this->AppendOne(inner, "2"); });
      EXPECT_TRUE(second.has_value());
      seen_in_hook = this->CountEntries();
    });
    auto e = this->AppendOne(tx, "1");
    if (!e) return Fail(e.error());
    return {};
  });
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(seen_in_hook, 2);
}

TYPED_TEST(StorageContractTest, ErrorFromBodyRollsBackEverything) {
  int hooks = 0;
  auto result = this->backend_.db().Write(this->actor_, [&](Transaction& tx) -> Result<void> {
    tx.OnCommit([&] { ++hooks; });
    EXPECT_TRUE(this->AppendOne(tx, "1").has_value());
    EXPECT_TRUE(this->AppendOne(tx, "2").has_value());
    return Fail(Error::InvalidArgument("rejected after two appends"));
  });
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(hooks, 0);
  EXPECT_EQ(this->CountEntries(), 0);
}

TYPED_TEST(StorageContractTest, ExceptionFromBodyRollsBackAndBecomesInternal) {
  auto result = this->backend_.db().Write(this->actor_, [&](Transaction& tx) -> Result<void> {
    EXPECT_TRUE(this->AppendOne(tx, "1").has_value());
    throw std::runtime_error("disk on fire");
  });
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kInternal);
  EXPECT_NE(result.error().message.find("disk on fire"), std::string::npos);
  EXPECT_EQ(this->CountEntries(), 0);
  // The database is usable afterwards.
  auto next = this->backend_.db().Write(this->actor_,
                                        [&](Transaction& tx) { return this->AppendOne(tx, "2"); });
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->sequence, 1);
}

TYPED_TEST(StorageContractTest, ReadTransactionHasNoActorAndCannotAudit) {
  auto result = this->backend_.db().Read([&](Transaction& tx) -> Result<void> {
    EXPECT_FALSE(tx.writable());
    auto e = this->AppendOne(tx, "1");
    if (!e) return Fail(e.error());
    return {};
  });
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(this->CountEntries(), 0);
}

TYPED_TEST(StorageContractTest, AuditEntriesChainAndCarryTheActor) {
  for (int i = 1; i <= 3; ++i) {
    auto e = this->backend_.db().Write(
        this->actor_, [&](Transaction& tx) { return this->AppendOne(tx, std::to_string(i)); });
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->sequence, i);
  }
  auto page = this->backend_.db().Read(
      [&](Transaction& tx) { return this->backend_.audit().Page(tx, 0, 10); });
  ASSERT_TRUE(page.has_value());
  ASSERT_EQ(page->size(), 3u);
  EXPECT_EQ((*page)[0].prev_hash, kAuditGenesisHash);
  EXPECT_EQ((*page)[1].prev_hash, (*page)[0].hash);
  EXPECT_EQ((*page)[2].prev_hash, (*page)[1].hash);
  EXPECT_EQ((*page)[2].actor_user_id, 7);
  EXPECT_EQ((*page)[2].actor_email, "planner@example.com");
  EXPECT_EQ((*page)[2].request_id, "req-1");
  EXPECT_EQ((*page)[2].hash, ComputeAuditHash((*page)[2]));

  AuditQuery query;
  query.entity_id = "2";
  auto listed = this->backend_.db().Read(
      [&](Transaction& tx) { return this->backend_.audit().List(tx, query); });
  ASSERT_TRUE(listed.has_value());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().sequence, 2);

  auto report = VerifyAuditChain(this->backend_.db(), this->backend_.audit(), 2);
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->valid);
  EXPECT_EQ(report->entries_checked, 3);
}

TYPED_TEST(StorageContractTest, DatabaseRefusesToUpdateOrDeleteAuditEntries) {
  ASSERT_TRUE(this->backend_.db()
                  .Write(this->actor_, [&](Transaction& tx) { return this->AppendOne(tx, "1"); })
                  .has_value());
  EXPECT_FALSE(this->backend_.RawSql("UPDATE audit_log SET action = 'x'").has_value());
  EXPECT_FALSE(this->backend_.RawSql("DELETE FROM audit_log").has_value());
  EXPECT_EQ(this->CountEntries(), 1);
}

TYPED_TEST(StorageContractTest, VerifyFindsTheFirstTamperedEntry) {
  for (int i = 1; i <= 5; ++i) {
    ASSERT_TRUE(this->backend_.db()
                    .Write(this->actor_,
                           [&](Transaction& tx) { return this->AppendOne(tx, std::to_string(i)); })
                    .has_value());
  }
  // A hostile administrator drops the guard and rewrites entry 3.
  ASSERT_TRUE(this->backend_.RawSql("DROP TRIGGER audit_log_no_update").has_value());
  ASSERT_TRUE(this->backend_
                  .RawSql("UPDATE audit_log SET after_json = '{\"code\":\"FAKE\"}' "
                          "WHERE sequence = 3")
                  .has_value());
  auto report = VerifyAuditChain(this->backend_.db(), this->backend_.audit(), 2);
  ASSERT_TRUE(report.has_value());
  EXPECT_FALSE(report->valid);
  ASSERT_TRUE(report->first_bad_sequence.has_value());
  EXPECT_EQ(*report->first_bad_sequence, 3);
  EXPECT_EQ(report->entries_checked, 2);
}

TYPED_TEST(StorageContractTest, VerifyFindsADeletedEntry) {
  for (int i = 1; i <= 4; ++i) {
    ASSERT_TRUE(this->backend_.db()
                    .Write(this->actor_,
                           [&](Transaction& tx) { return this->AppendOne(tx, std::to_string(i)); })
                    .has_value());
  }
  ASSERT_TRUE(this->backend_.RawSql("DROP TRIGGER audit_log_no_delete").has_value());
  ASSERT_TRUE(this->backend_.RawSql("DELETE FROM audit_log WHERE sequence = 2").has_value());
  auto report = VerifyAuditChain(this->backend_.db(), this->backend_.audit());
  ASSERT_TRUE(report.has_value());
  EXPECT_FALSE(report->valid);
  EXPECT_EQ(report->first_bad_sequence.value_or(0), 2);
}

}  // namespace
}  // namespace takt::storage
