#include "api/handlers/auth_handlers.hpp"

#include <boost/json.hpp>

#include "api/handlers/identity_dto.hpp"
#include "api/handlers/job_dto.hpp"
#include "api/json_reader.hpp"
#include "core/permissions.hpp"

namespace takt::api {

namespace json = boost::json;

namespace {

Response NoStore(Response response) {
  response.headers.Set("Cache-Control", "no-store");
  return response;
}

Response TokensResponse(const identity::LoginResult& tokens) {
  return NoStore(
      JsonResponse(200, json::object{{"access_token", tokens.access_token},
                                     {"token_type", "Bearer"},
                                     {"expires_in", tokens.expires_in.count()},
                                     {"refresh_token", tokens.refresh_token},
                                     {"refresh_expires_in", tokens.refresh_expires_in.count()},
                                     {"user", UserDto(tokens.user)}}));
}

json::object TokensSchema() {
  json::object string_type{{"type", "string"}};
  json::object integer_type{{"type", "integer"}};
  return json::object{{"type", "object"},
                      {"properties", json::object{{"access_token", string_type},
                                                  {"token_type", string_type},
                                                  {"expires_in", integer_type},
                                                  {"refresh_token", string_type},
                                                  {"refresh_expires_in", integer_type},
                                                  {"user", UserSchema()}}},
                      {"required", json::array{"access_token", "token_type", "expires_in",
                                               "refresh_token", "refresh_expires_in", "user"}}};
}

// The credentials of "Authorization: Bearer <token>" (the dispatcher already accepted them).
std::string_view BearerOf(const Request& request) {
  std::string_view value = request.Header("Authorization").value_or("");
  const auto space = value.find(' ');
  if (space == std::string_view::npos) return {};
  value.remove_prefix(space + 1);
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  return value;
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
                                                                  {"password", string_type},
                                                                  {"totp_code", string_type}}},
                                      {"required", json::array{"email", "password"}},
                                      {"additionalProperties", false}},
       .response_schema = TokensSchema(),
       .handler = [&authentication](Request& request) {
         auto body = JsonReader::Parse(request.body);
         auto email = body.Required<std::string>("email");
         auto password = body.Required<std::string>("password");
         auto second_factor = body.Optional<std::string>("totp_code");
         body.RejectUnknownFields();
         if (auto ok = body.Finish(); !ok) return ErrorResponse(ok.error(), request.request_id);
         auto login = authentication.Login(*email, *password, request.request_id,
                                           second_factor.value_or(""));
         if (!login) return NoStore(ErrorResponse(login.error(), request.request_id));
         return TokensResponse(*login);
       }});

  router.Add(
      {.method = "POST",
       .path = "/api/v1/auth/refresh",
       .permission = std::string(kPublic),
       .summary = "Exchange a refresh token for new tokens (the refresh token rotates; reusing a "
                  "spent one ends the whole session)",
       .tag = "Identity",
       .request_schema = json::object{{"type", "object"},
                                      {"properties", json::object{{"refresh_token", string_type}}},
                                      {"required", json::array{"refresh_token"}},
                                      {"additionalProperties", false}},
       .response_schema = TokensSchema(),
       .handler = [&authentication](Request& request) {
         auto body = JsonReader::Parse(request.body);
         auto token = body.Required<std::string>("refresh_token");
         body.RejectUnknownFields();
         if (auto ok = body.Finish(); !ok) return ErrorResponse(ok.error(), request.request_id);
         auto refreshed = authentication.Refresh(*token, request.request_id);
         if (!refreshed) return NoStore(ErrorResponse(refreshed.error(), request.request_id));
         return TokensResponse(*refreshed);
       }});

  router.Add({.method = "POST",
              .path = "/api/v1/auth/logout",
              .permission = std::string(kAnyUser),
              .summary = "Sign out: the access token and its session's refresh token stop working",
              .tag = "Identity",
              .success_status = 204,
              .handler = [&authentication](Request& request) {
                auto ended = authentication.Logout(BearerOf(request), request.request_id);
                if (!ended) return ErrorResponse(ended.error(), request.request_id);
                return EmptyResponse(204);
              }});

  router.Add({.method = "POST",
              .path = "/api/v1/users/{id}/unlock",
              .permission = permission::kUsersManage,
              .summary = "Clear a user's failed sign-ins and lockout",
              .tag = "Identity",
              .response_schema = UserSchema(),
              .handler = [&accounts](Request& request) {
                auto id = PathId(request, "user");
                if (!id) return ErrorResponse(id.error(), request.request_id);
                auto user = accounts.Unlock(ActorOf(request), UserId(*id));
                if (!user) return ErrorResponse(user.error(), request.request_id);
                return JsonResponse(200, UserDto(*user));
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
         std::optional<std::string> keep;
         if (!p.session_id.empty()) keep = p.session_id;
         auto changed = accounts.ChangeOwnPassword(Actor{p.user_id, p.email, request.request_id},
                                                   *current, *replacement, keep);
         if (!changed) return ErrorResponse(changed.error(), request.request_id);
         return EmptyResponse(204);
       }});
}

}  // namespace takt::api
