// UserStore: the storage port for users, their role memberships and the roles table (roles are
// data: a role is a name, a description and a set of permission grants, see core/permissions.hpp).
// Every call takes the caller's Transaction (see transaction.hpp); reads work in any transaction,
// writes need a write transaction. The store never sees a plaintext password, only the Argon2id
// hash, and never writes audit entries itself (the identity use cases do, in the same
// transaction).
//
// Error contract: a duplicate email is kConflict with a FieldError on "email"; a role that does
// not exist is kInvalidArgument with a FieldError on "roles[i]"; a missing user is kNotFound;
// Update, SetActive and SetPasswordHash with a stale version are kConflict with detail
// {"current_version", "<n>"}.
//
// Thread-safety: implementations are stateless apart from the Transaction they are handed; one
// instance serves all threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/permissions.hpp"
#include "core/user.hpp"
#include "storage/transaction.hpp"

namespace takt::storage {

// A page of users: filters are ANDed; `q` matches a substring of the email or display name
// (case-insensitive). Sorted by `sort` ("email" or "created_at", ties by id).
struct UserQuery {
  std::optional<std::string> role;
  std::optional<bool> active;
  std::optional<std::string> q;
  std::string sort = "email";
  bool descending = false;
  int limit = 50;
  std::int64_t offset = 0;
};

struct UserPage {
  std::vector<User> items;
  std::int64_t total = 0;  // users matching the filters, ignoring limit/offset
};

class UserStore {
 public:
  virtual ~UserStore() = default;

  // Inserts `user` with its roles; id, created_at and version (1) are assigned here. Returns the
  // user as stored.
  virtual Result<User> Insert(Transaction& tx, const User& user) = 0;

  // The user, or kNotFound.
  virtual Result<User> Get(Transaction& tx, UserId id) = 0;

  // The user with this normalised email, if any.
  virtual Result<std::optional<User>> FindByEmail(Transaction& tx, std::string_view email) = 0;

  // Every user, ordered by email.
  virtual Result<std::vector<User>> List(Transaction& tx) = 0;

  // One page of users with their roles, in one query (plus one count). kInvalidArgument on "sort"
  // for an unknown sort key.
  virtual Result<UserPage> Search(Transaction& tx, const UserQuery& query) = 0;

  // Activates or deactivates a user whose stored version is `expected_version`; returns the user
  // as stored (version incremented).
  virtual Result<User> SetActive(Transaction& tx, UserId id, bool active,
                                 std::int64_t expected_version) = 0;

  // Writes display_name, active and the role memberships (replacing them) of `user` when the
  // stored version is `expected_version`; returns the user as stored (version incremented). An
  // unknown role is kInvalidArgument on "roles[i]".
  virtual Result<User> Update(Transaction& tx, const User& user, std::int64_t expected_version) = 0;

  // Replaces the password hash (version incremented); returns the user as stored.
  virtual Result<User> SetPasswordHash(Transaction& tx, UserId id, const std::string& hash,
                                       std::int64_t expected_version) = 0;

  // Deletes the user and their role memberships; kNotFound when absent.
  virtual Result<void> Delete(Transaction& tx, UserId id) = 0;

  // Every role with its grants, ordered by name (the shipped roles are seeded by the identity
  // migration).
  virtual Result<std::vector<RoleDefinition>> ListRoles(Transaction& tx) = 0;

  // Adds a role with its grants; kConflict on "name" when a role of that name exists.
  virtual Result<RoleDefinition> InsertRole(Transaction& tx, const RoleDefinition& role) = 0;

  // Replaces the description and grants of an existing role (kNotFound otherwise).
  virtual Result<RoleDefinition> UpdateRole(Transaction& tx, const RoleDefinition& role) = 0;

  // Deletes a role; kConflict while a user holds it, kNotFound when absent.
  virtual Result<void> DeleteRole(Transaction& tx, const std::string& name) = 0;

  // The union of the grants of `roles` (unknown role names contribute nothing), sorted.
  virtual Result<std::vector<std::string>> GrantsOfRoles(Transaction& tx,
                                                         const std::vector<std::string>& roles) = 0;
};

}  // namespace takt::storage
