#include "api/request_dispatcher.hpp"

#include <spdlog/spdlog.h>

#include <exception>

namespace takt::api {

namespace {

std::string JoinMethods(const std::vector<std::string>& methods) {
  std::string out;
  for (const std::string& m : methods) {
    if (!out.empty()) out += ", ";
    out += m;
  }
  return out;
}

// The token of an "Authorization: Bearer <token>" header; the scheme is case-insensitive.
std::optional<std::string_view> BearerToken(const Request& request) {
  auto header = request.Header("Authorization");
  if (!header) return std::nullopt;
  std::string_view value = *header;
  constexpr std::string_view kScheme = "bearer ";
  if (value.size() <= kScheme.size() ||
      !HeaderMap::NameEquals(value.substr(0, kScheme.size()), kScheme)) {
    return std::nullopt;
  }
  value.remove_prefix(kScheme.size());
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<Response> RequestDispatcher::Authorize(const RouteSpec& route,
                                                     Request& request) const {
  if (authenticator_ == nullptr) {
    return ErrorResponse(Error::Unavailable("Authentication is not available on this server"),
                         request.request_id);
  }
  auto token = BearerToken(request);
  if (!token) {
    return ErrorResponse(
        Error::Unauthenticated("This endpoint requires an 'Authorization: Bearer <token>' header"),
        request.request_id);
  }
  Result<Principal> principal = authenticator_->Authenticate(*token);
  if (!principal) return ErrorResponse(principal.error(), request.request_id);
  request.principal = std::move(*principal);
  if (route.permission != kAnyUser && !request.principal->HasPermission(route.permission)) {
    authenticator_->PermissionDenied(*request.principal, route.permission, request.method,
                                     request.path, request.request_id);
    return ErrorResponse(
        Error::Forbidden("This action requires the permission '" + route.permission + "'")
            .WithDetail("required_permission", route.permission),
        request.request_id);
  }
  return std::nullopt;
}

Response RequestDispatcher::Dispatch(Request& request) const {
  Router::Match match = router_.Find(request.method, request.path);
  if (match.kind == Router::MatchKind::kPathNotFound) {
    return ProblemResponse(404, "ROUTE_NOT_FOUND", "No resource exists at '" + request.path + "'",
                           request.request_id);
  }
  if (match.kind == Router::MatchKind::kMethodNotAllowed) {
    const std::string allow = JoinMethods(match.allowed_methods);
    Response response = ProblemResponse(
        405, "METHOD_NOT_ALLOWED",
        "'" + request.path + "' does not support " + request.method + "; allowed: " + allow,
        request.request_id);
    response.headers.Set("Allow", allow);
    return response;
  }
  const RouteSpec& route = *match.route;
  request.path_params = std::move(match.path_params);
  request.route_pattern = route.path;
  if (route.permission != kPublic) {
    if (auto refusal = Authorize(route, request)) return std::move(*refusal);
  }
  if (rate_limiter_ != nullptr) {
    const std::string user_key = request.principal ? request.principal->user_id.ToString() : "";
    if (auto wait = rate_limiter_->Admit(RateLimiter::Classify(request.method, request.path),
                                         request.remote_address, user_key)) {
      Response refused = ProblemResponse(
          429, "RATE_LIMITED", "Too many requests; retry after " + std::to_string(*wait) + " s",
          request.request_id);
      refused.headers.Set("Retry-After", std::to_string(*wait));
      return refused;
    }
  }
  try {
    return route.handler(request);
  } catch (const std::exception& e) {
    spdlog::error("unhandled exception in {} {} request_id={}: {}", request.method, route.path,
                  request.request_id, e.what());
  } catch (...) {
    spdlog::error("unhandled non-standard exception in {} {} request_id={}", request.method,
                  route.path, request.request_id);
  }
  return ErrorResponse(Error::Internal("An unexpected error occurred; quote the request id"),
                       request.request_id);
}

}  // namespace takt::api
