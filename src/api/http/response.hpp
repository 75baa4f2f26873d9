// Response: what a handler returns, free of the HTTP library's types; the server serialises it and
// adds X-Request-ID, Content-Length and connection headers. Value type, not thread-safe.
//
// This header is also the ONE place that maps an ErrorCode to an HTTP status and renders
// application/problem+json (RFC 9457):
//   {type, title, status, detail, code, errors: [{field, message}], request_id, <details...>}
// where `code` is ErrorCodeName(error.code) ("INVALID_ARGUMENT", ...) or, for protocol-level
// problems, a specific code ("ROUTE_NOT_FOUND", "METHOD_NOT_ALLOWED", "PAYLOAD_TOO_LARGE", ...),
// and each Error::details pair becomes a top-level string member.
// Status map: kInvalidArgument 422, kNotFound 404, kConflict 409, kUnauthenticated 401 (with
// WWW-Authenticate: Bearer), kForbidden 403, kUnavailable 503 (with Retry-After), kInternal 500.
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "api/http/header_map.hpp"
#include "core/error.hpp"

namespace takt::api {

struct Response {
  int status = 200;
  HeaderMap headers;  // extra headers (ETag, Location, Allow, Retry-After, ...)
  std::string body;
  std::string content_type = "application/json";
};

// `value` serialised as application/json with `status`.
Response JsonResponse(int status, const boost::json::value& value);
// A body-less response (e.g. 204 No Content).
Response EmptyResponse(int status);
// Plain text or any other content type (metrics, CSV, SVG).
Response TextResponse(int status, std::string body, std::string content_type);

// The HTTP status of an ErrorCode (see the map above).
int HttpStatusFor(ErrorCode code);

// problem+json for a domain Error; `request_id` is echoed in the body.
Response ErrorResponse(const Error& error, std::string_view request_id);

// problem+json for protocol-level problems that have their own code (404 ROUTE_NOT_FOUND, 405
// METHOD_NOT_ALLOWED, 413 PAYLOAD_TOO_LARGE, 400 BAD_REQUEST, ...).
Response ProblemResponse(int status, std::string_view code, std::string_view detail,
                         std::string_view request_id);

// The standard reason phrase for `status` ("Unprocessable Content" for 422), used as `title`.
std::string_view StatusTitle(int status);

}  // namespace takt::api
