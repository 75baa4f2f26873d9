// MasterDataStore<E>: the storage port for one master-data entity type (Skill, WorkCenter,
// Calendar, Machine, Operator). An entity is stored with its owned sub-lists (calendar shifts,
// machine skills and downtimes, operator skills and absences) as one aggregate: Insert and Update
// write the whole aggregate, Find and List read it whole (children loaded per page with one query
// per child table, never one per row).
//
// Contract (every backend): Insert assigns id, version 1, created_at = updated_at = now. Update
// writes `entity` when the stored version equals `expected_version`, then bumps version and
// updated_at; a stale version is kConflict with detail current_version; a missing id kNotFound.
// Remove deletes (children cascade) with the same version check; a row still referenced elsewhere
// is kConflict. Unique keys are kConflict naming the field. Filters are equality matches on the
// named fields listed by the backend's mapping (the service checks names first).
//
// Thread-safety: implementations are stateless; every call runs inside the caller's Transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "storage/transaction.hpp"

namespace takt::storage {

struct ListQuery {
  int limit = 50;                                            // 1-1000
  int offset = 0;                                            // rows to skip
  std::vector<std::pair<std::string, std::string>> filters;  // field = value, all must match
  std::string search;       // case-insensitive substring of code/name ("" = none)
  std::string sort = "id";  // a sortable field name
  bool descending = false;
};

template <typename E>
struct ListPage {
  std::vector<E> items;
  std::int64_t total = 0;  // rows matching the filters, ignoring limit/offset
};

template <typename E>
class MasterDataStore {
 public:
  using Id = decltype(E::id);
  virtual ~MasterDataStore() = default;

  virtual Result<E> Insert(Transaction& tx, const E& entity) = 0;
  virtual Result<E> Update(Transaction& tx, const E& entity, std::int64_t expected_version) = 0;
  virtual Result<std::optional<E>> Find(Transaction& tx, Id id) = 0;
  virtual Result<ListPage<E>> List(Transaction& tx, const ListQuery& query) = 0;
  virtual Result<void> Remove(Transaction& tx, Id id, std::int64_t expected_version) = 0;
  // Whether a row with `id` exists (reference checks before writes).
  virtual Result<bool> Exists(Transaction& tx, Id id) = 0;
};

}  // namespace takt::storage
