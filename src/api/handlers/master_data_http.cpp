#include "api/handlers/master_data_http.hpp"

#include <boost/json.hpp>
#include <charconv>

namespace takt::api::master_data {

namespace {

std::optional<std::int64_t> ParseInteger(std::string_view text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

}  // namespace

Actor ActorOf(const Request& request) {
  if (!request.principal) return Actor::System("anonymous", request.request_id);
  return Actor{request.principal->user_id, request.principal->email, request.request_id};
}

Result<std::int64_t> PathId(const Request& request, std::string_view name, std::string_view what) {
  std::string_view text = request.PathParam(name);
  auto id = ParseInteger(text);
  if (!id || *id <= 0) {
    return Fail(Error::NotFound(std::string(what) + " " + std::string(text) + " not found"));
  }
  return *id;
}

Result<std::optional<std::int64_t>> ExpectedVersion(const Request& request,
                                                    std::optional<std::int64_t> body_version) {
  auto header = request.Header("If-Match");
  if (!header) return body_version;
  std::string_view text = *header;
  if (text.starts_with("W/")) text.remove_prefix(2);
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    text = text.substr(1, text.size() - 2);
  }
  auto version = ParseInteger(text);
  if (!version || *version < 1) {
    return Fail(Error::InvalidArgument("If-Match is malformed",
                                       {{"If-Match", "must be the entity version, e.g. \"3\""}}));
  }
  if (body_version && *body_version != *version) {
    return Fail(Error::InvalidArgument("If-Match and the body version disagree",
                                       {{"version", "must equal the If-Match version"}}));
  }
  return std::optional<std::int64_t>(*version);
}

Result<storage::ListQuery> ParseListQuery(const Request& request,
                                          std::span<const char* const> filterable) {
  storage::ListQuery query;
  std::vector<FieldError> errors;
  auto is_filterable = [&](std::string_view field) {
    if (field == "id" || field == "created_at" || field == "updated_at") return true;
    for (const char* name : filterable) {
      if (field == name) return true;
    }
    return false;
  };
  for (const auto& [key, value] : request.query_params) {
    if (key == "limit") {
      auto limit = ParseInteger(value);
      if (!limit || *limit < 1 || *limit > 1000) {
        errors.push_back({"limit", "must be an integer 1-1000"});
      } else {
        query.limit = static_cast<int>(*limit);
      }
    } else if (key == "offset" || key == "cursor") {
      auto offset = ParseInteger(value);
      if (!offset || *offset < 0 || *offset > 1'000'000'000) {
        errors.push_back({key, "must be a non-negative integer (a next_cursor value)"});
      } else {
        query.offset = static_cast<int>(*offset);
      }
    } else if (key == "sort") {
      std::string_view field = value;
      query.descending = field.starts_with('-');
      if (query.descending) field.remove_prefix(1);
      if (!is_filterable(field)) {
        errors.push_back({"sort", "cannot sort by '" + std::string(field) + "'"});
      } else {
        query.sort = std::string(field);
      }
    } else if (key == "q") {
      query.search = value;
    } else if (is_filterable(key)) {
      std::string normalised = value == "true" ? "1" : value == "false" ? "0" : value;
      query.filters.emplace_back(key, std::move(normalised));
    } else {
      errors.push_back({key, "is not a known query parameter"});
    }
  }
  if (!errors.empty()) {
    return Fail(Error::InvalidArgument("the query is invalid", std::move(errors)));
  }
  return query;
}

Response EntityResponse(int status, const boost::json::value& document, std::int64_t version) {
  Response response = JsonResponse(status, document);
  response.headers.Set("ETag", "\"" + std::to_string(version) + "\"");
  return response;
}

Response ListResponse(boost::json::array items, std::int64_t total,
                      const storage::ListQuery& query) {
  const std::int64_t next = static_cast<std::int64_t>(query.offset) + query.limit;
  boost::json::value cursor =
      next < total ? boost::json::value(std::to_string(next)) : boost::json::value(nullptr);
  return JsonResponse(
      200, boost::json::object{
               {"items", std::move(items)}, {"total", total}, {"next_cursor", std::move(cursor)}});
}

}  // namespace takt::api::master_data
