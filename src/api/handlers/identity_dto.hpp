// JSON shapes of identity resources, shared by the auth and the user/role administration routes.
// A user is {id, email, display_name, roles, role (the first role), active, created_at, version};
// it never carries the password hash. A role is {name, description, permissions}. Pure functions;
// thread-safe.
#pragma once

#include <boost/json/value.hpp>

#include "core/permissions.hpp"
#include "core/user.hpp"

namespace takt::api {

boost::json::value UserDto(const User& user);
boost::json::value RoleDto(const RoleDefinition& role);

// JSON Schemas for the OpenAPI document.
boost::json::value UserSchema();
boost::json::value RoleSchema();
// {items: [item], total, next_cursor}
boost::json::value ListSchemaOf(boost::json::value item);

}  // namespace takt::api
