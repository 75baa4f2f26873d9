#include "api/handlers/security_audit_handlers.hpp"

#include <boost/json.hpp>
#include <charconv>

#include "core/instant.hpp"
#include "core/permissions.hpp"

namespace takt::api {

namespace json = boost::json;

namespace {

std::optional<std::int64_t> ParseInteger(std::string_view text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

Result<identity::SecurityEventQuery> ParseQuery(const Request& request) {
  identity::SecurityEventQuery query;
  std::vector<FieldError> errors;
  for (const auto& [key, value] : request.query_params) {
    if (key == "limit") {
      auto limit = ParseInteger(value);
      if (!limit || *limit < 1 || *limit > identity::SecurityAudit::kMaxLimit) {
        errors.push_back({"limit", "must be an integer 1-500"});
      } else {
        query.limit = static_cast<int>(*limit);
      }
    } else if (key == "cursor") {
      auto cursor = ParseInteger(value);
      if (!cursor || *cursor < 0) {
        errors.push_back({"cursor", "must be a non-negative integer (a next_cursor value)"});
      } else {
        query.after_sequence = *cursor;
      }
    } else if (key == "action") {
      if (value.empty() || value.size() > 100) {
        errors.push_back({"action", "must be an action name such as auth.login_failed"});
      } else {
        query.action = value;
      }
    } else if (key == "user_id" || key == "actor_user_id") {
      auto id = ParseInteger(value);
      if (!id || *id < 1) {
        errors.push_back({key, "must be a positive integer user id"});
      } else if (key == "user_id") {
        query.user_id = std::to_string(*id);
      } else {
        query.actor_user_id = *id;
      }
    } else if (key == "from" || key == "to") {
      if (!ParseInstant(value)) {
        errors.push_back({key, "must be an RFC 3339 UTC time such as 2026-01-31T08:00:00Z"});
      } else if (key == "from") {
        query.from = value;
      } else {
        query.to = value;
      }
    } else {
      errors.push_back({key,
                        "is not a known parameter (action, user_id, actor_user_id, from, "
                        "to, limit, cursor)"});
    }
  }
  if (!errors.empty()) {
    return Fail(Error::InvalidArgument("invalid security audit query", std::move(errors)));
  }
  return query;
}

json::value Details(const storage::AuditEntry& entry) {
  const std::string& text = entry.after_json.empty() ? entry.before_json : entry.after_json;
  if (text.empty()) return json::object{};
  boost::system::error_code ec;
  json::value parsed = json::parse(text, ec);
  if (ec) return json::string(text);
  return parsed;
}

json::object EventDto(const storage::AuditEntry& e) {
  return json::object{{"sequence", e.sequence},       {"occurred_at", e.occurred_at},
                      {"action", e.action},           {"entity_type", e.entity_type},
                      {"entity_id", e.entity_id},     {"actor_user_id", e.actor_user_id},
                      {"actor_email", e.actor_email}, {"request_id", e.request_id},
                      {"details", Details(e)}};
}

}  // namespace

void RegisterSecurityAuditRoutes(Router& router, identity::SecurityAudit& audit) {
  json::object event_schema{
      {"type", "object"},
      {"properties", json::object{{"sequence", json::object{{"type", "integer"}}},
                                  {"occurred_at", json::object{{"type", "string"}}},
                                  {"action", json::object{{"type", "string"}}},
                                  {"entity_type", json::object{{"type", "string"}}},
                                  {"entity_id", json::object{{"type", "string"}}},
                                  {"actor_user_id", json::object{{"type", "integer"}}},
                                  {"actor_email", json::object{{"type", "string"}}},
                                  {"request_id", json::object{{"type", "string"}}},
                                  {"details", json::object{}}}}};
  router.Add(
      {.method = "GET",
       .path = "/api/v1/audit/security",
       .permission = permission::kAuditRead,
       .summary = "Security events: sign-ins, lockouts, revocations, refused permissions, user "
                  "and role changes",
       .tag = "Identity",
       .response_schema =
           json::object{{"type", "object"},
                        {"properties",
                         json::object{{"items", json::object{{"type", "array"},
                                                             {"items", std::move(event_schema)}}},
                                      {"next_cursor", json::object{{"type", "integer"}}}}}},
       .handler = [&audit](Request& request) {
         auto query = ParseQuery(request);
         if (!query) return ErrorResponse(query.error(), request.request_id);
         auto page = audit.List(*query);
         if (!page) return ErrorResponse(page.error(), request.request_id);
         json::array items;
         for (const auto& e : page->items) items.emplace_back(EventDto(e));
         json::value next = nullptr;
         if (page->next_cursor) next = *page->next_cursor;
         return JsonResponse(200, json::object{{"items", std::move(items)}, {"next_cursor", next}});
       }});
}

}  // namespace takt::api
