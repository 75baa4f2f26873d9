// SqliteUserStore: the UserStore port over the identity tables (migrations 200-201): users,
// user_roles, roles and role_permissions. Listing loads every membership in one extra query (no
// query per user). Timestamps are stored as "YYYY-MM-DDTHH:MM:SSZ".
//
// Thread-safety: stateless; safe to share; each call follows its Transaction's rules.
#pragma once

#include "storage/user_store.hpp"

namespace takt::storage::sqlite {

class SqliteUserStore final : public UserStore {
 public:
  Result<User> Insert(Transaction& tx, const User& user) override;
  Result<User> Get(Transaction& tx, UserId id) override;
  Result<std::optional<User>> FindByEmail(Transaction& tx, std::string_view email) override;
  Result<std::vector<User>> List(Transaction& tx) override;
  Result<UserPage> Search(Transaction& tx, const UserQuery& query) override;
  Result<User> Update(Transaction& tx, const User& user, std::int64_t expected_version) override;
  Result<User> SetActive(Transaction& tx, UserId id, bool active,
                         std::int64_t expected_version) override;
  Result<User> SetPasswordHash(Transaction& tx, UserId id, const std::string& hash,
                               std::int64_t expected_version) override;
  Result<void> Delete(Transaction& tx, UserId id) override;
  Result<std::vector<RoleDefinition>> ListRoles(Transaction& tx) override;
  Result<RoleDefinition> InsertRole(Transaction& tx, const RoleDefinition& role) override;
  Result<RoleDefinition> UpdateRole(Transaction& tx, const RoleDefinition& role) override;
  Result<void> DeleteRole(Transaction& tx, const std::string& name) override;
  Result<std::vector<std::string>> GrantsOfRoles(Transaction& tx,
                                                 const std::vector<std::string>& roles) override;
};

}  // namespace takt::storage::sqlite
