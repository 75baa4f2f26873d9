// MasterDataService<E>: the use cases of one master-data entity type (Skill, WorkCenter,
// Calendar, Machine, Operator): create, read, list, change, delete and bulk import.
//
// Every change runs in ONE write transaction that also appends its audit entry
// ("<type>.create" / ".update" / ".delete" / ".import" or a caller-named action such as
// "machine.status"), with the entity's JSON document before and after. A change that leaves the
// entity as it was writes nothing (same version, no audit entry). Validation reports every
// bad field at once (kInvalidArgument) before anything is written; references to other entities
// are checked inside the transaction (a dangling id is a FieldError, 422). A stale expected
// version is kConflict with detail current_version; unique keys are kConflict naming the field;
// deleting a row that is still referenced is kConflict.
//
// Import is all-or-nothing: rows are matched on the entity's natural key (code, name or
// employee_id); a match is updated with the row's fields (`merge`), anything else is created; the
// first failing row does not stop validation of the others, and any failure rolls back every row.
// Row errors are reported as fields "rows[<n>].<column>", n counting data rows from 1. Import keeps
// going after a row fails inside the transaction, which SQLite allows (a failed statement undoes
// only itself); a PostgreSQL adapter must wrap each row's writes in a savepoint for the same.
//
// Thread-safety: stateless apart from the injected ports; all members may be called concurrently.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/error.hpp"
#include "service/master_data/master_data_json.hpp"
#include "service/master_data/master_data_rules.hpp"
#include "service/master_data/master_data_stores.hpp"
#include "storage/sha256.hpp"

namespace takt::service {

// An Idempotency-Key and the request it came with (hashed to recognise a reused key).
struct MasterDataIdempotency {
  std::string key;
  std::string request;
};

struct ImportSummary {
  int created = 0;
  int updated = 0;
  int unchanged = 0;  // matched rows whose imported fields already had these values
};

template <typename E>
class MasterDataService {
 public:
  using Id = typename storage::MasterDataStore<E>::Id;
  using Rules = MasterDataRules<E>;
  // Applies a change to the current entity inside the transaction; may refuse with an Error.
  using Change = std::function<Result<void>(E&)>;

  explicit MasterDataService(MasterDataStores stores)
      : stores_(stores), store_(stores_.StoreOf<E>()) {}

  // With `idempotency`, a retry carrying the same key and the same request returns the entity
  // the first call created (its current state) instead of creating another; the same key with a
  // different request is kConflict.
  Result<E> Create(const Actor& actor, const E& draft,
                   const std::optional<MasterDataIdempotency>& idempotency = std::nullopt) {
    if (auto errors = Rules::Validate(draft); !errors.empty())
      return Fail(Invalid(std::move(errors)));
    return stores_.database.Write(actor, [&](storage::Transaction& tx) -> Result<E> {
      std::string fingerprint;
      if (idempotency) {
        if (stores_.idempotency == nullptr) {
          return Fail(Error::Internal("Idempotency-Key is not supported by this wiring"));
        }
        fingerprint = storage::Sha256Hex(idempotency->request);
        auto seen = stores_.idempotency->Find(tx, Rules::kEntityType, idempotency->key);
        if (!seen) return Fail(seen.error());
        if (seen->has_value()) {
          if ((*seen)->request_hash != fingerprint) {
            return Fail(
                Error::Conflict("this Idempotency-Key was already used with a different request"));
          }
          return Load(tx, Id(std::stoll((*seen)->entity_id)));
        }
      }
      auto created = InsertChecked(tx, draft, std::string(Rules::kEntityType) + ".create");
      if (created && idempotency) {
        auto remembered = stores_.idempotency->Remember(tx, Rules::kEntityType, idempotency->key,
                                                        {fingerprint, created->id.ToString()});
        if (!remembered) return Fail(remembered.error());
      }
      return created;
    });
  }

  Result<E> Get(Id id) {
    return stores_.database.Read([&](storage::Transaction& tx) { return Load(tx, id); });
  }

  Result<storage::ListPage<E>> List(const storage::ListQuery& query) {
    return stores_.database.Read([&](storage::Transaction& tx) { return store_.List(tx, query); });
  }

  // Loads the current entity, checks `expected_version` (when given), applies `change`,
  // validates, checks references, writes and audits under `action` (default "<type>.update").
  Result<E> Update(const Actor& actor, Id id, std::optional<std::int64_t> expected_version,
                   const Change& change, std::string action = {}) {
    if (action.empty()) action = std::string(Rules::kEntityType) + ".update";
    return stores_.database.Write(actor, [&](storage::Transaction& tx) -> Result<E> {
      auto current = Load(tx, id);
      if (!current) return Fail(current.error());
      if (expected_version && *expected_version != current->version) {
        return Fail(Stale(*current));
      }
      E changed = *current;
      if (auto ok = change(changed); !ok) return Fail(ok.error());
      changed.id = current->id;
      // A change that changes nothing writes nothing: no new version, no audit entry.
      if (AuditImage(changed) == AuditImage(*current)) return std::move(*current);
      if (auto errors = Rules::Validate(changed); !errors.empty())
        return Fail(Invalid(std::move(errors)));
      return UpdateChecked(tx, *current, changed, action);
    });
  }

  Result<void> Remove(const Actor& actor, Id id, std::optional<std::int64_t> expected_version) {
    return stores_.database.Write(actor, [&](storage::Transaction& tx) -> Result<void> {
      auto current = Load(tx, id);
      if (!current) return Fail(current.error());
      if (expected_version && *expected_version != current->version) {
        return Fail(Stale(*current));
      }
      if (auto ok = store_.Remove(tx, id, current->version); !ok) return ok;
      auto entry =
          stores_.audit.Append(tx, {std::string(Rules::kEntityType) + ".delete", Rules::kEntityType,
                                    id.ToString(), AuditImage(*current), ""});
      if (!entry) return Fail(entry.error());
      return {};
    });
  }

  // See the header comment. `merge(stored, row)` copies the row's imported fields onto a match.
  Result<ImportSummary> Import(const Actor& actor, const std::vector<E>& rows,
                               const std::function<void(E&, const E&)>& merge) {
    std::vector<FieldError> errors;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      for (const FieldError& f : Rules::Validate(rows[i])) errors.push_back(RowError(i, f));
    }
    if (!errors.empty()) return Fail(ImportInvalid(std::move(errors)));
    return stores_.database.Write(actor, [&](storage::Transaction& tx) -> Result<ImportSummary> {
      ImportSummary summary;
      std::vector<FieldError> row_errors;
      const std::string action = std::string(Rules::kEntityType) + ".import";
      for (std::size_t i = 0; i < rows.size(); ++i) {
        storage::ListQuery by_key;
        by_key.limit = 1;
        by_key.filters = {{Rules::kNaturalKey, Rules::NaturalKey(rows[i])}};
        auto match = store_.List(tx, by_key);
        if (!match) return Fail(match.error());
        Result<E> written;
        if (match->items.empty()) {
          written = InsertChecked(tx, rows[i], action);
          if (written) ++summary.created;
        } else {
          E changed = match->items.front();
          merge(changed, rows[i]);
          if (AuditImage(changed) == AuditImage(match->items.front())) {
            ++summary.unchanged;
            continue;
          }
          written = UpdateChecked(tx, match->items.front(), changed, action);
          if (written) ++summary.updated;
        }
        if (!written) {
          const Error& e = written.error();
          if (e.code != ErrorCode::kInvalidArgument && e.code != ErrorCode::kConflict) {
            return Fail(e);
          }
          if (e.field_errors.empty()) row_errors.push_back(RowError(i, {"row", e.message}));
          for (const FieldError& f : e.field_errors) row_errors.push_back(RowError(i, f));
        }
      }
      if (!row_errors.empty()) return Fail(ImportInvalid(std::move(row_errors)));
      return summary;
    });
  }

 private:
  Result<E> Load(storage::Transaction& tx, Id id) {
    auto found = store_.Find(tx, id);
    if (!found) return Fail(found.error());
    if (!found->has_value()) {
      return Fail(
          Error::NotFound(std::string(Rules::kEntityType) + " " + id.ToString() + " not found"));
    }
    return std::move(**found);
  }

  Result<E> InsertChecked(storage::Transaction& tx, const E& draft, const std::string& action) {
    auto references = Rules::CheckReferences(tx, stores_, draft);
    if (!references) return Fail(references.error());
    if (!references->empty()) return Fail(Invalid(std::move(*references)));
    auto stored = store_.Insert(tx, draft);
    if (!stored) return Fail(stored.error());
    auto entry = stores_.audit.Append(
        tx, {action, Rules::kEntityType, stored->id.ToString(), "", AuditImage(*stored)});
    if (!entry) return Fail(entry.error());
    return stored;
  }

  Result<E> UpdateChecked(storage::Transaction& tx, const E& before, const E& changed,
                          const std::string& action) {
    auto references = Rules::CheckReferences(tx, stores_, changed);
    if (!references) return Fail(references.error());
    if (!references->empty()) return Fail(Invalid(std::move(*references)));
    auto stored = store_.Update(tx, changed, before.version);
    if (!stored) return Fail(stored.error());
    auto entry = stores_.audit.Append(tx, {action, Rules::kEntityType, stored->id.ToString(),
                                           AuditImage(before), AuditImage(*stored)});
    if (!entry) return Fail(entry.error());
    return stored;
  }

  static Error Invalid(std::vector<FieldError>&& errors) {
    return Error::InvalidArgument(std::string("the ") + Rules::kEntityType + " is invalid",
                                  std::move(errors));
  }
  static Error ImportInvalid(std::vector<FieldError>&& errors) {
    return Error::InvalidArgument("the import was rejected; nothing was written",
                                  std::move(errors));
  }
  static FieldError RowError(std::size_t index, const FieldError& f) {
    return {"rows[" + std::to_string(index + 1) + "]." + f.field, f.message};
  }
  static Error Stale(const E& current) {
    const std::string version = std::to_string(current.version);
    return Error::Conflict(std::string(Rules::kEntityType) + " " + current.id.ToString() +
                           " has version " + version + ", not the expected one; reload and retry")
        .WithDetail("current_version", version);
  }

  MasterDataStores stores_;
  storage::MasterDataStore<E>& store_;
};

}  // namespace takt::service
