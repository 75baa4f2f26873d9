#include "api/handlers/auth_handlers.hpp"

#include <boost/json.hpp>

#include "api/handlers/identity_dto.hpp"
#include "api/json_reader.hpp"
#include "core/permissions.hpp"

namespace takt::api {

namespace json = boost::json;

namespace {

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

  json::value me_schema = UserSchema();
  me_schema.as_object()["properties"].as_object()["permissions"] =
      json::object{{"type", "array"}, {"items", string_type}};
  router.Add({.method = "GET",
              .path = "/api/v1/auth/me",
              .permission = std::string(kAnyUser),
              .summary = "The signed-in user, with roles and effective permissions",
              .tag = "Identity",
              .response_schema = std::move(me_schema),
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

  router.Add(
      {.method = "PATCH",
       .path = "/api/v1/users/me/password",
       .permission = std::string(kAnyUser),
       .summary = "Change your own password (the current one is required)",
       .tag = "Identity",
       .request_schema = json::object{{"type", "object"},
                                      {"properties", json::object{{"current_password", string_type},
                                                                  {"new_password", string_type}}},
                                      {"required", json::array{"current_password", "new_password"}},
                                      {"additionalProperties", false}},
       .success_status = 204,
       .handler = [&accounts](Request& request) {
         auto body = JsonReader::Parse(request.body);
         auto current = body.Required<std::string>("current_password");
         auto replacement = body.Required<std::string>("new_password");
         body.RejectUnknownFields();
         if (auto ok = body.Finish(); !ok) return ErrorResponse(ok.error(), request.request_id);
         const Principal& p = *request.principal;
         auto changed = accounts.ChangeOwnPassword(Actor{p.user_id, p.email, request.request_id},
                                                   *current, *replacement);
         if (!changed) return ErrorResponse(changed.error(), request.request_id);
         return EmptyResponse(204);
       }});
}

}  // namespace takt::api
