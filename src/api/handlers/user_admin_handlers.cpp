#include "api/handlers/user_admin_handlers.hpp"

#include <boost/json.hpp>
#include <charconv>

#include "api/handlers/identity_dto.hpp"
#include "api/handlers/job_dto.hpp"
#include "api/json_reader.hpp"
#include "core/permissions.hpp"

namespace takt::api {

namespace json = boost::json;

namespace {

Response UserResponse(int status, const User& user) {
  Response response = JsonResponse(status, UserDto(user));
  response.headers.Set("ETag", ETagOf(user.version));
  if (status == 201) response.headers.Set("Location", "/api/v1/users/" + user.id.ToString());
  return response;
}

Response ListResponse(json::array items) {
  const auto total = static_cast<std::int64_t>(items.size());
  return JsonResponse(
      200, json::object{{"items", std::move(items)}, {"total", total}, {"next_cursor", nullptr}});
}

json::object Schema(json::object properties, json::array required) {
  json::object schema{
      {"type", "object"}, {"properties", std::move(properties)}, {"additionalProperties", false}};
  if (!required.empty()) schema["required"] = std::move(required);
  return schema;
}

std::optional<std::int64_t> ParseCount(std::string_view text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// ?limit (1-1000, default 50), ?offset or ?cursor, ?sort (email, created_at, "-" for
// descending), ?role, ?active (true/false), ?q; anything else is a FieldError.
Result<storage::UserQuery> ParseUserQuery(const Request& request) {
  storage::UserQuery query;
  std::vector<FieldError> errors;
  for (const auto& [key, value] : request.query_params) {
    if (key == "limit") {
      auto limit = ParseCount(value);
      if (!limit || *limit < 1 || *limit > 1000) {
        errors.push_back({"limit", "must be an integer 1-1000"});
      } else {
        query.limit = static_cast<int>(*limit);
      }
    } else if (key == "offset" || key == "cursor") {
      auto offset = ParseCount(value);
      if (!offset || *offset < 0) {
        errors.push_back({key, "must be a non-negative integer (a next_cursor value)"});
      } else {
        query.offset = *offset;
      }
    } else if (key == "sort") {
      std::string_view field = value;
      query.descending = field.starts_with('-');
      if (query.descending) field.remove_prefix(1);
      if (field != "email" && field != "created_at") {
        errors.push_back({"sort", "must be email, created_at, -email or -created_at"});
      } else {
        query.sort = std::string(field);
      }
    } else if (key == "role") {
      query.role = value;
    } else if (key == "active") {
      if (value != "true" && value != "false") {
        errors.push_back({"active", "must be true or false"});
      } else {
        query.active = value == "true";
      }
    } else if (key == "q") {
      query.q = value;
    } else {
      errors.push_back({key, "is not a known query parameter"});
    }
  }
  if (!errors.empty()) return Fail(Error::InvalidArgument("the query is invalid", errors));
  return query;
}

const json::object kString{{"type", "string"}};
const json::object kStrings{{"type", "array"}, {"items", kString}};

void AddUserRoutes(Router& router, identity::UserAccounts& accounts) {
  router.Add({.method = "GET",
              .path = "/api/v1/users",
              .permission = permission::kUsersRead,
              .summary = "Users (filters: role, active, q; sort: email, created_at; paged)",
              .tag = "Identity",
              .response_schema = ListSchemaOf(UserSchema()),
              .handler = [&accounts](Request& request) {
                auto query = ParseUserQuery(request);
                if (!query) return ErrorResponse(query.error(), request.request_id);
                auto page = accounts.Search(*query);
                if (!page) return ErrorResponse(page.error(), request.request_id);
                json::array items;
                for (const auto& u : page->items) items.push_back(UserDto(u));
                const std::int64_t next = query->offset + query->limit;
                return JsonResponse(
                    200, json::object{
                             {"items", std::move(items)},
                             {"total", page->total},
                             {"next_cursor", next < page->total ? json::value(std::to_string(next))
                                                                : json::value(nullptr)}});
              }});

  router.Add(
      {.method = "POST",
       .path = "/api/v1/users",
       .permission = permission::kUsersManage,
       .summary = "Create a user with roles and an initial password",
       .tag = "Identity",
       .request_schema = Schema({{"email", kString},
                                 {"display_name", kString},
                                 {"roles", kStrings},
                                 {"password", json::object{{"type", "string"}, {"minLength", 8}}}},
                                {"email", "roles", "password"}),
       .response_schema = UserSchema(),
       .success_status = 201,
       .handler = [&accounts](Request& request) {
         auto body = JsonReader::Parse(request.body);
         auto email = body.Required<std::string>("email");
         auto display_name = body.Optional<std::string>("display_name");
         auto roles = body.Required<std::vector<std::string>>("roles");
         auto password = body.Required<std::string>("password");
         body.RejectUnknownFields();
         if (auto ok = body.Finish(); !ok) return ErrorResponse(ok.error(), request.request_id);
         auto user = accounts.Create(ActorOf(request), {*email, display_name, *roles}, *password);
         if (!user) return ErrorResponse(user.error(), request.request_id);
         return UserResponse(201, *user);
       }});

  router.Add({.method = "GET",
              .path = "/api/v1/users/{id}",
              .permission = permission::kUsersRead,
              .summary = "One user",
              .tag = "Identity",
              .response_schema = UserSchema(),
              .handler = [&accounts](Request& request) {
                auto id = PathId(request, "user");
                if (!id) return ErrorResponse(id.error(), request.request_id);
                auto user = accounts.Get(UserId(*id));
                if (!user) return ErrorResponse(user.error(), request.request_id);
                return UserResponse(200, *user);
              }});

  router.Add({.method = "PATCH",
              .path = "/api/v1/users/{id}",
              .permission = permission::kUsersManage,
              .summary = "Change a user's display name, roles or active flag",
              .tag = "Identity",
              .request_schema = Schema({{"display_name", kString},
                                        {"roles", kStrings},
                                        {"active", json::object{{"type", "boolean"}}},
                                        {"version", json::object{{"type", "integer"}}}},
                                       {}),
              .response_schema = UserSchema(),
              .handler = [&accounts](Request& request) {
                auto id = PathId(request, "user");
                if (!id) return ErrorResponse(id.error(), request.request_id);
                auto body = JsonReader::Parse(request.body);
                identity::UserChanges changes;
                changes.display_name = body.Optional<std::string>("display_name");
                changes.roles = body.Optional<std::vector<std::string>>("roles");
                changes.active = body.Optional<bool>("active");
                auto body_version = body.Optional<std::int64_t>("version");
                body.RejectUnknownFields();
                if (auto ok = body.Finish(); !ok)
                  return ErrorResponse(ok.error(), request.request_id);
                auto expected = ExpectedVersion(request, body_version);
                if (!expected) return ErrorResponse(expected.error(), request.request_id);
                auto user = accounts.Update(ActorOf(request), UserId(*id), changes, *expected);
                if (!user) return ErrorResponse(user.error(), request.request_id);
                return UserResponse(200, *user);
              }});

  router.Add({.method = "DELETE",
              .path = "/api/v1/users/{id}",
              .permission = permission::kUsersManage,
              .summary = "Delete a user; their tokens stop working at once",
              .tag = "Identity",
              .success_status = 204,
              .handler = [&accounts](Request& request) {
                auto id = PathId(request, "user");
                if (!id) return ErrorResponse(id.error(), request.request_id);
                auto deleted = accounts.DeleteById(ActorOf(request), UserId(*id));
                if (!deleted) return ErrorResponse(deleted.error(), request.request_id);
                return EmptyResponse(204);
              }});
}

Result<RoleDefinition> FindRole(identity::RoleCatalog& roles, std::string_view name) {
  auto all = roles.List();
  if (!all) return Fail(all.error());
  for (auto& r : *all) {
    if (r.name == name) return std::move(r);
  }
  return Fail(Error::NotFound("role '" + std::string(name) + "' does not exist"));
}

void AddRoleRoutes(Router& router, identity::RoleCatalog& roles) {
  router.Add({.method = "GET",
              .path = "/api/v1/roles",
              .permission = permission::kRolesRead,
              .summary = "Roles with their permission grants",
              .tag = "Identity",
              .response_schema = ListSchemaOf(RoleSchema()),
              .handler = [&roles](Request& request) {
                auto all = roles.List();
                if (!all) return ErrorResponse(all.error(), request.request_id);
                json::array items;
                for (const auto& role : *all) items.push_back(RoleDto(role));
                return ListResponse(std::move(items));
              }});

  router.Add(
      {.method = "POST",
       .path = "/api/v1/roles",
       .permission = permission::kRolesManage,
       .summary = "Add a role with its permission grants",
       .tag = "Identity",
       .request_schema =
           Schema({{"name", kString}, {"description", kString}, {"permissions", kStrings}},
                  {"name", "permissions"}),
       .response_schema = RoleSchema(),
       .success_status = 201,
       .handler = [&roles](Request& request) {
         auto body = JsonReader::Parse(request.body);
         auto name = body.Required<std::string>("name");
         auto description = body.Optional<std::string>("description");
         auto grants = body.Required<std::vector<std::string>>("permissions");
         body.RejectUnknownFields();
         if (auto ok = body.Finish(); !ok) {
           return ErrorResponse(ok.error(), request.request_id);
         }
         auto role = roles.Create(ActorOf(request), {*name, description.value_or(""), *grants});
         if (!role) return ErrorResponse(role.error(), request.request_id);
         Response response = JsonResponse(201, RoleDto(*role));
         response.headers.Set("Location", "/api/v1/roles/" + role->name);
         return response;
       }});

  router.Add({.method = "PATCH",
              .path = "/api/v1/roles/{name}",
              .permission = permission::kRolesManage,
              .summary = "Change a role's description or grants",
              .tag = "Identity",
              .request_schema = Schema({{"description", kString}, {"permissions", kStrings}}, {}),
              .response_schema = RoleSchema(),
              .handler = [&roles](Request& request) {
                auto body = JsonReader::Parse(request.body);
                auto description = body.Optional<std::string>("description");
                auto grants = body.Optional<std::vector<std::string>>("permissions");
                body.RejectUnknownFields();
                if (auto ok = body.Finish(); !ok) {
                  return ErrorResponse(ok.error(), request.request_id);
                }
                auto current = FindRole(roles, request.PathParam("name"));
                if (!current) return ErrorResponse(current.error(), request.request_id);
                if (description) current->description = *description;
                if (grants) current->permissions = *grants;
                auto role = roles.Update(ActorOf(request), std::move(*current));
                if (!role) return ErrorResponse(role.error(), request.request_id);
                return JsonResponse(200, RoleDto(*role));
              }});

  router.Add({.method = "DELETE",
              .path = "/api/v1/roles/{name}",
              .permission = permission::kRolesManage,
              .summary = "Remove a role nobody holds (shipped roles stay)",
              .tag = "Identity",
              .success_status = 204,
              .handler = [&roles](Request& request) {
                auto deleted =
                    roles.Delete(ActorOf(request), std::string(request.PathParam("name")));
                if (!deleted) return ErrorResponse(deleted.error(), request.request_id);
                return EmptyResponse(204);
              }});
}

}  // namespace

void RegisterUserAdminRoutes(Router& router, identity::UserAccounts& accounts,
                             identity::RoleCatalog& roles) {
  AddUserRoutes(router, accounts);
  AddRoleRoutes(router, roles);
}

}  // namespace takt::api
