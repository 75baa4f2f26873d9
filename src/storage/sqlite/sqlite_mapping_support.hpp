// Small shared pieces for the SqliteMapping<E> definitions: nullable id binding, loading the
// children of a whole page with one statement per child table, and deleting children. Internal to
// the SQLite adapter; thread-safety as the connection.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/strong_id.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace takt::storage::sqlite {

// Binds an optional reference: NULL for an invalid (0) id.
template <typename Tag>
void BindReference(Statement& stmt, int index, StrongId<Tag> id) {
  if (id.valid()) {
    stmt.Bind(index, id.value());
  } else {
    stmt.BindNull(index);
  }
}

// Runs `sql`, whose owner filter is spelled "IN (IDS)", for the ids of `entities`, calling
// `row(stmt, entity)` for each result row whose first column is an owner id. The ids travel as
// one JSON array parameter (json_each), so the statement text is the same for every page size
// and stays one cached statement.
template <typename E>
Result<void> ForEachChildRow(Connection& db, std::string sql, std::vector<E>& entities,
                             const std::function<void(const Statement&, E&)>& row) {
  if (entities.empty()) return {};
  std::unordered_map<std::int64_t, E*> by_id;
  std::string ids = "[";
  for (E& e : entities) {
    by_id[e.id.value()] = &e;
    if (ids.size() > 1) ids += ',';
    ids += std::to_string(e.id.value());
  }
  ids += ']';
  sql.replace(sql.find("(IDS)"), 5, "(SELECT value FROM json_each(?))");
  auto stmt = db.Prepare(sql);
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, ids);
  while (true) {
    auto more = stmt->Step();
    if (!more) return Fail(more.error());
    if (!*more) return {};
    auto it = by_id.find(stmt->Int(0));
    if (it != by_id.end()) row(*stmt, *it->second);
  }
}

// Deletes the rows of `table` owned by `owner_id` (column `owner_column`).
inline Result<void> DeleteChildren(Connection& db, const char* table, const char* owner_column,
                                   std::int64_t owner_id) {
  auto stmt = db.Prepare(std::string("DELETE FROM ") + table + " WHERE " + owner_column + " = ?");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, owner_id);
  return stmt->Run();
}

}  // namespace takt::storage::sqlite
