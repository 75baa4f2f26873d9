// IdempotencyStore: remembers which entity a POST create with an `Idempotency-Key` produced, so a
// retry with the same key returns the first result instead of creating twice (api.md
// "Idempotency"). Keys are scoped (e.g. "skill", "machine") and stored with a fingerprint of the
// request, so the same key sent with a different request is recognisable. Remember runs in the
// create's own transaction: the key exists exactly when the entity was committed.
//
// Thread-safety: stateless; calls follow the caller's Transaction.
#pragma once

#include <optional>
#include <string>

#include "core/error.hpp"
#include "storage/transaction.hpp"

namespace takt::storage {

struct IdempotencyRecord {
  std::string request_hash;
  std::string entity_id;
};

class IdempotencyStore {
 public:
  virtual ~IdempotencyStore() = default;
  virtual Result<std::optional<IdempotencyRecord>> Find(Transaction& tx, const std::string& scope,
                                                        const std::string& key) = 0;
  virtual Result<void> Remember(Transaction& tx, const std::string& scope, const std::string& key,
                                const IdempotencyRecord& record) = 0;
};

}  // namespace takt::storage
