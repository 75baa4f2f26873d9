#include "api/handlers/notification_handlers.hpp"

#include <boost/json.hpp>
#include <charconv>

#include "api/handlers/job_dto.hpp"
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

json::object NotificationDto(const Notification& n) {
  return json::object{{"id", n.id},
                      {"kind", n.kind},
                      {"entity_type", n.entity_type},
                      {"entity_id", n.entity_id},
                      {"message", n.message},
                      {"recipient_role", n.recipient_role},
                      {"created_at", FormatInstant(n.created_at)},
                      {"read", n.read}};
}

json::object NotificationSchema() {
  json::object str{{"type", "string"}};
  return json::object{{"type", "object"},
                      {"properties", json::object{{"id", json::object{{"type", "integer"}}},
                                                  {"kind", str},
                                                  {"entity_type", str},
                                                  {"entity_id", str},
                                                  {"message", str},
                                                  {"recipient_role", str},
                                                  {"created_at", str},
                                                  {"read", json::object{{"type", "boolean"}}}}}};
}

}  // namespace

void RegisterNotificationRoutes(Router& router, service::NotificationCenter& center) {
  router.Add(
      {.method = "GET",
       .path = "/api/v1/notifications",
       .permission = permission::kNotificationsRead,
       .summary = "Your notifications: what your roles must act on next",
       .tag = "Notifications",
       .response_schema =
           json::object{
               {"type", "object"},
               {"properties", json::object{{"items", json::object{{"type", "array"},
                                                                  {"items", NotificationSchema()}}},
                                           {"next_cursor", json::object{{"type", "integer"}}}}}},
       .handler = [&center](Request& request) {
         bool unread = false;
         int limit = 50;
         std::int64_t after = 0;
         std::vector<FieldError> errors;
         for (const auto& [key, value] : request.query_params) {
           if (key == "unread") {
             if (value != "true" && value != "false") {
               errors.push_back({"unread", "must be true or false"});
             }
             unread = value == "true";
           } else if (key == "limit") {
             auto n = ParseInteger(value);
             if (!n || *n < 1 || *n > 200) {
               errors.push_back({"limit", "must be an integer 1-200"});
             } else {
               limit = static_cast<int>(*n);
             }
           } else if (key == "cursor") {
             auto n = ParseInteger(value);
             if (!n || *n < 0) {
               errors.push_back({"cursor", "must be a next_cursor value"});
             } else {
               after = *n;
             }
           } else {
             errors.push_back({key, "is not a known parameter (unread, limit, cursor)"});
           }
         }
         if (!errors.empty()) {
           return ErrorResponse(Error::InvalidArgument("invalid notification query", errors),
                                request.request_id);
         }
         auto page = center.List(*request.principal, unread, after, limit + 1);
         if (!page) return ErrorResponse(page.error(), request.request_id);
         json::value next = nullptr;
         if (page->size() > static_cast<std::size_t>(limit)) {
           page->resize(static_cast<std::size_t>(limit));
           next = page->back().id;
         }
         json::array items;
         for (const auto& n : *page) items.emplace_back(NotificationDto(n));
         return JsonResponse(200, json::object{{"items", std::move(items)}, {"next_cursor", next}});
       }});

  router.Add({.method = "PATCH",
              .path = "/api/v1/notifications/{id}/read",
              .permission = permission::kNotificationsRead,
              .summary = "Mark one of your notifications read",
              .tag = "Notifications",
              .response_schema = NotificationSchema(),
              .handler = [&center](Request& request) {
                auto id = PathId(request, "notification");
                if (!id) return ErrorResponse(id.error(), request.request_id);
                auto marked = center.MarkRead(*request.principal, *id);
                if (!marked) return ErrorResponse(marked.error(), request.request_id);
                return JsonResponse(200, NotificationDto(*marked));
              }});
}

}  // namespace takt::api
