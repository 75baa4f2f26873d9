// RoleCatalog: roles are data. An administrator lists roles, adds a role with its grants, changes
// a role's description and grants, or removes a role nobody holds. Grants must be permissions
// Takt defines (core/permissions.hpp), `resource:*` of a defined resource, or `*`. The `admin`
// role cannot be changed or removed (nobody could repair the matrix without it), and the shipped
// roles cannot be removed (their grants may be edited). Each change runs in one transaction with
// its audit entry ("role.create", "role.update", "role.delete"). Changes apply to signed-in users
// at their next request (permissions are read per request).
//
// Thread-safety: stateless apart from the injected ports; all members may be called concurrently.
#pragma once

#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/error.hpp"
#include "core/permissions.hpp"
#include "storage/audit_log.hpp"
#include "storage/database.hpp"
#include "storage/user_store.hpp"

namespace takt::identity {

class RoleCatalog {
 public:
  RoleCatalog(storage::Database& database, storage::UserStore& users, storage::AuditLog& audit);

  Result<std::vector<RoleDefinition>> List();

  // kInvalidArgument naming "name", "description" or "permissions[i]"; kConflict when the name is
  // taken.
  Result<RoleDefinition> Create(const Actor& actor, RoleDefinition role);

  // Replaces description and grants of `role.name`; kNotFound for an unknown role.
  Result<RoleDefinition> Update(const Actor& actor, RoleDefinition role);

  // kConflict for `admin`, a shipped role, or a role still held by a user.
  Result<void> Delete(const Actor& actor, const std::string& name);

 private:
  storage::Database& database_;
  storage::UserStore& users_;
  storage::AuditLog& audit_;
};

// Every defect of `role` (fields "name", "description", "permissions", "permissions[i]").
std::vector<FieldError> RoleDefinitionProblems(const RoleDefinition& role);

}  // namespace takt::identity
