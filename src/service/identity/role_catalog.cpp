#include "service/identity/role_catalog.hpp"

#include <algorithm>
#include <boost/json.hpp>

namespace takt::identity {

namespace {

bool IsKnownResource(std::string_view resource) {
  return std::any_of(AllPermissions().begin(), AllPermissions().end(), [&](const std::string& p) {
    return p.size() > resource.size() && p.compare(0, resource.size(), resource) == 0 &&
           p[resource.size()] == ':';
  });
}

std::string RoleAuditJson(const RoleDefinition& role) {
  boost::json::array grants;
  for (const auto& g : role.permissions) grants.emplace_back(g);
  return boost::json::serialize(boost::json::object{
      {"name", role.name}, {"description", role.description}, {"permissions", std::move(grants)}});
}

Result<RoleDefinition> Find(storage::UserStore& users, storage::Transaction& tx,
                            const std::string& name) {
  auto roles = users.ListRoles(tx);
  if (!roles) return Fail(roles.error());
  for (auto& r : *roles) {
    if (r.name == name) return std::move(r);
  }
  return Fail(Error::NotFound("role '" + name + "' does not exist"));
}

}  // namespace

std::vector<FieldError> RoleDefinitionProblems(const RoleDefinition& role) {
  std::vector<FieldError> errors;
  if (!IsWellFormedRoleName(role.name)) {
    errors.push_back(
        {"name", "must be a role name of 2-40 characters [a-z0-9_] starting with a letter"});
  }
  if (role.description.size() > 200) {
    errors.push_back({"description", "must be at most 200 characters"});
  }
  if (std::any_of(role.description.begin(), role.description.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
    errors.push_back({"description", "must not contain control characters"});
  }
  for (std::size_t i = 0; i < role.permissions.size(); ++i) {
    const std::string& grant = role.permissions[i];
    const std::string field = "permissions[" + std::to_string(i) + "]";
    const auto earlier = role.permissions.begin() + static_cast<std::ptrdiff_t>(i);
    if (!IsWellFormedGrant(grant)) {
      errors.push_back({field, "must be '*', 'resource:*' or 'resource:action'"});
    } else if (grant != permission::kAll && grant.ends_with(":*")) {
      if (!IsKnownResource(grant.substr(0, grant.size() - 2))) {
        errors.push_back({field, "names no resource Takt defines"});
      }
    } else if (grant != permission::kAll && !IsKnownPermission(grant)) {
      errors.push_back({field, "is not a permission Takt defines (see GET /api/v1/auth/me)"});
    } else if (std::find(role.permissions.begin(), earlier, grant) != earlier) {
      errors.push_back({field, "is listed twice"});
    }
  }
  return errors;
}

RoleCatalog::RoleCatalog(storage::Database& database, storage::UserStore& users,
                         storage::AuditLog& audit)
    : database_(database), users_(users), audit_(audit) {}

Result<std::vector<RoleDefinition>> RoleCatalog::List() {
  return database_.Read([&](storage::Transaction& tx) { return users_.ListRoles(tx); });
}

Result<RoleDefinition> RoleCatalog::Create(const Actor& actor, RoleDefinition role) {
  if (auto problems = RoleDefinitionProblems(role); !problems.empty()) {
    return Fail(Error::InvalidArgument("invalid role", std::move(problems)));
  }
  return database_.Write(actor, [&](storage::Transaction& tx) -> Result<RoleDefinition> {
    auto created = users_.InsertRole(tx, role);
    if (!created) return Fail(created.error());
    auto appended =
        audit_.Append(tx, {"role.create", "role", created->name, "", RoleAuditJson(*created)});
    if (!appended) return Fail(appended.error());
    return created;
  });
}

Result<RoleDefinition> RoleCatalog::Update(const Actor& actor, RoleDefinition role) {
  if (role.name == role::kAdmin) {
    return Fail(Error::Conflict("the admin role cannot be changed"));
  }
  if (auto problems = RoleDefinitionProblems(role); !problems.empty()) {
    return Fail(Error::InvalidArgument("invalid role", std::move(problems)));
  }
  return database_.Write(actor, [&](storage::Transaction& tx) -> Result<RoleDefinition> {
    auto before = Find(users_, tx, role.name);
    if (!before) return Fail(before.error());
    auto updated = users_.UpdateRole(tx, role);
    if (!updated) return Fail(updated.error());
    auto appended = audit_.Append(
        tx, {"role.update", "role", role.name, RoleAuditJson(*before), RoleAuditJson(*updated)});
    if (!appended) return Fail(appended.error());
    return updated;
  });
}

Result<void> RoleCatalog::Delete(const Actor& actor, const std::string& name) {
  if (FindDefaultRole(name) != nullptr) {
    return Fail(Error::Conflict("'" + name + "' is a shipped role and cannot be deleted"));
  }
  return database_.Write(actor, [&](storage::Transaction& tx) -> Result<void> {
    auto before = Find(users_, tx, name);
    if (!before) return Fail(before.error());
    if (auto deleted = users_.DeleteRole(tx, name); !deleted) return Fail(deleted.error());
    auto appended = audit_.Append(tx, {"role.delete", "role", name, RoleAuditJson(*before), ""});
    if (!appended) return Fail(appended.error());
    return {};
  });
}

}  // namespace takt::identity
