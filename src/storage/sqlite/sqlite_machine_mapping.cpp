// SqliteMapping<Machine>: the machine row plus required skills, the setup matrix and downtimes
// (downtime ids are kept across saves, so /machines/{id}/downtimes/{downtime_id} stays stable).
#include "storage/sqlite/sqlite_mapping_support.hpp"
#include "storage/sqlite/sqlite_master_data_mappings.hpp"
#include "storage/utc_text.hpp"

namespace takt::storage::sqlite {

void SqliteMapping<Machine>::Bind(Statement& stmt, const Machine& e, int first) {
  stmt.Bind(first, e.code).Bind(first + 1, e.name);
  BindReference(stmt, first + 2, e.work_center_id);
  stmt.Bind(first + 3, MachineStatusName(e.status)).Bind(first + 4, e.efficiency);
  BindReference(stmt, first + 5, e.calendar_id);
  stmt.Bind(first + 6, e.attended);
}

void SqliteMapping<Machine>::Read(const Statement& stmt, int first, Machine& e) {
  e.code = stmt.Text(first);
  e.name = stmt.Text(first + 1);
  e.work_center_id = WorkCenterId(stmt.Int(first + 2));
  e.status = ParseMachineStatus(stmt.Text(first + 3)).value_or(MachineStatus::kAvailable);
  e.efficiency = stmt.Double(first + 4);
  e.calendar_id = CalendarId(stmt.Int(first + 5));
  e.attended = stmt.Int(first + 6) != 0;
}

Result<void> SqliteMapping<Machine>::SaveChildren(Connection& db, const Machine& e) {
  const std::int64_t id = e.id.value();
  for (const char* table : {"machine_skills", "machine_setup_times", "machine_downtimes"}) {
    if (auto ok = DeleteChildren(db, table, "machine_id", id); !ok) return ok;
  }
  for (const MachineSkill& s : e.required_skills) {
    auto stmt =
        db.Prepare("INSERT INTO machine_skills (machine_id, skill_id, min_level) VALUES (?, ?, ?)");
    if (!stmt) return Fail(stmt.error());
    stmt->Bind(1, id).Bind(2, s.skill_id.value()).Bind(3, s.min_level);
    if (auto ok = stmt->Run(); !ok) return ok;
  }
  for (const SetupTime& s : e.setup_matrix) {
    auto stmt = db.Prepare(
        "INSERT INTO machine_setup_times (machine_id, from_family, to_family, minutes) "
        "VALUES (?, ?, ?, ?)");
    if (!stmt) return Fail(stmt.error());
    stmt->Bind(1, id).Bind(2, s.from_family).Bind(3, s.to_family).Bind(4, s.minutes);
    if (auto ok = stmt->Run(); !ok) return ok;
  }
  for (const Downtime& d : e.downtimes) {
    auto stmt = db.Prepare(
        "INSERT INTO machine_downtimes (id, machine_id, kind, start_at, end_at, reason, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!stmt) return Fail(stmt.error());
    BindReference(*stmt, 1, d.id);
    stmt->Bind(2, id).Bind(3, DowntimeKindName(d.kind)).Bind(4, FormatInstant(d.start));
    stmt->Bind(5, FormatInstant(d.end)).Bind(6, d.reason);
    stmt->Bind(7, d.created_at.empty() ? UtcNowText() : d.created_at);
    if (auto ok = stmt->Run(); !ok) return ok;
  }
  return {};
}

Result<void> SqliteMapping<Machine>::LoadChildren(Connection& db, std::vector<Machine>& list) {
  auto ok = ForEachChildRow<Machine>(
      db,
      "SELECT machine_id, skill_id, min_level FROM machine_skills WHERE machine_id IN (IDS) "
      "ORDER BY machine_id, skill_id",
      list, [](const Statement& s, Machine& m) {
        m.required_skills.push_back({SkillId(s.Int(1)), static_cast<int>(s.Int(2))});
      });
  if (!ok) return ok;
  ok = ForEachChildRow<Machine>(
      db,
      "SELECT machine_id, from_family, to_family, minutes FROM machine_setup_times "
      "WHERE machine_id IN (IDS) ORDER BY machine_id, from_family, to_family",
      list, [](const Statement& s, Machine& m) {
        m.setup_matrix.push_back({s.Text(1), s.Text(2), static_cast<int>(s.Int(3))});
      });
  if (!ok) return ok;
  return ForEachChildRow<Machine>(
      db,
      "SELECT machine_id, id, kind, start_at, end_at, reason, created_at FROM machine_downtimes "
      "WHERE machine_id IN (IDS) ORDER BY machine_id, start_at, id",
      list, [](const Statement& s, Machine& m) {
        Downtime d;
        d.id = DowntimeId(s.Int(1));
        d.kind = ParseDowntimeKind(s.Text(2)).value_or(DowntimeKind::kPlanned);
        d.start = ParseInstant(s.Text(3)).value_or(Instant{});
        d.end = ParseInstant(s.Text(4)).value_or(Instant{});
        d.reason = s.Text(5);
        d.created_at = s.Text(6);
        m.downtimes.push_back(std::move(d));
      });
}

}  // namespace takt::storage::sqlite
