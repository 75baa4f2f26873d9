// SecurityAudit: the read side of the security audit trail. Security events are the audit entries
// about users and roles: sign-in success and failure ("auth.login", "auth.login_failed"),
// lockouts ("auth.lockout"), token revocation ("auth.token_revoked", "auth.refresh_reuse"),
// refused permissions ("auth.permission_denied"), and user and role administration ("user.*",
// "role.*", including role changes). They live in the one hash-chained audit log; this use case
// filters them and pages through them in sequence order (keyset cursor = last sequence seen).
//
// Thread-safety: stateless apart from the injected ports; may be called concurrently.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "storage/audit_log.hpp"
#include "storage/database.hpp"

namespace takt::identity {

struct SecurityEventQuery {
  std::optional<std::string> action;          // exact action, e.g. "auth.login_failed"
  std::optional<std::string> user_id;         // the user the event is about (entity id)
  std::optional<std::int64_t> actor_user_id;  // who acted
  std::optional<std::string> from;            // occurred_at >= from (RFC 3339)
  std::optional<std::string> to;              // occurred_at < to
  std::int64_t after_sequence = 0;
  int limit = 50;  // 1-500
};

struct SecurityEventPage {
  std::vector<storage::AuditEntry> items;
  std::optional<std::int64_t> next_cursor;  // set when more events may follow
};

class SecurityAudit {
 public:
  static constexpr int kMaxLimit = 500;

  SecurityAudit(storage::Database& database, storage::AuditLog& audit)
      : database_(database), audit_(audit) {}

  Result<SecurityEventPage> List(const SecurityEventQuery& query);

 private:
  storage::Database& database_;
  storage::AuditLog& audit_;
};

}  // namespace takt::identity
