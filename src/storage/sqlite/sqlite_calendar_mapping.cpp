// SqliteMapping<Calendar>: the calendar row plus its shifts and breaks (calendar_shifts, kind
// SHIFT/BREAK, ordered by position), holidays and exceptions.
#include "storage/sqlite/sqlite_mapping_support.hpp"
#include "storage/sqlite/sqlite_master_data_mappings.hpp"

namespace takt::storage::sqlite {

void SqliteMapping<Calendar>::Bind(Statement& stmt, const Calendar& e, int first) {
  stmt.Bind(first, e.name).Bind(first + 1, e.timezone);
}

void SqliteMapping<Calendar>::Read(const Statement& stmt, int first, Calendar& e) {
  e.name = stmt.Text(first);
  e.timezone = stmt.Text(first + 1);
}

Result<void> SqliteMapping<Calendar>::SaveChildren(Connection& db, const Calendar& e) {
  const std::int64_t id = e.id.value();
  for (const char* table : {"calendar_shifts", "calendar_holidays", "calendar_exceptions"}) {
    if (auto ok = DeleteChildren(db, table, "calendar_id", id); !ok) return ok;
  }
  int position = 0;
  for (const auto* list : {&e.shifts, &e.breaks}) {
    const char* kind = list == &e.shifts ? "SHIFT" : "BREAK";
    for (const WeeklyInterval& w : *list) {
      auto stmt = db.Prepare(
          "INSERT INTO calendar_shifts (calendar_id, position, kind, weekday, start_minute, "
          "end_minute) VALUES (?, ?, ?, ?, ?, ?)");
      if (!stmt) return Fail(stmt.error());
      stmt->Bind(1, id).Bind(2, position++).Bind(3, kind).Bind(4, w.weekday);
      stmt->Bind(5, w.start_minute).Bind(6, w.end_minute);
      if (auto ok = stmt->Run(); !ok) return ok;
    }
  }
  for (const CalendarHoliday& h : e.holidays) {
    auto stmt =
        db.Prepare("INSERT INTO calendar_holidays (calendar_id, day, name) VALUES (?, ?, ?)");
    if (!stmt) return Fail(stmt.error());
    stmt->Bind(1, id).Bind(2, h.date).Bind(3, h.name);
    if (auto ok = stmt->Run(); !ok) return ok;
  }
  position = 0;
  for (const CalendarException& x : e.exceptions) {
    auto stmt = db.Prepare(
        "INSERT INTO calendar_exceptions (calendar_id, position, kind, start_at, end_at, reason) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    if (!stmt) return Fail(stmt.error());
    stmt->Bind(1, id).Bind(2, position++).Bind(3, CalendarExceptionKindName(x.kind));
    stmt->Bind(4, FormatInstant(x.start)).Bind(5, FormatInstant(x.end)).Bind(6, x.reason);
    if (auto ok = stmt->Run(); !ok) return ok;
  }
  return {};
}

Result<void> SqliteMapping<Calendar>::LoadChildren(Connection& db, std::vector<Calendar>& list) {
  auto ok = ForEachChildRow<Calendar>(
      db,
      "SELECT calendar_id, kind, weekday, start_minute, end_minute FROM calendar_shifts "
      "WHERE calendar_id IN (IDS) ORDER BY calendar_id, position",
      list, [](const Statement& s, Calendar& c) {
        WeeklyInterval w{static_cast<int>(s.Int(2)), static_cast<int>(s.Int(3)),
                         static_cast<int>(s.Int(4))};
        (s.Text(1) == "SHIFT" ? c.shifts : c.breaks).push_back(w);
      });
  if (!ok) return ok;
  ok = ForEachChildRow<Calendar>(
      db,
      "SELECT calendar_id, day, name FROM calendar_holidays WHERE calendar_id IN (IDS) "
      "ORDER BY calendar_id, day",
      list, [](const Statement& s, Calendar& c) {
        c.holidays.push_back({s.Text(1), s.Text(2)});
      });
  if (!ok) return ok;
  return ForEachChildRow<Calendar>(
      db,
      "SELECT calendar_id, kind, start_at, end_at, reason FROM calendar_exceptions "
      "WHERE calendar_id IN (IDS) ORDER BY calendar_id, position",
      list, [](const Statement& s, Calendar& c) {
        CalendarException x;
        x.kind = ParseCalendarExceptionKind(s.Text(1)).value_or(CalendarExceptionKind::kNonWorking);
        x.start = ParseInstant(s.Text(2)).value_or(Instant{});
        x.end = ParseInstant(s.Text(3)).value_or(Instant{});
        x.reason = s.Text(4);
        c.exceptions.push_back(std::move(x));
      });
}

}  // namespace takt::storage::sqlite
