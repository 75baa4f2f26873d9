#include "service/identity/authentication.hpp"

#include <sodium.h>

#include <boost/json.hpp>
#include <stdexcept>

#include "service/identity/second_factor.hpp"
#include "service/identity/user_json.hpp"
#include "storage/sha256.hpp"

namespace takt::identity {

namespace {

constexpr std::size_t kMaxRefreshTokenLength = 256;

Error InvalidCredentials() { return Error::Unauthenticated(Authentication::kInvalidCredentials); }
Error InvalidRefreshToken() { return Error::Unauthenticated(Authentication::kInvalidRefreshToken); }

// 256 random bits, base64url: no dots, so it can never parse as an access token.
std::string NewRefreshToken() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  return Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

Result<void> AppendAudit(storage::AuditLog& audit, storage::Transaction& tx, const char* action,
                         UserId user, const boost::json::object& facts) {
  auto appended = audit.Append(tx, {action, "user", user.valid() ? user.ToString() : std::string(),
                                    "", boost::json::serialize(facts)});
  if (!appended) return Fail(appended.error());
  return {};
}

}  // namespace

Authentication::Authentication(storage::Database& database, storage::UserStore& users,
                               storage::SessionStore& sessions, storage::AuditLog& audit,
                               const PasswordHasher& hasher, const AccessTokenCodec& codec,
                               SignInPolicy policy, Clock clock)
    : database_(database),
      users_(users),
      sessions_(sessions),
      audit_(audit),
      hasher_(hasher),
      codec_(codec),
      policy_(policy),
      clock_(std::move(clock)) {}

void Authentication::RecordFailure(const std::string& email, const User* user, const char* reason,
                                   const std::string& request_id) {
  boost::json::object facts;
  facts["email"] = email.substr(0, kMaxEmailLength);
  facts["reason"] = reason;
  const Actor actor = Actor::System("anonymous", request_id);
  const Instant now = clock_();
  // A failed audit append must not turn a 401 into a 500; the login fails either way.
  (void)database_.Write(actor, [&](storage::Transaction& tx) -> Result<void> {
    const UserId id = user != nullptr ? user->id : UserId();
    if (auto ok = AppendAudit(audit_, tx, "auth.login_failed", id, facts); !ok) return ok;
    const std::string_view why(reason);
    if (user == nullptr || (why != "wrong_password" && why != "wrong_second_factor")) return {};
    auto state = sessions_.RecordLoginFailure(tx, user->id, now, policy_.lockout_threshold,
                                              policy_.lockout_duration);
    if (!state) return Fail(state.error());
    if (state->locked_until && *state->locked_until > now && state->failed_attempts == 0) {
      boost::json::object lock;
      lock["email"] = facts["email"];
      lock["locked_until"] = FormatInstant(*state->locked_until);
      lock["failed_attempts"] = policy_.lockout_threshold;
      return AppendAudit(audit_, tx, "auth.lockout", user->id, lock);
    }
    return {};
  });
}

Result<LoginResult> Authentication::IssueTokens(storage::Transaction& tx, const User& user,
                                                const std::string& session_id, bool open_session,
                                                Instant now) {
  LoginResult result;
  result.refresh_token = NewRefreshToken();
  result.refresh_expires_in = policy_.refresh_token_ttl;
  storage::RefreshTokenRecord record;
  record.token_digest = storage::Sha256Hex(result.refresh_token);
  record.session_id = session_id;
  record.user_id = user.id;
  record.issued_at = now;
  record.expires_at = now + policy_.refresh_token_ttl;
  if (open_session) {
    auto opened = sessions_.OpenSession(tx, session_id, user.id, now, record.expires_at);
    if (!opened) return Fail(opened.error());
  }
  if (auto stored = sessions_.InsertRefreshToken(tx, record); !stored) {
    return Fail(stored.error());
  }
  AccessTokenClaims claims;
  claims.subject = user.id;
  claims.email = user.email;
  claims.roles = user.roles;
  claims.issued_at = now;
  claims.expires_at = now + policy_.access_token_ttl;
  claims.token_id = AccessTokenCodec::NewTokenId();
  claims.session_id = session_id;
  result.access_token = codec_.Sign(claims);
  result.expires_in = policy_.access_token_ttl;
  result.user = user;
  return result;
}

Result<LoginResult> Authentication::Login(std::string_view email, std::string_view password,
                                          const std::string& request_id,
                                          std::string_view second_factor) {
  const std::string normalised = NormalizeEmail(email);
  std::optional<User> user;
  storage::LoginLockState lock;
  if (!EmailProblem(normalised) && password.size() <= kMaxPasswordLength) {
    auto found = database_.Read([&](storage::Transaction& tx) -> Result<std::optional<User>> {
      auto by_email = users_.FindByEmail(tx, normalised);
      if (!by_email) return Fail(by_email.error());
      if (*by_email) {
        auto state = sessions_.GetLockState(tx, (*by_email)->id);
        if (!state) return Fail(state.error());
        lock = *state;
      }
      return by_email;
    });
    if (!found) return Fail(found.error());
    user = std::move(*found);
  }
  if (!user) {
    hasher_.VerifyAgainstDecoy(password);
    RecordFailure(normalised, nullptr, "unknown_email", request_id);
    return Fail(InvalidCredentials());
  }
  // The verification runs even for a locked account, so timing does not reveal the lock.
  const bool password_matches = hasher_.Verify(user->password_hash, password);
  const Instant started = clock_();
  if (lock.locked_until && *lock.locked_until > started) {
    RecordFailure(normalised, &*user, "locked", request_id);
    return Fail(InvalidCredentials());
  }
  if (!password_matches) {
    RecordFailure(normalised, &*user, "wrong_password", request_id);
    return Fail(InvalidCredentials());
  }
  if (!user->active) {
    RecordFailure(normalised, &*user, "inactive_user", request_id);
    return Fail(InvalidCredentials());
  }

  auto factor = database_.Read(
      [&](storage::Transaction& tx) { return sessions_.GetSecondFactor(tx, user->id); });
  if (!factor) return Fail(factor.error());
  if (*factor && (*factor)->confirmed) {
    if (second_factor.empty()) return Fail(Error::Unauthenticated(kSecondFactorRequired));
    const Instant at = clock_();
    auto accepted =
        database_.Write(Actor{user->id, user->email, request_id}, [&](storage::Transaction& tx) {
          return SecondFactor::Accept(sessions_, tx, user->id, **factor, second_factor, at);
        });
    if (!accepted) return Fail(accepted.error());
    if (!*accepted) {
      RecordFailure(normalised, &*user, "wrong_second_factor", request_id);
      return Fail(InvalidCredentials());
    }
  }

  // Upgrade a hash made with a weaker cost while the plaintext is at hand (best effort).
  std::optional<std::string> rehashed;
  if (hasher_.NeedsRehash(user->password_hash)) {
    if (auto hash = hasher_.Hash(password)) rehashed = std::move(*hash);
  }

  const Instant now = clock_();
  const std::string session_id = AccessTokenCodec::NewTokenId();
  const Actor actor{user->id, user->email, request_id};
  return database_.Write(actor, [&](storage::Transaction& tx) -> Result<LoginResult> {
    User current = *user;
    if (rehashed) {
      auto updated = users_.SetPasswordHash(tx, user->id, *rehashed, user->version);
      if (updated) current = std::move(*updated);  // a concurrent change wins; keep the old hash
    }
    if (lock.failed_attempts > 0 || lock.locked_until) {
      if (auto cleared = sessions_.ClearLoginFailures(tx, user->id); !cleared) {
        return Fail(cleared.error());
      }
    }
    auto issued = IssueTokens(tx, current, session_id, true, now);
    if (!issued) return Fail(issued.error());
    boost::json::object facts;
    facts["session_id"] = session_id;
    facts["expires_at"] = FormatInstant(now + policy_.access_token_ttl);
    if (auto ok = AppendAudit(audit_, tx, "auth.login", user->id, facts); !ok) {
      return Fail(ok.error());
    }
    return issued;
  });
}

Result<LoginResult> Authentication::Refresh(std::string_view refresh_token,
                                            const std::string& request_id) {
  if (refresh_token.empty() || refresh_token.size() > kMaxRefreshTokenLength) {
    return Fail(InvalidRefreshToken());
  }
  const std::string digest = storage::Sha256Hex(refresh_token);
  const Instant now = clock_();
  struct Outcome {
    std::optional<LoginResult> issued;
  };
  const Actor actor = Actor::System("anonymous", request_id);
  auto outcome = database_.Write(actor, [&](storage::Transaction& tx) -> Result<Outcome> {
    auto found = sessions_.FindRefreshToken(tx, digest);
    if (!found) return Fail(found.error());
    if (!*found) return Outcome{};
    const storage::RefreshTokenRecord& record = **found;
    if (record.session_revoked || record.expires_at <= now) return Outcome{};
    auto marked = sessions_.MarkRefreshTokenUsed(tx, digest, now);
    if (!marked) return Fail(marked.error());
    if (!*marked) {
      // A spent token came back: someone holds a copy. End the whole session.
      auto revoked = sessions_.RevokeSession(tx, record.session_id, now);
      if (!revoked) return Fail(revoked.error());
      boost::json::object facts{{"session_id", record.session_id}, {"reason", "refresh_reuse"}};
      if (auto ok = AppendAudit(audit_, tx, "auth.refresh_reuse", record.user_id, facts); !ok) {
        return Fail(ok.error());
      }
      return Outcome{};
    }
    auto user = users_.Get(tx, record.user_id);
    if (!user) {
      if (user.error().code == ErrorCode::kNotFound) return Outcome{};
      return Fail(user.error());
    }
    if (!user->active) return Outcome{};
    auto issued = IssueTokens(tx, *user, record.session_id, false, now);
    if (!issued) return Fail(issued.error());
    return Outcome{std::move(*issued)};
  });
  if (!outcome) return Fail(outcome.error());
  if (!outcome->issued) return Fail(InvalidRefreshToken());
  return std::move(*outcome->issued);
}

Result<void> Authentication::Logout(std::string_view bearer_token, const std::string& request_id) {
  const Instant now = clock_();
  auto claims = codec_.Verify(bearer_token, now);
  if (!claims) return Fail(claims.error());
  const Actor actor{claims->subject, claims->email, request_id};
  return database_.Write(actor, [&](storage::Transaction& tx) -> Result<void> {
    auto revoked =
        sessions_.RevokeAccessToken(tx, claims->token_id, claims->subject,
                                    claims->expires_at + AccessTokenCodec::kClockSkew, now);
    if (!revoked) return Fail(revoked.error());
    if (!claims->session_id.empty()) {
      auto ended = sessions_.RevokeSession(tx, claims->session_id, now);
      if (!ended) return Fail(ended.error());
    }
    boost::json::object facts{
        {"token_id", claims->token_id}, {"session_id", claims->session_id}, {"reason", "logout"}};
    return AppendAudit(audit_, tx, "auth.token_revoked", claims->subject, facts);
  });
}

void Authentication::RecordPermissionDenied(const Principal& principal, std::string_view permission,
                                            std::string_view method, std::string_view path,
                                            std::string_view request_id) {
  boost::json::object facts{{"permission", permission},
                            {"method", method},
                            {"path", path.substr(0, 512)},
                            {"roles", boost::json::value_from(principal.roles)}};
  const Actor actor{principal.user_id, principal.email, std::string(request_id)};
  (void)database_.Write(actor, [&](storage::Transaction& tx) {
    return AppendAudit(audit_, tx, "auth.permission_denied", principal.user_id, facts);
  });
}

Result<Principal> Authentication::Authenticate(std::string_view bearer_token) {
  const Instant now = clock_();
  if (!bearer_token.empty() && bearer_token.size() <= AccessTokenCodec::kMaxTokenLength) {
    auto epoch =
        database_.Read([&](storage::Transaction& tx) { return sessions_.SecurityEpoch(tx); });
    if (!epoch) return Fail(epoch.error());
    if (auto known = principal_cache_.Find(bearer_token, *epoch, now)) return std::move(*known);
  }
  return AuthenticateAfresh(bearer_token, now);
}

Result<Principal> Authentication::AuthenticateAfresh(std::string_view bearer_token, Instant now) {
  auto claims = codec_.Verify(bearer_token, now);
  if (!claims) return Fail(claims.error());
  struct Loaded {
    User user;
    std::vector<std::string> grants;
    std::int64_t epoch = 0;
  };
  auto loaded = database_.Read([&](storage::Transaction& tx) -> Result<Loaded> {
    // Read first, in the same snapshot as everything below: the cached answer is exactly the
    // state of this epoch.
    auto epoch = sessions_.SecurityEpoch(tx);
    if (!epoch) return Fail(epoch.error());
    auto revoked = sessions_.IsAccessRevoked(tx, claims->token_id, claims->session_id);
    if (!revoked) return Fail(revoked.error());
    if (*revoked) return Fail(Error::Unauthenticated("invalid token: the token was revoked"));
    auto user = users_.Get(tx, claims->subject);
    if (!user) {
      if (user.error().code == ErrorCode::kNotFound) {
        return Fail(Error::Unauthenticated("invalid token: the user no longer exists"));
      }
      return Fail(user.error());
    }
    auto grants = users_.GrantsOfRoles(tx, user->roles);
    if (!grants) return Fail(grants.error());
    return Loaded{std::move(*user), std::move(*grants), *epoch};
  });
  if (!loaded) return Fail(loaded.error());
  if (!loaded->user.active) {
    return Fail(Error::Unauthenticated("invalid token: the user is deactivated"));
  }
  Principal principal;
  principal.user_id = loaded->user.id;
  principal.email = loaded->user.email;
  principal.roles = loaded->user.roles;
  principal.permissions.insert(loaded->grants.begin(), loaded->grants.end());
  principal.token_id = claims->token_id;
  principal.session_id = claims->session_id;
  const std::chrono::seconds skew = codec_.clock_skew();
  principal_cache_.Store(bearer_token, principal,
                         {claims->issued_at - skew, claims->expires_at + skew}, loaded->epoch, now);
  return principal;
}

}  // namespace takt::identity
