// UserAccounts: the administration use cases for users and roles: create a user (validating
// every field at once and hashing the password with Argon2id), list users, activate or deactivate
// one, delete one, and list the roles with their grants. Each change runs in one transaction
// together with its audit entry ("user.create", "user.activate", "user.deactivate",
// "user.delete"), whose JSON never contains the password or its hash. There is no default
// password anywhere: a user is created only with a password the caller supplies. Password changes
// and resets revoke the user's sign-in sessions (storage/session_store.hpp) in the same
// transaction.
//
// Thread-safety: stateless apart from the injected ports; all members may be called concurrently.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.hpp"
#include "core/error.hpp"
#include "core/permissions.hpp"
#include "core/user.hpp"
#include "service/identity/password_hasher.hpp"
#include "storage/audit_log.hpp"
#include "storage/database.hpp"
#include "storage/session_store.hpp"
#include "storage/user_store.hpp"

namespace takt::identity {

// The fields an administrator may change on a user; absent ones stay as they are.
struct UserChanges {
  std::optional<std::string> display_name;
  std::optional<std::vector<std::string>> roles;
  std::optional<bool> active;
};

class UserAccounts {
 public:
  UserAccounts(storage::Database& database, storage::UserStore& users,
               storage::SessionStore& sessions, storage::AuditLog& audit,
               const PasswordHasher& hasher);

  // Validates `input` and `password` together (fields "email", "display_name", "roles[i]",
  // "password"); a duplicate email is kConflict on "email", an unknown role kInvalidArgument on
  // "roles[i]".
  Result<User> Create(const Actor& actor, NewUser input, std::string_view password);

  Result<std::vector<User>> List();
  Result<storage::UserPage> Search(const storage::UserQuery& query);
  Result<User> Get(UserId id);

  // Applies `changes` to user `id`; `expected_version` (If-Match) makes a stale edit kConflict.
  // Every bad field is reported at once ("display_name", "roles", "roles[i]", "active"); nobody
  // can deactivate their own account (an administrator cannot lock everyone out by mistake).
  Result<User> Update(const Actor& actor, UserId id, const UserChanges& changes,
                      std::optional<std::int64_t> expected_version);

  // Deletes user `id`; deleting one's own account is kConflict.
  Result<void> DeleteById(const Actor& actor, UserId id);

  // By email (normalised here); kNotFound naming the email when there is no such user.
  Result<User> SetActive(const Actor& actor, std::string_view email, bool active);
  Result<void> Delete(const Actor& actor, std::string_view email);

  Result<std::vector<RoleDefinition>> ListRoles();

  // Re-authentication (e.g. for an electronic signature): kUnauthenticated "the password is
  // incorrect" unless `password` is the current password of active user `id`.
  Result<void> ConfirmPassword(UserId id, std::string_view password);

  // A user changes their own password: `current` must be the current password (else
  // kInvalidArgument on "current_password") and `replacement` must meet the password rules and
  // differ from it ("new_password"); both are reported at once. Every other sign-in session of
  // the user is revoked (`keep_session`, the caller's own, stays).
  Result<void> ChangeOwnPassword(const Actor& actor, std::string_view current,
                                 std::string_view replacement,
                                 const std::optional<std::string>& keep_session = std::nullopt);

  // An operator on the host sets a user's password (recovery of a forgotten password); by email.
  // Revokes all of the user's sessions and clears a lockout.
  Result<void> SetPassword(const Actor& actor, std::string_view email, std::string_view password);

  // Clears failed sign-ins and a lockout ("user.unlock" audit entry); by id or by email.
  Result<User> Unlock(const Actor& actor, UserId id);
  Result<User> UnlockByEmail(const Actor& actor, std::string_view email);

 private:
  Result<void> RevokeSessions(storage::Transaction& tx, UserId id,
                              const std::optional<std::string>& keep, const char* reason);

  storage::Database& database_;
  storage::UserStore& users_;
  storage::SessionStore& sessions_;
  storage::AuditLog& audit_;
  const PasswordHasher& hasher_;
};

}  // namespace takt::identity
