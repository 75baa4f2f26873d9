// SecondFactor: optional TOTP (RFC 6238, service/identity/totp.hpp) second factor per user.
// Enrol: a fresh secret is stored unconfirmed and shown once (base32 and an otpauth:// URI for
// authenticator apps). Confirm: the first valid code switches it on and returns 10 single-use
// recovery codes, shown once; only their SHA-256 digests are stored. From then on sign-in needs a
// current code or an unused recovery code (Authentication::Login), a code is accepted only once
// (replays within its 30-second window fail), and a recovery code is consumed by its use.
// Disable removes the factor and its recovery codes. Each change is audited
// ("auth.second_factor_enabled", "auth.second_factor_disabled").
//
// Thread-safety: stateless apart from the injected ports; may be called concurrently.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/error.hpp"
#include "core/instant.hpp"
#include "storage/audit_log.hpp"
#include "storage/database.hpp"
#include "storage/session_store.hpp"

namespace takt::identity {

struct SecondFactorEnrolment {
  std::string secret_base32;
  std::string otpauth_uri;
};

class SecondFactor {
 public:
  using Clock = std::function<Instant()>;
  static constexpr int kRecoveryCodes = 10;

  SecondFactor(storage::Database& database, storage::SessionStore& sessions,
               storage::AuditLog& audit, Clock clock = InstantNow)
      : database_(database), sessions_(sessions), audit_(audit), clock_(std::move(clock)) {}

  // kConflict when a confirmed factor exists (disable it first).
  Result<SecondFactorEnrolment> Enrol(const Actor& actor);
  // kConflict without a pending enrolment; kInvalidArgument on "code" for a wrong code.
  Result<std::vector<std::string>> Confirm(const Actor& actor, std::string_view code);
  // kNotFound when the user has no second factor.
  Result<void> Disable(const Actor& actor);
  Result<bool> IsEnabled(UserId user);

  // Checks `code` (6 digits: TOTP; otherwise a recovery code) for `user` inside `tx` and consumes
  // it. True when accepted.
  static Result<bool> Accept(storage::SessionStore& sessions, storage::Transaction& tx, UserId user,
                             const storage::SecondFactorRecord& factor, std::string_view code,
                             Instant now);

 private:
  storage::Database& database_;
  storage::SessionStore& sessions_;
  storage::AuditLog& audit_;
  Clock clock_;
};

}  // namespace takt::identity
