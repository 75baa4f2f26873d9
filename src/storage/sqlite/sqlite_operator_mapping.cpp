// SqliteMapping<Operator>: the operator row plus skills (with certification window) and absences
// (ids kept across saves).
#include "storage/sqlite/sqlite_mapping_support.hpp"
#include "storage/sqlite/sqlite_master_data_mappings.hpp"
#include "storage/utc_text.hpp"

namespace takt::storage::sqlite {

void SqliteMapping<Operator>::Bind(Statement& stmt, const Operator& e, int first) {
  stmt.Bind(first, e.employee_id).Bind(first + 1, e.name);
  stmt.Bind(first + 2, OperatorStatusName(e.status));
  BindReference(stmt, first + 3, e.calendar_id);
}

void SqliteMapping<Operator>::Read(const Statement& stmt, int first, Operator& e) {
  e.employee_id = stmt.Text(first);
  e.name = stmt.Text(first + 1);
  e.status = ParseOperatorStatus(stmt.Text(first + 2)).value_or(OperatorStatus::kActive);
  e.calendar_id = CalendarId(stmt.Int(first + 3));
}

Result<void> SqliteMapping<Operator>::SaveChildren(Connection& db, const Operator& e) {
  const std::int64_t id = e.id.value();
  for (const char* table : {"operator_skills", "operator_absences"}) {
    if (auto ok = DeleteChildren(db, table, "operator_id", id); !ok) return ok;
  }
  for (const OperatorSkill& s : e.skills) {
    auto stmt = db.Prepare(
        "INSERT INTO operator_skills (operator_id, skill_id, level, certified_on, expires_on) "
        "VALUES (?, ?, ?, ?, ?)");
    if (!stmt) return Fail(stmt.error());
    stmt->Bind(1, id).Bind(2, s.skill_id.value()).Bind(3, s.level);
    stmt->Bind(4, s.certified_on).Bind(5, s.expires_on);
    if (auto ok = stmt->Run(); !ok) return ok;
  }
  for (const Absence& a : e.absences) {
    auto stmt = db.Prepare(
        "INSERT INTO operator_absences (id, operator_id, kind, start_at, end_at, reason, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!stmt) return Fail(stmt.error());
    BindReference(*stmt, 1, a.id);
    stmt->Bind(2, id).Bind(3, AbsenceKindName(a.kind)).Bind(4, FormatInstant(a.start));
    stmt->Bind(5, FormatInstant(a.end)).Bind(6, a.reason);
    stmt->Bind(7, a.created_at.empty() ? UtcNowText() : a.created_at);
    if (auto ok = stmt->Run(); !ok) return ok;
  }
  return {};
}

Result<void> SqliteMapping<Operator>::LoadChildren(Connection& db, std::vector<Operator>& list) {
  auto ok = ForEachChildRow<Operator>(
      db,
      "SELECT operator_id, skill_id, level, certified_on, expires_on FROM operator_skills "
      "WHERE operator_id IN (IDS) ORDER BY operator_id, skill_id",
      list, [](const Statement& s, Operator& o) {
        o.skills.push_back(
            {SkillId(s.Int(1)), static_cast<int>(s.Int(2)), s.OptionalText(3), s.OptionalText(4)});
      });
  if (!ok) return ok;
  return ForEachChildRow<Operator>(
      db,
      "SELECT operator_id, id, kind, start_at, end_at, reason, created_at FROM operator_absences "
      "WHERE operator_id IN (IDS) ORDER BY operator_id, start_at, id",
      list, [](const Statement& s, Operator& o) {
        Absence a;
        a.id = AbsenceId(s.Int(1));
        a.kind = ParseAbsenceKind(s.Text(2)).value_or(AbsenceKind::kAbsence);
        a.start = ParseInstant(s.Text(3)).value_or(Instant{});
        a.end = ParseInstant(s.Text(4)).value_or(Instant{});
        a.reason = s.Text(5);
        a.created_at = s.Text(6);
        o.absences.push_back(std::move(a));
      });
}

}  // namespace takt::storage::sqlite
