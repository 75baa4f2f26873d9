// Use-case tests of the master-data services over a real SQLite database in a temp directory.
#include "service/master_data/master_data_service.hpp"

#include <gtest/gtest.h>

#include "service/master_data/machine_availability.hpp"
#include "service/master_data/operator_qualifications.hpp"
#include "storage/audit_chain.hpp"
#include "storage/sqlite/sqlite_idempotency_store.hpp"
#include "storage/storage_test_backends.hpp"

namespace takt::service {
namespace {

Skill MakeSkill(std::string code, std::string name) {
  Skill s;
  s.code = std::move(code);
  s.name = std::move(name);
  return s;
}

Operator MakeOperator(std::string employee_id, std::string name) {
  Operator o;
  o.employee_id = std::move(employee_id);
  o.name = std::move(name);
  return o;
}

class MasterDataServiceTest : public ::testing::Test {
 protected:
  storage::SqliteBackend backend_;
  storage::sqlite::SqliteMasterDataStore<WorkCenter> work_center_store_;
  storage::sqlite::SqliteIdempotencyStore idempotency_store_;
  MasterDataStores stores_{backend_.db(),        backend_.audit(),     backend_.skills(),
                           work_center_store_,   backend_.calendars(), backend_.machines(),
                           backend_.operators(), &idempotency_store_};
  MasterDataService<Skill> skills_{stores_};
  MasterDataService<Machine> machines_{stores_};
  MasterDataService<Operator> operators_{stores_};
  Actor actor_{UserId(3), "planner@example.com", "req-42"};

  std::vector<storage::AuditEntry> Audit() {
    auto page = backend_.db().Read(
        [&](storage::Transaction& tx) { return backend_.audit().Page(tx, 0, 1000); });
    EXPECT_TRUE(page.has_value());
    return page.value_or(std::vector<storage::AuditEntry>{});
  }
};

TEST_F(MasterDataServiceTest, CreateReportsEveryBadFieldAndWritesNothing) {
  Machine m;
  m.code = "bad code";
  m.name = "";
  m.efficiency = 3.0;
  auto created = machines_.Create(actor_, m);
  ASSERT_FALSE(created.has_value());
  EXPECT_EQ(created.error().code, ErrorCode::kInvalidArgument);
  std::vector<std::string> fields;
  for (const auto& f : created.error().field_errors) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"code", "name", "efficiency"}));
  EXPECT_TRUE(Audit().empty());
}

TEST_F(MasterDataServiceTest, IdempotentCreateReturnsTheFirstResult) {
  const MasterDataIdempotency request{"key-1", R"({"code":"WELD"})"};
  auto first = skills_.Create(actor_, MakeSkill("WELD", "Welding"), request);
  ASSERT_TRUE(first.has_value());
  auto retry = skills_.Create(actor_, MakeSkill("WELD", "Welding"), request);
  ASSERT_TRUE(retry.has_value()) << retry.error().message;
  EXPECT_EQ(retry->id, first->id);
  EXPECT_EQ(skills_.List({})->total, 1);
  EXPECT_EQ(Audit().size(), 1u);
  auto reused = skills_.Create(actor_, MakeSkill("CNC", "CNC"),
                               MasterDataIdempotency{"key-1", R"({"code":"CNC"})"});
  ASSERT_FALSE(reused.has_value());
  EXPECT_EQ(reused.error().code, ErrorCode::kConflict);
}

TEST_F(MasterDataServiceTest, DanglingReferencesAreFieldErrors) {
  Machine m;
  m.code = "M1";
  m.name = "Mill";
  m.calendar_id = CalendarId(77);
  m.required_skills = {{SkillId(5), 1}};
  auto created = machines_.Create(actor_, m);
  ASSERT_FALSE(created.has_value());
  EXPECT_EQ(created.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(created.error().field_errors.size(), 2u);
  EXPECT_EQ(created.error().field_errors[0].field, "calendar_id");
  EXPECT_EQ(created.error().field_errors[1].field, "required_skills[0].skill_id");
}

TEST_F(MasterDataServiceTest, EveryChangeAppendsOneAuditEntryWithTheActor) {
  auto skill = skills_.Create(actor_, MakeSkill("WELD", "Welding"));
  ASSERT_TRUE(skill.has_value());
  auto renamed = skills_.Update(actor_, skill->id, 1, [](Skill& s) -> Result<void> {
    s.name = "TIG welding";
    return {};
  });
  ASSERT_TRUE(renamed.has_value());
  EXPECT_EQ(renamed->version, 2);
  ASSERT_TRUE(skills_.Remove(actor_, skill->id, 2).has_value());

  auto entries = Audit();
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].action, "skill.create");
  EXPECT_EQ(entries[0].before_json, "");
  EXPECT_NE(entries[0].after_json.find("\"WELD\""), std::string::npos);
  EXPECT_EQ(entries[1].action, "skill.update");
  EXPECT_NE(entries[1].before_json.find("\"Welding\""), std::string::npos);
  EXPECT_NE(entries[1].after_json.find("\"TIG welding\""), std::string::npos);
  EXPECT_EQ(entries[2].action, "skill.delete");
  EXPECT_EQ(entries[2].after_json, "");
  EXPECT_EQ(entries[2].actor_email, "planner@example.com");
  EXPECT_EQ(entries[2].request_id, "req-42");
  auto report = storage::VerifyAuditChain(backend_.db(), backend_.audit());
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->valid);
}

TEST_F(MasterDataServiceTest, AChangeThatChangesNothingKeepsTheVersionAndWritesNoAuditEntry) {
  auto skill = skills_.Create(actor_, MakeSkill("WELD", "Welding"));
  ASSERT_TRUE(skill.has_value());
  auto same = skills_.Update(actor_, skill->id, 1, [](Skill& s) -> Result<void> {
    s.name = "Welding";
    return {};
  });
  ASSERT_TRUE(same.has_value());
  EXPECT_EQ(same->version, 1);
  EXPECT_EQ(Audit().size(), 1u);
}

TEST_F(MasterDataServiceTest, StaleExpectedVersionIsAConflictAndChangesNothing) {
  auto skill = skills_.Create(actor_, MakeSkill("WELD", "Welding"));
  ASSERT_TRUE(skill.has_value());
  auto stale = skills_.Update(actor_, skill->id, 5, [](Skill& s) -> Result<void> {
    s.name = "x";
    return {};
  });
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  ASSERT_FALSE(stale.error().details.empty());
  EXPECT_EQ(stale.error().details[0].second, "1");
  EXPECT_EQ(skills_.Get(skill->id)->name, "Welding");
  EXPECT_EQ(Audit().size(), 1u);
}

TEST_F(MasterDataServiceTest, ImportIsAllOrNothing) {
  ASSERT_TRUE(skills_.Create(actor_, MakeSkill("WELD", "Welding")).has_value());
  auto merge = [](Skill& stored, const Skill& row) { stored.name = row.name; };
  std::vector<Skill> rows = {MakeSkill("WELD", "Welding v2"), MakeSkill("CNC", "CNC milling"),
                             MakeSkill("x", "")};
  auto rejected = skills_.Import(actor_, rows, merge);
  ASSERT_FALSE(rejected.has_value());
  ASSERT_EQ(rejected.error().field_errors.size(), 2u);
  EXPECT_EQ(rejected.error().field_errors[0].field, "rows[3].code");
  EXPECT_EQ(rejected.error().field_errors[1].field, "rows[3].name");
  EXPECT_EQ(skills_.List({})->total, 1);

  rows.pop_back();
  auto imported = skills_.Import(actor_, rows, merge);
  ASSERT_TRUE(imported.has_value()) << imported.error().message;
  EXPECT_EQ(imported->created, 1);
  EXPECT_EQ(imported->updated, 1);
  EXPECT_EQ(skills_.List({})->total, 2);
}

TEST_F(MasterDataServiceTest, DowntimesAndOperatorSkillsAreVersionedSubResources) {
  Machine m;
  m.code = "M1";
  m.name = "Mill";
  auto machine = machines_.Create(actor_, m);
  ASSERT_TRUE(machine.has_value());
  MachineAvailability availability(machines_);
  Downtime bad;
  bad.start = *ParseInstant("2026-12-01T10:00:00Z");
  bad.end = bad.start;
  auto rejected = availability.AddDowntime(actor_, machine->id, bad);
  ASSERT_FALSE(rejected.has_value());
  EXPECT_EQ(rejected.error().field_errors.at(0).field, "end");
  Downtime good = bad;
  good.end = *ParseInstant("2026-12-01T12:00:00Z");
  auto added = availability.AddDowntime(actor_, machine->id, good);
  ASSERT_TRUE(added.has_value());
  EXPECT_TRUE(added->id.valid());
  EXPECT_EQ(machines_.Get(machine->id)->version, 2);
  ASSERT_TRUE(availability.RemoveDowntime(actor_, machine->id, added->id).has_value());
  EXPECT_TRUE(machines_.Get(machine->id)->downtimes.empty());

  auto op = operators_.Create(actor_, MakeOperator("E7", "Grace"));
  ASSERT_TRUE(op.has_value());
  OperatorQualifications qualifications(operators_);
  auto unknown = qualifications.SetSkill(actor_, op->id, {SkillId(99), 3, {}, {}});
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().field_errors.at(0).field, "skill_id");
}

}  // namespace
}  // namespace takt::service
