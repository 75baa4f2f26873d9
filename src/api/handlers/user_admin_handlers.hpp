// Users and roles administration routes (api.md "Identity": /users admin CRUD and role
// assignment, /roles list and admin edits), registered by app/ wiring:
//   GET    /api/v1/users          users:read    {items: [user], total, next_cursor}; query
//                                               ?role ?active ?q ?sort ?limit ?offset|cursor
//   POST   /api/v1/users          users:manage  {email, display_name?, roles, password} -> 201
//   GET    /api/v1/users/{id}     users:read    user (ETag "<version>")
//   PATCH  /api/v1/users/{id}     users:manage  {display_name?, roles?, active?, version?}
//                                               (If-Match or body version; stale -> 409)
//   DELETE /api/v1/users/{id}     users:manage  204 (not your own account: 409)
//   GET    /api/v1/roles          roles:read    {items: [role], total, next_cursor}
//   POST   /api/v1/roles          roles:manage  {name, description?, permissions} -> 201
//   PATCH  /api/v1/roles/{name}   roles:manage  {description?, permissions?} (admin: 409)
//   DELETE /api/v1/roles/{name}   roles:manage  204 (shipped or still held: 409)
// JSON shapes: identity_dto.hpp. The services must outlive the router.
#pragma once

#include "api/router.hpp"
#include "service/identity/role_catalog.hpp"
#include "service/identity/user_accounts.hpp"

namespace takt::api {

void RegisterUserAdminRoutes(Router& router, identity::UserAccounts& accounts,
                             identity::RoleCatalog& roles);

}  // namespace takt::api
