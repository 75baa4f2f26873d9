#include "api/handlers/auth_handlers.hpp"

#include <boost/json.hpp>

#include "api/json_reader.hpp"
#include "core/instant.hpp"
#include "core/permissions.hpp"

namespace takt::api {

namespace json = boost::json;

namespace {

json::value UserDto(const User& user) {
  json::array roles;
  for (const auto& r : user.roles) roles.emplace_back(r);
  return json::object{{"id", user.id.ToString()},
                      {"email", user.email},
                      {"display_name", user.display_name},
                      {"roles", std::move(roles)},
                      {"role", user.roles.empty() ? std::string() : user.roles.front()},
                      {"active", user.active},
                      {"created_at", FormatInstant(user.created_at)},
                      {"version", user.version}};
}

json::value UserSchema() {
  json::object string_type{{"type", "string"}};
  json::object properties{{"id", string_type},
                          {"email", string_type},
                          {"display_name", string_type},
                          {"roles", json::object{{"type", "array"}, {"items", string_type}}},
                          {"role", string_type},
                          {"active", json::object{{"type", "boolean"}}},
                          {"created_at", json::object{{"type", "string"}, {"format", "date-time"}}},
                          {"version", json::object{{"type", "integer"}}}};
  return json::object{{"type", "object"},
                      {"properties", std::move(properties)},
                      {"required", json::array{"id", "email", "roles", "role", "active"}}};
}

json::value ListSchema(json::value item) {
  return json::object{
      {"type", "object"},
      {"properties", json::object{{"items", json::object{{"type", "array"}, {"items", item}}},
                                  {"total", json::object{{"type", "integer"}}}}},
      {"required", json::array{"items", "total"}}};
}

Actor ActorOf(const Request& request) {
  const Principal& p = *request.principal;
  return Actor{p.user_id, p.email, request.request_id};
}

Response NoStore(Response response) {
  response.headers.Set("Cache-Control", "no-store");
  return response;
}

}  // namespace

void RegisterAuthRoutes(Router& router, identity::Authentication& authentication,
                        identity::UserAccounts& accounts) {
  json::object string_type{{"type", "string"}};

  router.Add(
      {.method = "POST",
       .path = "/api/v1/auth/login",
       .permission = std::string(kPublic),
       .summary = "Sign in with email and password; returns a bearer access token",
       .tag = "Identity",
       .request_schema = json::object{{"type", "object"},
                                      {"properties", json::object{{"email", string_type},
                                                                  {"password", string_type}}},
                                      {"required", json::array{"email", "password"}},
                                      {"additionalProperties", false}},
       .response_schema =
           json::object{
               {"type", "object"},
               {"properties", json::object{{"access_token", string_type},
                                           {"token_type", string_type},
                                           {"expires_in", json::object{{"type", "integer"}}},
                                           {"user", UserSchema()}}},
               {"required", json::array{"access_token", "token_type", "expires_in", "user"}}},
       .handler = [&authentication](Request& request) {
         auto body = JsonReader::Parse(request.body);
         auto email = body.Required<std::string>("email");
         auto password = body.Required<std::string>("password");
         body.RejectUnknownFields();
         if (auto ok = body.Finish(); !ok) return ErrorResponse(ok.error(), request.request_id);
         auto login = authentication.Login(*email, *password, request.request_id);
         if (!login) return NoStore(ErrorResponse(login.error(), request.request_id));
         return NoStore(JsonResponse(200, json::object{{"access_token", login->access_token},
                                                       {"token_type", "Bearer"},
                                                       {"expires_in", login->expires_in.count()},
                                                       {"user", UserDto(login->user)}}));
       }});

  router.Add({.method = "GET",
              .path = "/api/v1/auth/me",
              .permission = std::string(kAnyUser),
              .summary = "The signed-in user, with roles and effective permissions",
              .tag = "Identity",
              .response_schema = UserSchema(),
              .handler = [&accounts](Request& request) {
                const Principal& principal = *request.principal;
                auto user = accounts.Get(principal.user_id);
                if (!user) return ErrorResponse(user.error(), request.request_id);
                json::value dto = UserDto(*user);
                json::array permissions;
                for (const auto& p : AllPermissions()) {
                  if (principal.HasPermission(p)) permissions.emplace_back(p);
                }
                dto.as_object()["permissions"] = std::move(permissions);
                return NoStore(JsonResponse(200, dto));
              }});

  router.Add({.method = "GET",
              .path = "/api/v1/roles",
              .permission = permission::kRolesRead,
              .summary = "Roles with their permission grants",
              .tag = "Identity",
              .response_schema = ListSchema(json::object{{"type", "object"}}),
              .handler = [&accounts](Request& request) {
                auto roles = accounts.ListRoles();
                if (!roles) return ErrorResponse(roles.error(), request.request_id);
                json::array items;
                for (const auto& role : *roles) {
                  json::array grants;
                  for (const auto& g : role.permissions) grants.emplace_back(g);
                  items.push_back(json::object{{"name", role.name},
                                               {"description", role.description},
                                               {"permissions", std::move(grants)}});
                }
                const auto total = static_cast<std::int64_t>(items.size());
                return JsonResponse(200, json::object{{"items", std::move(items)},
                                                      {"total", total},
                                                      {"next_cursor", nullptr}});
              }});

  router.Add({.method = "GET",
              .path = "/api/v1/users",
              .permission = permission::kUsersRead,
              .summary = "Users, ordered by email",
              .tag = "Identity",
              .response_schema = ListSchema(UserSchema()),
              .handler = [&accounts](Request& request) {
                auto users = accounts.List();
                if (!users) return ErrorResponse(users.error(), request.request_id);
                json::array items;
                for (const auto& u : *users) items.push_back(UserDto(u));
                const auto total = static_cast<std::int64_t>(items.size());
                return JsonResponse(200, json::object{{"items", std::move(items)},
                                                      {"total", total},
                                                      {"next_cursor", nullptr}});
              }});

  router.Add(
      {.method = "POST",
       .path = "/api/v1/users",
       .permission = permission::kUsersManage,
       .summary = "Create a user with roles and an initial password",
       .tag = "Identity",
       .request_schema =
           json::object{
               {"type", "object"},
               {"properties",
                json::object{{"email", string_type},
                             {"display_name", string_type},
                             {"roles", json::object{{"type", "array"}, {"items", string_type}}},
                             {"password", json::object{{"type", "string"}, {"minLength", 8}}}}},
               {"required", json::array{"email", "roles", "password"}},
               {"additionalProperties", false}},
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
         Response response = JsonResponse(201, UserDto(*user));
         response.headers.Set("Location", "/api/v1/users/" + user->id.ToString());
         return response;
       }});
}

}  // namespace takt::api
