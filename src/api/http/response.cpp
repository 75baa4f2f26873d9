#include "api/http/response.hpp"

#include <boost/json/object.hpp>

#include "api/json_text.hpp"

namespace takt::api {

Response JsonResponse(int status, const boost::json::value& value) {
  Response response;
  response.status = status;
  response.body = JsonText(value);
  response.content_type = "application/json";
  return response;
}

Response EmptyResponse(int status) {
  Response response;
  response.status = status;
  response.content_type.clear();
  return response;
}

Response TextResponse(int status, std::string body, std::string content_type) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  response.content_type = std::move(content_type);
  return response;
}

int HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return 422;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kForbidden: return 403;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

std::string_view StatusTitle(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return status < 400 ? "OK" : (status < 500 ? "Client Error" : "Server Error");
  }
}

namespace {

boost::json::object ProblemBody(int status, std::string_view code, std::string_view detail,
                                std::string_view request_id) {
  boost::json::object body;
  body["type"] = "about:blank";
  body["title"] = StatusTitle(status);
  body["status"] = status;
  body["detail"] = detail;
  body["code"] = code;
  body["errors"] = boost::json::array();
  body["request_id"] = request_id;
  return body;
}

Response ProblemFrom(int status, boost::json::object body) {
  Response response;
  response.status = status;
  response.body = JsonText(boost::json::value(std::move(body)));
  response.content_type = "application/problem+json";
  if (status == 401) response.headers.Set("WWW-Authenticate", "Bearer realm=\"takt\"");
  if (status == 503 || status == 429) response.headers.Set("Retry-After", "1");
  return response;
}

}  // namespace

Response ProblemResponse(int status, std::string_view code, std::string_view detail,
                         std::string_view request_id) {
  return ProblemFrom(status, ProblemBody(status, code, detail, request_id));
}

Response ErrorResponse(const Error& error, std::string_view request_id) {
  const int status = HttpStatusFor(error.code);
  boost::json::object body =
      ProblemBody(status, ErrorCodeName(error.code), error.message, request_id);
  boost::json::array errors;
  for (const FieldError& field : error.field_errors) {
    errors.push_back(boost::json::object{{"field", field.field}, {"message", field.message}});
  }
  body["errors"] = std::move(errors);
  for (const auto& [key, value] : error.details) {
    // Details extend the problem; they never overwrite its standard members.
    if (!body.contains(key)) body[key] = value;
  }
  return ProblemFrom(status, std::move(body));
}

}  // namespace takt::api
