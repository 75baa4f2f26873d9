// SqliteMapping definitions of the flat entities: Skill and WorkCenter (no child rows).
#include "storage/sqlite/sqlite_mapping_support.hpp"
#include "storage/sqlite/sqlite_master_data_mappings.hpp"

namespace takt::storage::sqlite {

void SqliteMapping<Skill>::Bind(Statement& stmt, const Skill& e, int first) {
  stmt.Bind(first, e.code).Bind(first + 1, e.name);
}
void SqliteMapping<Skill>::Read(const Statement& stmt, int first, Skill& e) {
  e.code = stmt.Text(first);
  e.name = stmt.Text(first + 1);
}
Result<void> SqliteMapping<Skill>::SaveChildren(Connection&, const Skill&) { return {}; }
Result<void> SqliteMapping<Skill>::LoadChildren(Connection&, std::vector<Skill>&) { return {}; }

void SqliteMapping<WorkCenter>::Bind(Statement& stmt, const WorkCenter& e, int first) {
  stmt.Bind(first, e.code).Bind(first + 1, e.name).Bind(first + 2, e.wip_limit);
  BindReference(stmt, first + 3, e.calendar_id);
}
void SqliteMapping<WorkCenter>::Read(const Statement& stmt, int first, WorkCenter& e) {
  e.code = stmt.Text(first);
  e.name = stmt.Text(first + 1);
  e.wip_limit = static_cast<int>(stmt.Int(first + 2));
  e.calendar_id = CalendarId(stmt.Int(first + 3));
}
Result<void> SqliteMapping<WorkCenter>::SaveChildren(Connection&, const WorkCenter&) { return {}; }
Result<void> SqliteMapping<WorkCenter>::LoadChildren(Connection&, std::vector<WorkCenter>&) {
  return {};
}

}  // namespace takt::storage::sqlite
