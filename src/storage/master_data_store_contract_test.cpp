// Contract tests of MasterDataStore<E> over every backend: aggregates round-trip with their child
// rows, optimistic locking, unique keys, references and filters.
#include <gtest/gtest.h>

#include "storage/storage_test_backends.hpp"

namespace takt::storage {
namespace {

template <typename Backend>
class MasterDataStoreContractTest : public ::testing::Test {
 protected:
  Backend backend_;
  Actor actor_ = Actor::System("test");

  template <typename E>
  Result<E> Insert(MasterDataStore<E>& store, const E& e) {
    return backend_.db().Write(actor_, [&](Transaction& tx) { return store.Insert(tx, e); });
  }
  Skill MakeSkill(const std::string& code) {
    Skill s;
    s.code = code;
    s.name = code + " name";
    return s;
  }
};

using Backends = ::testing::Types<SqliteBackend>;
TYPED_TEST_SUITE(MasterDataStoreContractTest, Backends);

TYPED_TEST(MasterDataStoreContractTest, InsertAssignsIdVersionAndTimestamps) {
  auto skill = this->Insert(this->backend_.skills(), this->MakeSkill("WELD"));
  ASSERT_TRUE(skill.has_value()) << skill.error().message;
  EXPECT_TRUE(skill->id.valid());
  EXPECT_EQ(skill->version, 1);
  EXPECT_FALSE(skill->created_at.empty());
  auto found = this->backend_.db().Read(
      [&](Transaction& tx) { return this->backend_.skills().Find(tx, skill->id); });
  ASSERT_TRUE(found.has_value());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->code, "WELD");
}

TYPED_TEST(MasterDataStoreContractTest, DuplicateCodeIsAConflictNamingTheField) {
  ASSERT_TRUE(this->Insert(this->backend_.skills(), this->MakeSkill("WELD")).has_value());
  auto again = this->Insert(this->backend_.skills(), this->MakeSkill("WELD"));
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  ASSERT_EQ(again.error().field_errors.size(), 1u);
  EXPECT_EQ(again.error().field_errors[0].field, "code");
}

TYPED_TEST(MasterDataStoreContractTest, StaleVersionIsAConflictWithTheCurrentVersion) {
  auto skill = this->Insert(this->backend_.skills(), this->MakeSkill("WELD"));
  ASSERT_TRUE(skill.has_value());
  Skill changed = *skill;
  changed.name = "Welding";
  auto updated = this->backend_.db().Write(this->actor_, [&](Transaction& tx) {
    return this->backend_.skills().Update(tx, changed, 1);
  });
  ASSERT_TRUE(updated.has_value());
  EXPECT_EQ(updated->version, 2);
  EXPECT_EQ(updated->name, "Welding");
  auto stale = this->backend_.db().Write(this->actor_, [&](Transaction& tx) {
    return this->backend_.skills().Update(tx, changed, 1);
  });
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  ASSERT_EQ(stale.error().details.size(), 1u);
  EXPECT_EQ(stale.error().details[0],
            (std::pair<std::string, std::string>{"current_version", "2"}));
  Skill missing = changed;
  missing.id = SkillId(999);
  auto not_found = this->backend_.db().Write(this->actor_, [&](Transaction& tx) {
    return this->backend_.skills().Update(tx, missing, 1);
  });
  ASSERT_FALSE(not_found.has_value());
  EXPECT_EQ(not_found.error().code, ErrorCode::kNotFound);
}

TYPED_TEST(MasterDataStoreContractTest, AggregatesRoundTripWithTheirChildren) {
  auto skill = this->Insert(this->backend_.skills(), this->MakeSkill("CNC"));
  ASSERT_TRUE(skill.has_value());
  Calendar cal;
  cal.name = "Two shifts";
  cal.timezone = "Europe/Berlin";
  cal.shifts = {{1, 360, 840}, {1, 1320, 360}};
  cal.breaks = {{1, 720, 750}};
  cal.holidays = {{"2026-12-25", "Christmas"}};
  cal.exceptions = {{CalendarExceptionKind::kWorking, *ParseInstant("2026-12-05T08:00:00Z"),
                     *ParseInstant("2026-12-05T12:00:00Z"), "Saturday"}};
  auto stored_cal = this->Insert(this->backend_.calendars(), cal);
  ASSERT_TRUE(stored_cal.has_value()) << stored_cal.error().message;
  EXPECT_EQ(stored_cal->shifts, cal.shifts);
  EXPECT_EQ(stored_cal->breaks, cal.breaks);
  EXPECT_EQ(stored_cal->holidays, cal.holidays);
  EXPECT_EQ(stored_cal->exceptions, cal.exceptions);

  Machine m;
  m.code = "M1";
  m.name = "Mill";
  m.calendar_id = stored_cal->id;
  m.required_skills = {{skill->id, 3}};
  m.setup_matrix = {{"A", "B", 15}};
  m.downtimes.push_back({DowntimeId(), DowntimeKind::kPlanned,
                         *ParseInstant("2026-12-01T00:00:00Z"),
                         *ParseInstant("2026-12-01T04:00:00Z"), "service", ""});
  auto stored = this->Insert(this->backend_.machines(), m);
  ASSERT_TRUE(stored.has_value()) << stored.error().message;
  EXPECT_EQ(stored->required_skills, m.required_skills);
  EXPECT_EQ(stored->setup_matrix, m.setup_matrix);
  ASSERT_EQ(stored->downtimes.size(), 1u);
  EXPECT_TRUE(stored->downtimes[0].id.valid());
  const DowntimeId downtime_id = stored->downtimes[0].id;

  Machine changed = *stored;
  changed.efficiency = 1.5;
  auto updated = this->backend_.db().Write(this->actor_, [&](Transaction& tx) {
    return this->backend_.machines().Update(tx, changed, stored->version);
  });
  ASSERT_TRUE(updated.has_value()) << updated.error().message;
  EXPECT_DOUBLE_EQ(updated->efficiency, 1.5);
  ASSERT_EQ(updated->downtimes.size(), 1u);
  EXPECT_EQ(updated->downtimes[0].id, downtime_id) << "child ids survive an update";
}

TYPED_TEST(MasterDataStoreContractTest, ReferencedRowsCannotBeRemoved) {
  auto skill = this->Insert(this->backend_.skills(), this->MakeSkill("CNC"));
  ASSERT_TRUE(skill.has_value());
  Operator op;
  op.employee_id = "E1";
  op.name = "Ada";
  op.skills = {{skill->id, 4, "2026-01-01", "2027-01-01"}};
  ASSERT_TRUE(this->Insert(this->backend_.operators(), op).has_value());
  auto removed = this->backend_.db().Write(this->actor_, [&](Transaction& tx) {
    return this->backend_.skills().Remove(tx, skill->id, 1);
  });
  ASSERT_FALSE(removed.has_value());
  EXPECT_EQ(removed.error().code, ErrorCode::kConflict);
}

TYPED_TEST(MasterDataStoreContractTest, ListFiltersSortsPagesAndCounts) {
  for (const char* code : {"AA", "BB", "CC", "DD"}) {
    ASSERT_TRUE(this->Insert(this->backend_.skills(), this->MakeSkill(code)).has_value());
  }
  ListQuery query;
  query.limit = 2;
  query.offset = 1;
  query.sort = "code";
  query.descending = true;
  auto page = this->backend_.db().Read(
      [&](Transaction& tx) { return this->backend_.skills().List(tx, query); });
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->total, 4);
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].code, "CC");
  EXPECT_EQ(page->items[1].code, "BB");

  ListQuery filtered;
  filtered.filters = {{"code", "BB"}};
  auto one = this->backend_.db().Read(
      [&](Transaction& tx) { return this->backend_.skills().List(tx, filtered); });
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(one->total, 1);

  ListQuery hostile;
  hostile.sort = "code; DROP TABLE skills";
  auto rejected = this->backend_.db().Read(
      [&](Transaction& tx) { return this->backend_.skills().List(tx, hostile); });
  ASSERT_FALSE(rejected.has_value());
  EXPECT_EQ(rejected.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace takt::storage
