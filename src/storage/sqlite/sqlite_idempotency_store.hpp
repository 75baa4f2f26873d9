// SqliteIdempotencyStore: the IdempotencyStore port over the `idempotency_keys` table
// (migration 15). Thread-safety: stateless; calls follow the caller's Transaction.
#pragma once

#include "storage/idempotency_store.hpp"

namespace takt::storage::sqlite {

class SqliteIdempotencyStore final : public IdempotencyStore {
 public:
  Result<std::optional<IdempotencyRecord>> Find(Transaction& tx, const std::string& scope,
                                                const std::string& key) override;
  Result<void> Remember(Transaction& tx, const std::string& scope, const std::string& key,
                        const IdempotencyRecord& record) override;
};

}  // namespace takt::storage::sqlite
