// Request: one HTTP request as every handler sees it, free of the HTTP library's types. The server
// builds it (method, decoded path, query, headers, body, request id); the router fills
// `path_params` and `route_pattern`; the auth middleware fills `principal` before the handler runs
// for any route that has a permission. A Request belongs to the one thread running its handler.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/http/header_map.hpp"
#include "core/principal.hpp"

namespace takt::api {

struct Request {
  std::string method;  // upper case: "GET", "POST", "PATCH", "PUT", "DELETE", ...
  std::string path;    // percent-decoded path without the query, e.g. "/api/v1/jobs/42"
  std::string target;  // the raw request target as received, e.g. "/api/v1/jobs?limit=5"
  std::map<std::string, std::string, std::less<>> path_params;  // {"id": "42"} for ".../{id}"
  // Decoded query parameters in order; a name may repeat ("?status=A&status=B").
  std::vector<std::pair<std::string, std::string>> query_params;
  HeaderMap headers;
  std::string body;
  std::string request_id;     // validated X-Request-ID or a generated one; echoed on the response
  std::string route_pattern;  // the matched RouteSpec::path, e.g. "/api/v1/jobs/{id}"
  std::string remote_address;
  std::optional<Principal> principal;  // set for authenticated routes

  // The path parameter `name` ("" when absent, which cannot happen for a matched route's own
  // names).
  std::string_view PathParam(std::string_view name) const {
    auto it = path_params.find(name);
    return it == path_params.end() ? std::string_view() : std::string_view(it->second);
  }
  // The first value of query parameter `name`, or nullopt.
  std::optional<std::string_view> Query(std::string_view name) const {
    for (const auto& [key, value] : query_params) {
      if (key == name) return std::string_view(value);
    }
    return std::nullopt;
  }
  // Every value of query parameter `name`.
  std::vector<std::string_view> QueryAll(std::string_view name) const {
    std::vector<std::string_view> values;
    for (const auto& [key, value] : query_params) {
      if (key == name) values.emplace_back(value);
    }
    return values;
  }
  std::optional<std::string_view> Header(std::string_view name) const { return headers.Get(name); }
};

}  // namespace takt::api
