// Small shared pieces for the SqliteMapping<E> definitions: nullable id binding, "IN (?, ...)"
// lists for loading the children of a page at once, and a step-loop. Internal to the SQLite
// adapter; thread-safety as the connection.
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

// "(?, ?, ?)" for n values.
inline std::string Placeholders(std::size_t n) {
  std::string out = "(";
  for (std::size_t i = 0; i < n; ++i) out += i == 0 ? "?" : ", ?";
  return out + ")";
}

// Runs `sql` (which has one "IN %s" slot spelled as the literal text "(IDS)") for the ids of
// `entities`, calling `row(stmt, entity)` for each result row whose first column is an owner id.
template <typename E>
Result<void> ForEachChildRow(Connection& db, std::string sql, std::vector<E>& entities,
                             const std::function<void(const Statement&, E&)>& row) {
  if (entities.empty()) return {};
  std::unordered_map<std::int64_t, E*> by_id;
  for (E& e : entities) by_id[e.id.value()] = &e;
  sql.replace(sql.find("(IDS)"), 5, Placeholders(entities.size()));
  auto stmt = db.Prepare(sql);
  if (!stmt) return Fail(stmt.error());
  int index = 1;
  for (const E& e : entities) stmt->Bind(index++, e.id.value());
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
