#include "api/browser_policy.hpp"

namespace takt::api {

namespace {

constexpr char kCsp[] =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
constexpr char kMethods[] = "GET, HEAD, POST, PUT, PATCH, DELETE";
constexpr char kAllowHeaders[] =
    "Authorization, Content-Type, If-Match, If-None-Match, Idempotency-Key, X-Request-ID";
constexpr char kExposeHeaders[] = "ETag, Location, Retry-After, X-Request-ID";

void SetIfAbsent(Response& response, const char* name, const std::string& value) {
  if (!response.headers.Has(name)) response.headers.Set(name, value);
}

std::string Trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

}  // namespace

BrowserPolicy::BrowserPolicy(std::vector<std::string> allowed_origins)
    : origins_(allowed_origins.begin(), allowed_origins.end()) {}

std::vector<std::string> BrowserPolicy::ParseOrigins(const std::string& text) {
  std::vector<std::string> origins;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    const auto end = comma == std::string::npos ? text.size() : comma;
    std::string origin = Trimmed(std::string_view(text).substr(start, end - start));
    if (!origin.empty()) origins.push_back(std::move(origin));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return origins;
}

std::optional<std::string> BrowserPolicy::OriginListProblem(const std::string& text) {
  for (const std::string& origin : ParseOrigins(text)) {
    if (origin == "*") return "must list exact origins; '*' is not allowed";
    const bool http = origin.starts_with("http://") || origin.starts_with("https://");
    const auto host_start = origin.find("://");
    const std::string rest = host_start == std::string::npos ? "" : origin.substr(host_start + 3);
    if (!http || rest.empty() || rest.find('/') != std::string::npos ||
        origin.find_first_of(" \t\"'") != std::string::npos) {
      return "each origin must be scheme://host[:port] without a path, got '" + origin + "'";
    }
  }
  return std::nullopt;
}

bool BrowserPolicy::Allowed(const Request& request) const {
  auto origin = request.Header("Origin");
  return origin && origins_.contains(*origin);
}

std::optional<Response> BrowserPolicy::Preflight(const Request& request) const {
  if (request.method != "OPTIONS" || !request.Header("Origin") ||
      !request.Header("Access-Control-Request-Method")) {
    return std::nullopt;
  }
  if (!Allowed(request)) {
    Response denied =
        ProblemResponse(403, "CORS_ORIGIN_DENIED",
                        "This origin is not in the server's CORS allow-list", request.request_id);
    Apply(request, denied);
    return denied;
  }
  Response response = EmptyResponse(204);
  response.headers.Set("Access-Control-Allow-Methods", kMethods);
  response.headers.Set("Access-Control-Allow-Headers", kAllowHeaders);
  response.headers.Set("Access-Control-Max-Age", "600");
  Apply(request, response);
  return response;
}

void BrowserPolicy::Apply(const Request& request, Response& response) const {
  SetIfAbsent(response, "Content-Security-Policy", kCsp);
  SetIfAbsent(response, "X-Frame-Options", "DENY");
  SetIfAbsent(response, "Referrer-Policy", "no-referrer");
  SetIfAbsent(response, "X-Content-Type-Options", "nosniff");
  if (!Allowed(request)) {
    SetIfAbsent(response, "Cross-Origin-Resource-Policy", "same-origin");
  } else {
    response.headers.Set("Access-Control-Allow-Origin", std::string(*request.Header("Origin")));
    response.headers.Set("Access-Control-Expose-Headers", kExposeHeaders);
    response.headers.Set("Vary", "Origin");
  }
}

}  // namespace takt::api
