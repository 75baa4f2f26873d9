// SqliteMasterDataStore<E>: the MasterDataStore port over SQLite for any master-data entity whose
// table layout is described by SqliteMapping<E> (sqlite_master_data_mappings.hpp): the table, its
// data columns, how to bind and read them, which fields may be filtered and sorted, and how to
// save and batch-load the entity's child rows. Every table has `id`, `version`, `created_at`,
// `updated_at` ahead of the data columns. Lists read one page with LIMIT/OFFSET plus a COUNT, then
// the children of the whole page with one query per child table.
//
// Thread-safety: stateless; every call runs on the caller's transaction.
#pragma once

#include <string>
#include <vector>

#include "storage/master_data_store.hpp"
#include "storage/sqlite/sqlite_master_data_mappings.hpp"
#include "storage/sqlite/sqlite_transaction.hpp"
#include "storage/utc_text.hpp"

namespace takt::storage::sqlite {

template <typename E>
class SqliteMasterDataStore final : public MasterDataStore<E> {
  using M = SqliteMapping<E>;
  using Id = typename MasterDataStore<E>::Id;

 public:
  Result<E> Insert(Transaction& tx, const E& entity) override {
    Connection& db = ConnectionOf(tx);
    std::string now = UtcNowText();
    std::string placeholders;
    for (int i = 0; i < M::kColumnCount; ++i) placeholders += ", ?";
    auto stmt =
        db.Prepare(std::string("INSERT INTO ") + M::kTable + " (version, created_at, updated_at, " +
                   M::kColumns + ") VALUES (1, ?, ?" + placeholders + ")");
    if (!stmt) return Fail(stmt.error());
    stmt->Bind(1, now).Bind(2, now);
    M::Bind(*stmt, entity, 3);
    if (auto ok = stmt->Run(); !ok) return Fail(ok.error());
    E stored = entity;
    stored.id = Id(db.LastInsertId());
    stored.version = 1;
    stored.created_at = now;
    stored.updated_at = now;
    if (auto ok = M::SaveChildren(db, stored); !ok) return Fail(ok.error());
    return Reload(db, stored.id);
  }

  Result<E> Update(Transaction& tx, const E& entity, std::int64_t expected_version) override {
    Connection& db = ConnectionOf(tx);
    std::string sets;
    std::string columns = M::kColumns;
    std::size_t start = 0;
    while (start < columns.size()) {
      std::size_t comma = columns.find(',', start);
      std::string column =
          columns.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      column.erase(0, column.find_first_not_of(' '));
      sets += ", " + column + " = ?";
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    auto stmt = db.Prepare(std::string("UPDATE ") + M::kTable +
                           " SET version = version + 1, updated_at = ?" + sets + " WHERE id = ? " +
                           "AND version = ?");
    if (!stmt) return Fail(stmt.error());
    stmt->Bind(1, UtcNowText());
    M::Bind(*stmt, entity, 2);
    stmt->Bind(2 + M::kColumnCount, entity.id.value()).Bind(3 + M::kColumnCount, expected_version);
    if (auto ok = stmt->Run(); !ok) return Fail(ok.error());
    if (db.Changes() == 0) return Fail(StaleOrMissing(db, entity.id));
    if (auto ok = M::SaveChildren(db, entity); !ok) return Fail(ok.error());
    return Reload(db, entity.id);
  }

  Result<std::optional<E>> Find(Transaction& tx, Id id) override {
    ListQuery query;
    query.filters.emplace_back("id", id.ToString());
    query.limit = 1;
    auto page = Select(ConnectionOf(tx), query, false);
    if (!page) return Fail(page.error());
    if (page->items.empty()) return std::optional<E>();
    return std::optional<E>(std::move(page->items.front()));
  }

  Result<ListPage<E>> List(Transaction& tx, const ListQuery& query) override {
    return Select(ConnectionOf(tx), query, true);
  }

  Result<void> Remove(Transaction& tx, Id id, std::int64_t expected_version) override {
    Connection& db = ConnectionOf(tx);
    auto stmt =
        db.Prepare(std::string("DELETE FROM ") + M::kTable + " WHERE id = ? AND version = ?");
    if (!stmt) return Fail(stmt.error());
    stmt->Bind(1, id.value()).Bind(2, expected_version);
    if (auto ok = stmt->Run(); !ok) {
      Error error = ok.error();
      if (error.code == ErrorCode::kConflict && error.field_errors.empty()) {
        error.message = std::string("the ") + M::kEntityName +
                        " is still referenced (by machines, operators, work centers or tasks); "
                        "remove those references first";
      }
      return Fail(error);
    }
    if (db.Changes() == 0) return Fail(StaleOrMissing(db, id));
    return {};
  }

  Result<bool> Exists(Transaction& tx, Id id) override {
    auto stmt =
        ConnectionOf(tx).Prepare(std::string("SELECT 1 FROM ") + M::kTable + " WHERE id = ?");
    if (!stmt) return Fail(stmt.error());
    stmt->Bind(1, id.value());
    return stmt->Step();
  }

 private:
  Result<E> Reload(Connection& db, Id id) {
    ListQuery query;
    query.filters.emplace_back("id", id.ToString());
    auto page = Select(db, query, false);
    if (!page) return Fail(page.error());
    if (page->items.empty()) return Fail(Error::Internal("a row vanished inside its transaction"));
    return std::move(page->items.front());
  }

  Error StaleOrMissing(Connection& db, Id id) {
    auto stmt = db.Prepare(std::string("SELECT version FROM ") + M::kTable + " WHERE id = ?");
    if (!stmt) return stmt.error();
    stmt->Bind(1, id.value());
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row)
      return Error::NotFound(std::string(M::kEntityName) + " " + id.ToString() + " not found");
    std::string current = std::to_string(stmt->Int(0));
    return Error::Conflict(std::string(M::kEntityName) + " " + id.ToString() +
                           " was changed by someone else (current version " + current +
                           "); reload and retry")
        .WithDetail("current_version", current);
  }

  Result<ListPage<E>> Select(Connection& db, const ListQuery& query, bool count) {
    // Field names are spliced into SQL, so only the mapping's own names pass.
    auto known = [](const std::string& field) {
      if (field == "id" || field == "created_at" || field == "updated_at") return true;
      for (const char* name : M::kFilterable) {
        if (field == name) return true;
      }
      return false;
    };
    for (const auto& filter : query.filters) {
      if (!known(filter.first)) {
        return Fail(Error::InvalidArgument("unknown filter", {{filter.first, "is not a filter"}}));
      }
    }
    if (!known(query.sort)) {
      return Fail(
          Error::InvalidArgument("unknown sort field", {{"sort", "cannot sort by " + query.sort}}));
    }
    std::string where = " WHERE 1 = 1";
    for (const auto& [field, value] : query.filters) where += " AND " + field + " = ?";
    if (!query.search.empty()) {
      where += std::string(" AND instr(lower(") + M::kSearchExpression + "), lower(?)) > 0";
    }
    ListPage<E> page;
    auto bind_filters = [&](Statement& stmt) {
      int index = 1;
      for (const auto& filter : query.filters) stmt.Bind(index++, filter.second);
      if (!query.search.empty()) stmt.Bind(index++, query.search);
      return index;
    };
    if (count) {
      auto stmt = db.Prepare(std::string("SELECT count(*) FROM ") + M::kTable + where);
      if (!stmt) return Fail(stmt.error());
      bind_filters(*stmt);
      if (auto row = stmt->Step(); !row) return Fail(row.error());
      page.total = stmt->Int(0);
    }
    auto stmt = db.Prepare(std::string("SELECT id, version, created_at, updated_at, ") +
                           M::kColumns + " FROM " + M::kTable + where + " ORDER BY " + query.sort +
                           (query.descending ? " DESC" : " ASC") + ", id LIMIT ? OFFSET ?");
    if (!stmt) return Fail(stmt.error());
    int next = bind_filters(*stmt);
    stmt->Bind(next, query.limit).Bind(next + 1, query.offset);
    while (true) {
      auto row = stmt->Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      E e;
      e.id = Id(stmt->Int(0));
      e.version = stmt->Int(1);
      e.created_at = stmt->Text(2);
      e.updated_at = stmt->Text(3);
      M::Read(*stmt, 4, e);
      page.items.push_back(std::move(e));
    }
    if (!count) page.total = static_cast<std::int64_t>(page.items.size());
    if (auto ok = M::LoadChildren(db, page.items); !ok) return Fail(ok.error());
    return page;
  }
};

}  // namespace takt::storage::sqlite
