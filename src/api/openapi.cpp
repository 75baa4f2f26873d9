#include "api/openapi.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cctype>

namespace takt::api {

namespace {

namespace json = boost::json;

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string OperationId(const RouteSpec& route) {
  std::string id = Lower(route.method);
  for (char c : route.path) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      id += c;
    } else if (c == '/' || c == '-' || c == '.') {
      if (id.back() != '_') id += '_';
    }
  }
  while (!id.empty() && id.back() == '_') id.pop_back();
  return id;
}

std::vector<std::string> PathParameters(std::string_view path) {
  std::vector<std::string> names;
  std::size_t open = path.find('{');
  while (open != std::string_view::npos) {
    const std::size_t close = path.find('}', open);
    names.emplace_back(path.substr(open + 1, close - open - 1));
    open = path.find('{', close);
  }
  return names;
}

json::object ProblemRef(std::string_view description) {
  return json::object{
      {"description", description},
      {"content",
       json::object{
           {"application/problem+json",
            json::object{{"schema", json::object{{"$ref", "#/components/schemas/Problem"}}}}}}}};
}

json::object ProblemSchema() {
  json::object field_error{{"type", "object"},
                           {"properties", json::object{{"field", {{"type", "string"}}},
                                                       {"message", {{"type", "string"}}}}}};
  return json::object{
      {"type", "object"},
      {"description",
       "RFC 9457 problem details; extra recovery facts (e.g. current_version) appear as "
       "additional members"},
      {"required",
       json::array{"type", "title", "status", "detail", "code", "errors", "request_id"}},
      {"properties", json::object{{"type", {{"type", "string"}}},
                                  {"title", {{"type", "string"}}},
                                  {"status", {{"type", "integer"}}},
                                  {"detail", {{"type", "string"}}},
                                  {"code", {{"type", "string"}}},
                                  {"errors", {{"type", "array"}, {"items", field_error}}},
                                  {"request_id", {{"type", "string"}}}}}};
}

json::object Operation(const RouteSpec& route) {
  json::object op;
  op["operationId"] = OperationId(route);
  op["summary"] = route.summary;
  op["tags"] = json::array{json::string(route.tag.empty() ? "Other" : route.tag)};
  std::string access;
  if (route.permission == kPublic) {
    op["x-permission"] = "public";
    op["security"] = json::array();
    access = "Public: no authentication.";
  } else if (route.permission == kAnyUser) {
    op["x-permission"] = "authenticated";
    op["security"] = json::array{json::object{{"bearerAuth", json::array()}}};
    access = "Requires a signed-in user (any role).";
  } else {
    op["x-permission"] = route.permission;
    op["security"] = json::array{json::object{{"bearerAuth", json::array()}}};
    access = "Requires permission `" + route.permission + "`.";
  }
  op["description"] = route.summary + ". " + access;

  json::array parameters;
  for (const std::string& name : PathParameters(route.path)) {
    parameters.push_back(json::object{{"name", name},
                                      {"in", "path"},
                                      {"required", true},
                                      {"schema", json::object{{"type", "string"}}}});
  }
  parameters.push_back(json::object{
      {"name", "X-Request-ID"},
      {"in", "header"},
      {"required", false},
      {"description", "Correlation id (1-128 of [A-Za-z0-9._-]); generated when absent"},
      {"schema", json::object{{"type", "string"}, {"maxLength", 128}}}});
  op["parameters"] = std::move(parameters);

  if (!route.request_schema.is_null()) {
    op["requestBody"] = json::object{
        {"required", true},
        {"content",
         json::object{{"application/json", json::object{{"schema", route.request_schema}}}}}};
  }

  json::object responses;
  json::object success{{"description", "Success"}};
  if (route.success_status != 204) {
    json::value schema =
        route.response_schema.is_null() ? json::value(json::object{}) : route.response_schema;
    success["content"] = json::object{{"application/json", json::object{{"schema", schema}}}};
  }
  responses[std::to_string(route.success_status)] = std::move(success);
  if (route.permission != kPublic) {
    responses["401"] = ProblemRef("Missing, invalid or expired access token");
    if (route.permission != kAnyUser) responses["403"] = ProblemRef("Permission missing");
  }
  if (!PathParameters(route.path).empty()) responses["404"] = ProblemRef("Not found");
  if (!route.request_schema.is_null()) {
    responses["413"] = ProblemRef("Request body too large");
    responses["422"] = ProblemRef("Invalid request: every bad field is listed in `errors`");
  }
  responses["default"] = ProblemRef("Error");
  op["responses"] = std::move(responses);
  return op;
}

}  // namespace

boost::json::value BuildOpenApi(const Router& router, std::string_view version) {
  json::object paths;
  for (const RouteSpec& route : router.routes()) {
    json::value& item = paths[route.path];
    if (!item.is_object()) item = json::object();
    item.as_object()[Lower(route.method)] = Operation(route);
  }
  return json::object{
      {"openapi", "3.1.0"},
      {"info", json::object{{"title", "Takt API"},
                            {"version", version},
                            {"description",
                             "Finite-capacity production scheduling for job shops. Errors are "
                             "application/problem+json; authenticate with `Authorization: Bearer "
                             "<access token>` from POST /api/v1/auth/login."}}},
      {"paths", std::move(paths)},
      {"components",
       json::object{
           {"securitySchemes",
            json::object{{"bearerAuth", json::object{{"type", "http"}, {"scheme", "bearer"}}}}},
           {"schemas", json::object{{"Problem", ProblemSchema()}}}}}};
}

}  // namespace takt::api
