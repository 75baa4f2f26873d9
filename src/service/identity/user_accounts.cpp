#include "service/identity/user_accounts.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "service/identity/user_json.hpp"

namespace takt::identity {

namespace {

Result<User> FindExisting(storage::UserStore& users, storage::Transaction& tx,
                          const std::string& email) {
  auto found = users.FindByEmail(tx, email);
  if (!found) return Fail(found.error());
  if (!*found) return Fail(Error::NotFound("no user with email '" + email + "'"));
  return std::move(**found);
}

std::string KnownRoleNames(const std::vector<RoleDefinition>& roles) {
  std::string names;
  for (const auto& r : roles) names += (names.empty() ? "" : ", ") + r.name;
  return names;
}

}  // namespace

UserAccounts::UserAccounts(storage::Database& database, storage::UserStore& users,
                           storage::SessionStore& sessions, storage::AuditLog& audit,
                           const PasswordHasher& hasher)
    : database_(database), users_(users), sessions_(sessions), audit_(audit), hasher_(hasher) {}

Result<User> UserAccounts::Create(const Actor& actor, NewUser input, std::string_view password) {
  std::vector<FieldError> errors;
  const std::vector<std::string> requested_roles = input.roles;
  auto valid = ValidateNewUser(std::move(input));
  if (!valid) errors = valid.error().field_errors;
  const std::string email = valid ? valid->email : std::string();
  {
    // Unknown roles are reported with the other defects, not one round later.
    auto roles = ListRoles();
    if (!roles) return Fail(roles.error());
    for (std::size_t i = 0; i < requested_roles.size(); ++i) {
      const std::string& name = requested_roles[i];
      const bool known = std::any_of(roles->begin(), roles->end(),
                                     [&](const RoleDefinition& r) { return r.name == name; });
      if (!known && IsWellFormedRoleName(name)) {
        errors.push_back({"roles[" + std::to_string(i) + "]",
                          "unknown role '" + name + "'; known roles: " + KnownRoleNames(*roles)});
      }
    }
  }
  if (auto problem = PasswordProblem(password, email)) errors.push_back({"password", *problem});
  if (!errors.empty()) return Fail(Error::InvalidArgument("invalid user", std::move(errors)));

  auto hash = hasher_.Hash(password);  // slow: outside the transaction
  if (!hash) return Fail(hash.error());
  User user;
  user.email = valid->email;
  user.display_name = *valid->display_name;
  user.roles = valid->roles;
  user.password_hash = std::move(*hash);
  user.active = true;
  return database_.Write(actor, [&](storage::Transaction& tx) -> Result<User> {
    auto created = users_.Insert(tx, user);
    if (!created) return Fail(created.error());
    auto appended = audit_.Append(
        tx, {"user.create", "user", created->id.ToString(), "", UserAuditJson(*created)});
    if (!appended) return Fail(appended.error());
    return created;
  });
}

Result<User> UserAccounts::Update(const Actor& actor, UserId id, const UserChanges& changes,
                                  std::optional<std::int64_t> expected_version) {
  std::vector<FieldError> errors;
  std::optional<std::string> display_name;
  if (changes.display_name) {
    if (auto problem = DisplayNameProblem(*changes.display_name)) {
      errors.push_back({"display_name", *problem});
    } else {
      display_name = TrimDisplayName(*changes.display_name);
    }
  }
  if (changes.roles) {
    auto problems = RoleListProblems(*changes.roles);
    if (!problems.empty()) {
      for (auto& f : problems) errors.push_back(std::move(f));
    } else {
      auto roles = ListRoles();
      if (!roles) return Fail(roles.error());
      for (std::size_t i = 0; i < changes.roles->size(); ++i) {
        const std::string& name = (*changes.roles)[i];
        if (std::none_of(roles->begin(), roles->end(),
                         [&](const RoleDefinition& r) { return r.name == name; })) {
          errors.push_back({"roles[" + std::to_string(i) + "]",
                            "unknown role '" + name + "'; known roles: " + KnownRoleNames(*roles)});
        }
      }
    }
  }
  if (changes.active && !*changes.active && actor.user_id == id) {
    errors.push_back({"active", "you cannot deactivate your own account"});
  }
  if (!errors.empty())
    return Fail(Error::InvalidArgument("invalid user change", std::move(errors)));

  return database_.Write(actor, [&](storage::Transaction& tx) -> Result<User> {
    auto before = users_.Get(tx, id);
    if (!before) return Fail(before.error());
    User after = *before;
    if (display_name) after.display_name = *display_name;
    if (changes.roles) after.roles = *changes.roles;
    if (changes.active) after.active = *changes.active;
    auto stored = users_.Update(tx, after, expected_version.value_or(before->version));
    if (!stored) return Fail(stored.error());
    auto appended = audit_.Append(
        tx, {"user.update", "user", id.ToString(), UserAuditJson(*before), UserAuditJson(*stored)});
    if (!appended) return Fail(appended.error());
    return stored;
  });
}

Result<void> UserAccounts::DeleteById(const Actor& actor, UserId id) {
  if (actor.user_id == id) return Fail(Error::Conflict("you cannot delete your own account"));
  return database_.Write(actor, [&](storage::Transaction& tx) -> Result<void> {
    auto before = users_.Get(tx, id);
    if (!before) return Fail(before.error());
    if (auto deleted = users_.Delete(tx, id); !deleted) return Fail(deleted.error());
    auto appended =
        audit_.Append(tx, {"user.delete", "user", id.ToString(), UserAuditJson(*before), ""});
    if (!appended) return Fail(appended.error());
    return {};
  });
}

Result<std::vector<User>> UserAccounts::List() {
  return database_.Read([&](storage::Transaction& tx) { return users_.List(tx); });
}

Result<storage::UserPage> UserAccounts::Search(const storage::UserQuery& query) {
  return database_.Read([&](storage::Transaction& tx) { return users_.Search(tx, query); });
}

Result<User> UserAccounts::Get(UserId id) {
  return database_.Read([&](storage::Transaction& tx) { return users_.Get(tx, id); });
}

Result<User> UserAccounts::SetActive(const Actor& actor, std::string_view email, bool active) {
  const std::string normalised = NormalizeEmail(email);
  return database_.Write(actor, [&](storage::Transaction& tx) -> Result<User> {
    auto before = FindExisting(users_, tx, normalised);
    if (!before) return Fail(before.error());
    if (before->active == active) return before;  // already so: nothing to change or audit
    auto after = users_.SetActive(tx, before->id, active, before->version);
    if (!after) return Fail(after.error());
    auto appended =
        audit_.Append(tx, {active ? "user.activate" : "user.deactivate", "user",
                           after->id.ToString(), UserAuditJson(*before), UserAuditJson(*after)});
    if (!appended) return Fail(appended.error());
    return after;
  });
}

Result<void> UserAccounts::Delete(const Actor& actor, std::string_view email) {
  const std::string normalised = NormalizeEmail(email);
  return database_.Write(actor, [&](storage::Transaction& tx) -> Result<void> {
    auto before = FindExisting(users_, tx, normalised);
    if (!before) return Fail(before.error());
    if (auto deleted = users_.Delete(tx, before->id); !deleted) return Fail(deleted.error());
    auto appended = audit_.Append(
        tx, {"user.delete", "user", before->id.ToString(), UserAuditJson(*before), ""});
    if (!appended) return Fail(appended.error());
    return {};
  });
}

Result<std::vector<RoleDefinition>> UserAccounts::ListRoles() {
  return database_.Read([&](storage::Transaction& tx) { return users_.ListRoles(tx); });
}

Result<void> UserAccounts::ConfirmPassword(UserId id, std::string_view password) {
  auto user = Get(id);
  if (!user) {
    if (user.error().code == ErrorCode::kNotFound) {
      hasher_.VerifyAgainstDecoy(password);
      return Fail(Error::Unauthenticated("the password is incorrect"));
    }
    return Fail(user.error());
  }
  if (!user->active || !hasher_.Verify(user->password_hash, password)) {
    return Fail(Error::Unauthenticated("the password is incorrect"));
  }
  return {};
}

Result<void> UserAccounts::ChangeOwnPassword(const Actor& actor, std::string_view current,
                                             std::string_view replacement,
                                             const std::optional<std::string>& keep_session) {
  auto user = Get(actor.user_id);
  if (!user) return Fail(user.error());
  std::vector<FieldError> errors;
  if (!hasher_.Verify(user->password_hash, current)) {
    errors.push_back({"current_password", "is not your current password"});
  }
  if (auto problem = PasswordProblem(replacement, user->email)) {
    errors.push_back({"new_password", *problem});
  } else if (replacement == current) {
    errors.push_back({"new_password", "must differ from the current password"});
  }
  if (!errors.empty()) return Fail(Error::InvalidArgument("invalid password change", errors));
  auto hash = hasher_.Hash(replacement);
  if (!hash) return Fail(hash.error());
  return database_.Write(actor, [&](storage::Transaction& tx) -> Result<void> {
    auto stored = users_.SetPasswordHash(tx, user->id, *hash, user->version);
    if (!stored) return Fail(stored.error());
    auto appended = audit_.Append(tx, {"user.password_change", "user", user->id.ToString(),
                                       UserAuditJson(*user), UserAuditJson(*stored)});
    if (!appended) return Fail(appended.error());
    return RevokeSessions(tx, user->id, keep_session, "password_change");
  });
}

Result<void> UserAccounts::SetPassword(const Actor& actor, std::string_view email,
                                       std::string_view password) {
  const std::string normalised = NormalizeEmail(email);
  if (auto problem = PasswordProblem(password, normalised)) {
    return Fail(Error::InvalidArgument("invalid password", {{"password", *problem}}));
  }
  auto hash = hasher_.Hash(password);
  if (!hash) return Fail(hash.error());
  return database_.Write(actor, [&](storage::Transaction& tx) -> Result<void> {
    auto before = FindExisting(users_, tx, normalised);
    if (!before) return Fail(before.error());
    auto stored = users_.SetPasswordHash(tx, before->id, *hash, before->version);
    if (!stored) return Fail(stored.error());
    auto appended = audit_.Append(tx, {"user.password_reset", "user", before->id.ToString(),
                                       UserAuditJson(*before), UserAuditJson(*stored)});
    if (!appended) return Fail(appended.error());
    if (auto cleared = sessions_.ClearLoginFailures(tx, before->id); !cleared) return cleared;
    return RevokeSessions(tx, before->id, std::nullopt, "password_reset");
  });
}

Result<void> UserAccounts::RevokeSessions(storage::Transaction& tx, UserId id,
                                          const std::optional<std::string>& keep,
                                          const char* reason) {
  auto revoked = sessions_.RevokeSessionsOfUser(tx, id, keep, InstantNow());
  if (!revoked) return Fail(revoked.error());
  if (*revoked == 0) return {};
  boost::json::object facts{{"sessions", *revoked}, {"reason", reason}};
  auto appended = audit_.Append(
      tx, {"auth.token_revoked", "user", id.ToString(), "", boost::json::serialize(facts)});
  if (!appended) return Fail(appended.error());
  return {};
}

Result<User> UserAccounts::Unlock(const Actor& actor, UserId id) {
  return database_.Write(actor, [&](storage::Transaction& tx) -> Result<User> {
    auto user = users_.Get(tx, id);
    if (!user) return Fail(user.error());
    auto state = sessions_.GetLockState(tx, id);
    if (!state) return Fail(state.error());
    if (auto cleared = sessions_.ClearLoginFailures(tx, id); !cleared) {
      return Fail(cleared.error());
    }
    boost::json::object facts{
        {"failed_attempts", state->failed_attempts},
        {"was_locked_until",
         state->locked_until ? FormatInstant(*state->locked_until) : std::string()}};
    auto appended = audit_.Append(
        tx, {"user.unlock", "user", id.ToString(), boost::json::serialize(facts), ""});
    if (!appended) return Fail(appended.error());
    return user;
  });
}

Result<User> UserAccounts::UnlockByEmail(const Actor& actor, std::string_view email) {
  const std::string normalised = NormalizeEmail(email);
  auto user = database_.Read(
      [&](storage::Transaction& tx) { return FindExisting(users_, tx, normalised); });
  if (!user) return Fail(user.error());
  return Unlock(actor, user->id);
}

}  // namespace takt::identity
