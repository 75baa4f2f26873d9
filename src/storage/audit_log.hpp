// AuditLog: the append-only, hash-chained audit trail. Every state-changing use case appends one
// entry per changed entity inside the same Transaction as the change, so an entry exists exactly
// when its change was committed. The adapter assigns `sequence` (1, 2, 3 ... without gaps),
// `occurred_at`, `prev_hash` (the previous entry's hash, or 64 zeros for the first) and `hash`
// (SHA-256 over CanonicalAuditText, see audit_chain.hpp), and stamps the transaction's Actor.
// The database itself refuses UPDATE and DELETE on the table (triggers), so even SQL typed by hand
// cannot rewrite history without first dropping the triggers; VerifyAuditChain then finds it.
//
// Thread-safety: calls take the caller's Transaction and follow its rules; Append needs a write
// transaction (kInternal otherwise). Appends are serialised by the single writer, so the chain
// never forks.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "storage/transaction.hpp"

namespace takt::storage {

// What a use case records: `before_json`/`after_json` are JSON documents of the entity ("" when
// it did not exist before / no longer exists after). `action` is a verb such as "skill.create".
struct AuditRecord {
  std::string action;
  std::string entity_type;
  std::string entity_id;
  std::string before_json;
  std::string after_json;
};

struct AuditEntry {
  std::int64_t sequence = 0;
  std::string occurred_at;  // RFC 3339 UTC with milliseconds, e.g. "2026-11-24T12:00:00.123Z"
  std::int64_t actor_user_id = 0;
  std::string actor_email;
  std::string request_id;
  std::string action;
  std::string entity_type;
  std::string entity_id;
  std::string before_json;
  std::string after_json;
  std::string prev_hash;
  std::string hash;
};

struct AuditQuery {
  std::optional<std::string> entity_type;
  std::optional<std::string> entity_id;
  std::optional<std::string> action;
  std::optional<std::int64_t> actor_user_id;
  std::optional<std::string> request_id;
  std::optional<std::string> from;  // occurred_at >= from (RFC 3339)
  std::optional<std::string> to;    // occurred_at < to
  std::int64_t after_sequence = 0;  // keyset cursor: entries with a greater sequence
  int limit = 50;
};

class AuditLog {
 public:
  virtual ~AuditLog() = default;

  // Appends one entry and returns it complete (sequence, timestamps, hashes).
  virtual Result<AuditEntry> Append(Transaction& tx, const AuditRecord& record) = 0;

  // Entries matching `query` in ascending sequence order.
  virtual Result<std::vector<AuditEntry>> List(Transaction& tx, const AuditQuery& query) = 0;

  // Up to `limit` entries with sequence > `after_sequence`, ascending; the chain verifier pages
  // through the whole log with this.
  virtual Result<std::vector<AuditEntry>> Page(Transaction& tx, std::int64_t after_sequence,
                                               int limit) = 0;
};

}  // namespace takt::storage
