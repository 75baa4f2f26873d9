#include "api/handlers/second_factor_handlers.hpp"

#include <boost/json.hpp>

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

json::object ObjectSchema(json::object properties, json::array required) {
  json::object schema{
      {"type", "object"}, {"properties", std::move(properties)}, {"additionalProperties", false}};
  if (!required.empty()) schema["required"] = std::move(required);
  return schema;
}

}  // namespace

void RegisterSecondFactorRoutes(Router& router, identity::SecondFactor& second_factor,
                                identity::UserAccounts& accounts) {
  const json::object str{{"type", "string"}};
  router.Add({.method = "GET",
              .path = "/api/v1/auth/second-factor",
              .permission = std::string(kAnyUser),
              .summary = "Whether your account requires a TOTP second factor",
              .tag = "Identity",
              .handler = [&second_factor](Request& request) {
                auto enabled = second_factor.IsEnabled(request.principal->user_id);
                if (!enabled) return ErrorResponse(enabled.error(), request.request_id);
                return JsonResponse(200, json::object{{"enabled", *enabled}});
              }});

  router.Add({.method = "POST",
              .path = "/api/v1/auth/second-factor",
              .permission = std::string(kAnyUser),
              .summary = "Start TOTP enrolment: a new secret for your authenticator app",
              .tag = "Identity",
              .handler = [&second_factor](Request& request) {
                auto enrolment = second_factor.Enrol(ActorOf(request));
                if (!enrolment) return ErrorResponse(enrolment.error(), request.request_id);
                return NoStore(
                    JsonResponse(200, json::object{{"secret", enrolment->secret_base32},
                                                   {"otpauth_uri", enrolment->otpauth_uri}}));
              }});

  router.Add({.method = "POST",
              .path = "/api/v1/auth/second-factor/confirm",
              .permission = std::string(kAnyUser),
              .summary = "Confirm TOTP enrolment with a current code; returns recovery codes once",
              .tag = "Identity",
              .request_schema = ObjectSchema(json::object{{"code", str}}, json::array{"code"}),
              .handler = [&second_factor](Request& request) {
                auto body = JsonReader::Parse(request.body);
                auto code = body.Required<std::string>("code");
                body.RejectUnknownFields();
                if (auto ok = body.Finish(); !ok) {
                  return ErrorResponse(ok.error(), request.request_id);
                }
                auto codes = second_factor.Confirm(ActorOf(request), *code);
                if (!codes) return ErrorResponse(codes.error(), request.request_id);
                json::array list;
                for (const auto& c : *codes) list.emplace_back(c);
                return NoStore(JsonResponse(200, json::object{{"recovery_codes", list}}));
              }});

  router.Add(
      {.method = "POST",
       .path = "/api/v1/auth/second-factor/disable",
       .permission = std::string(kAnyUser),
       .summary = "Turn your TOTP second factor off (your password is required)",
       .tag = "Identity",
       .request_schema = ObjectSchema(json::object{{"password", str}}, json::array{"password"}),
       .success_status = 204,
       .handler = [&second_factor, &accounts](Request& request) {
         auto body = JsonReader::Parse(request.body);
         auto password = body.Required<std::string>("password");
         body.RejectUnknownFields();
         if (auto ok = body.Finish(); !ok) {
           return ErrorResponse(ok.error(), request.request_id);
         }
         if (!accounts.ConfirmPassword(request.principal->user_id, *password)) {
           return ErrorResponse(
               Error::InvalidArgument("wrong password",
                                      {{"password", "is not your current password"}}),
               request.request_id);
         }
         auto off = second_factor.Disable(ActorOf(request));
         if (!off) return ErrorResponse(off.error(), request.request_id);
         return EmptyResponse(204);
       }});
}

}  // namespace takt::api
