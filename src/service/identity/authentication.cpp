#include "service/identity/authentication.hpp"

#include <boost/json.hpp>

#include "service/identity/user_json.hpp"

namespace takt::identity {

namespace {

Error InvalidCredentials() { return Error::Unauthenticated(Authentication::kInvalidCredentials); }

}  // namespace

Authentication::Authentication(storage::Database& database, storage::UserStore& users,
                               storage::AuditLog& audit, const PasswordHasher& hasher,
                               const AccessTokenCodec& codec, std::chrono::seconds access_token_ttl,
                               Clock clock)
    : database_(database),
      users_(users),
      audit_(audit),
      hasher_(hasher),
      codec_(codec),
      access_token_ttl_(access_token_ttl),
      clock_(std::move(clock)) {}

void Authentication::RecordFailure(const std::string& email, const User* user, const char* reason,
                                   const std::string& request_id) {
  boost::json::object facts;
  facts["email"] = email.substr(0, kMaxEmailLength);
  facts["reason"] = reason;
  const Actor actor = Actor::System("anonymous", request_id);
  // A failed audit append must not turn a 401 into a 500; the login fails either way.
  (void)database_.Write(actor, [&](storage::Transaction& tx) -> Result<void> {
    auto appended = audit_.Append(
        tx, {"auth.login_failed", "user", user != nullptr ? user->id.ToString() : std::string(), "",
             boost::json::serialize(facts)});
    if (!appended) return Fail(appended.error());
    return {};
  });
}

Result<LoginResult> Authentication::Login(std::string_view email, std::string_view password,
                                          const std::string& request_id) {
  const std::string normalised = NormalizeEmail(email);
  std::optional<User> user;
  if (!EmailProblem(normalised) && password.size() <= kMaxPasswordLength) {
    auto found = database_.Read(
        [&](storage::Transaction& tx) { return users_.FindByEmail(tx, normalised); });
    if (!found) return Fail(found.error());
    user = std::move(*found);
  }
  if (!user) {
    hasher_.VerifyAgainstDecoy(password);
    RecordFailure(normalised, nullptr, "unknown_email", request_id);
    return Fail(InvalidCredentials());
  }
  if (!hasher_.Verify(user->password_hash, password)) {
    RecordFailure(normalised, &*user, "wrong_password", request_id);
    return Fail(InvalidCredentials());
  }
  if (!user->active) {
    RecordFailure(normalised, &*user, "inactive_user", request_id);
    return Fail(InvalidCredentials());
  }

  // Upgrade a hash made with a weaker cost while the plaintext is at hand (best effort).
  std::optional<std::string> rehashed;
  if (hasher_.NeedsRehash(user->password_hash)) {
    if (auto hash = hasher_.Hash(password)) rehashed = std::move(*hash);
  }

  const Instant now = clock_();
  AccessTokenClaims claims;
  claims.subject = user->id;
  claims.email = user->email;
  claims.roles = user->roles;
  claims.issued_at = now;
  claims.expires_at = now + access_token_ttl_;
  claims.token_id = AccessTokenCodec::NewTokenId();

  const Actor actor{user->id, user->email, request_id};
  auto stored = database_.Write(actor, [&](storage::Transaction& tx) -> Result<User> {
    User current = *user;
    if (rehashed) {
      auto updated = users_.SetPasswordHash(tx, user->id, *rehashed, user->version);
      if (updated) current = std::move(*updated);  // a concurrent change wins; keep the old hash
    }
    boost::json::object facts;
    facts["token_id"] = claims.token_id;
    facts["expires_at"] = FormatInstant(claims.expires_at);
    auto appended = audit_.Append(
        tx, {"auth.login", "user", user->id.ToString(), "", boost::json::serialize(facts)});
    if (!appended) return Fail(appended.error());
    return current;
  });
  if (!stored) return Fail(stored.error());

  LoginResult result;
  result.access_token = codec_.Sign(claims);
  result.expires_in = access_token_ttl_;
  result.user = std::move(*stored);
  return result;
}

Result<Principal> Authentication::Authenticate(std::string_view bearer_token) {
  auto claims = codec_.Verify(bearer_token, clock_());
  if (!claims) return Fail(claims.error());
  struct Loaded {
    User user;
    std::vector<std::string> grants;
  };
  auto loaded = database_.Read([&](storage::Transaction& tx) -> Result<Loaded> {
    auto user = users_.Get(tx, claims->subject);
    if (!user) {
      if (user.error().code == ErrorCode::kNotFound) {
        return Fail(Error::Unauthenticated("invalid token: the user no longer exists"));
      }
      return Fail(user.error());
    }
    auto grants = users_.GrantsOfRoles(tx, user->roles);
    if (!grants) return Fail(grants.error());
    return Loaded{std::move(*user), std::move(*grants)};
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
  return principal;
}

}  // namespace takt::identity
