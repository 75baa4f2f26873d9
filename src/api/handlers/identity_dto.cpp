#include "api/handlers/identity_dto.hpp"

#include <boost/json.hpp>

#include "core/instant.hpp"

namespace takt::api {

namespace json = boost::json;

namespace {
json::array Strings(const std::vector<std::string>& items) {
  json::array out;
  for (const auto& item : items) out.emplace_back(item);
  return out;
}
}  // namespace

json::value UserDto(const User& user) {
  return json::object{{"id", user.id.ToString()},
                      {"email", user.email},
                      {"display_name", user.display_name},
                      {"roles", Strings(user.roles)},
                      {"role", user.roles.empty() ? std::string() : user.roles.front()},
                      {"active", user.active},
                      {"created_at", FormatInstant(user.created_at)},
                      {"version", user.version}};
}

json::value RoleDto(const RoleDefinition& role) {
  return json::object{{"name", role.name},
                      {"description", role.description},
                      {"permissions", Strings(role.permissions)}};
}

json::value UserSchema() {
  json::object string_type{{"type", "string"}};
  json::object properties{{"id", string_type},
                          {"email", json::object{{"type", "string"}, {"format", "email"}}},
                          {"display_name", string_type},
                          {"roles", json::object{{"type", "array"}, {"items", string_type}}},
                          {"role", string_type},
                          {"active", json::object{{"type", "boolean"}}},
                          {"created_at", json::object{{"type", "string"}, {"format", "date-time"}}},
                          {"version", json::object{{"type", "integer"}}}};
  return json::object{
      {"type", "object"},
      {"properties", std::move(properties)},
      {"required", json::array{"id", "email", "roles", "role", "active", "version"}}};
}

json::value RoleSchema() {
  json::object string_type{{"type", "string"}};
  return json::object{
      {"type", "object"},
      {"properties",
       json::object{{"name", string_type},
                    {"description", string_type},
                    {"permissions", json::object{{"type", "array"}, {"items", string_type}}}}},
      {"required", json::array{"name", "permissions"}}};
}

json::value ListSchemaOf(json::value item) {
  return json::object{
      {"type", "object"},
      {"properties",
       json::object{{"items", json::object{{"type", "array"}, {"items", std::move(item)}}},
                    {"total", json::object{{"type", "integer"}}},
                    {"next_cursor", json::object{{"type", json::array{"string", "null"}}}}}},
      {"required", json::array{"items", "total"}}};
}

}  // namespace takt::api
