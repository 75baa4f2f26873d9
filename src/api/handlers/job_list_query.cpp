#include "api/handlers/job_list_query.hpp"

#include <charconv>
#include <set>
#include <string>
#include <vector>

namespace takt::api {
namespace {

constexpr int kMaxLimit = 1000;

std::vector<std::string_view> SplitCommas(std::string_view text) {
  std::vector<std::string_view> parts;
  while (!text.empty()) {
    auto comma = text.find(',');
    parts.push_back(text.substr(0, comma));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return parts;
}

std::optional<std::int64_t> ToInt(std::string_view text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

Result<JobListQuery> ParseJobListQuery(const Request& request) {
  JobListQuery out;
  storage::JobFilter& f = out.filter;
  f.now = InstantNow();
  std::vector<FieldError> errors;
  static const std::set<std::string, std::less<>> kKnown = {
      "status", "priority", "customer", "due_before", "overdue", "q",
      "sort",   "limit",    "offset",   "cursor",     "include"};
  for (const auto& [name, value] : request.query_params) {
    if (!kKnown.count(name)) {
      errors.push_back({name,
                        "is not a known query parameter (known: status, priority, "
                        "customer, due_before, overdue, q, sort, limit, offset, cursor, "
                        "include)"});
    }
  }
  for (std::string_view raw : request.QueryAll("status")) {
    for (std::string_view part : SplitCommas(raw)) {
      if (auto s = ParseJobStatus(part)) {
        f.statuses.push_back(*s);
      } else {
        errors.push_back({"status", "'" + std::string(part) + "' is not a job status"});
      }
    }
  }
  for (std::string_view raw : request.QueryAll("priority")) {
    for (std::string_view part : SplitCommas(raw)) {
      if (auto p = ParseJobPriority(part)) {
        f.priorities.push_back(*p);
      } else {
        errors.push_back({"priority", "must be LOW, NORMAL, HIGH or URGENT"});
      }
    }
  }
  if (auto c = request.Query("customer")) f.customer = std::string(*c);
  if (auto q = request.Query("q")) f.q = std::string(*q);
  if (auto d = request.Query("due_before")) {
    f.due_before = ParseInstant(*d);
    if (!f.due_before) errors.push_back({"due_before", "must be an RFC 3339 date-time"});
  }
  if (auto o = request.Query("overdue")) {
    if (*o == "true") {
      f.overdue = true;
    } else if (*o == "false") {
      f.overdue = false;
    } else {
      errors.push_back({"overdue", "must be true or false"});
    }
  }
  if (auto l = request.Query("limit")) {
    auto limit = ToInt(*l);
    if (!limit || *limit < 1 || *limit > kMaxLimit) {
      errors.push_back({"limit", "must be an integer from 1 to 1000"});
    } else {
      f.limit = static_cast<int>(*limit);
    }
  }
  if (auto o = request.Query("offset")) {
    auto offset = ToInt(*o);
    if (!offset || *offset < 0) {
      errors.push_back({"offset", "must be a non-negative integer"});
    } else {
      f.offset = *offset;
    }
  }
  if (auto c = request.Query("cursor")) {
    auto offset = c->size() > 1 && c->front() == 'o' ? ToInt(c->substr(1)) : std::nullopt;
    if (!offset || *offset < 0) {
      errors.push_back({"cursor", "is not a cursor returned by this API"});
    } else {
      f.offset = *offset;
    }
  }
  if (auto s = request.Query("sort")) {
    std::string_view key = *s;
    f.sort.descending = !key.empty() && key.front() == '-';
    if (f.sort.descending) key.remove_prefix(1);
    static const std::pair<const char*, storage::JobSortKey> kSorts[] = {
        {"due_date", storage::JobSortKey::kDueDate},
        {"priority", storage::JobSortKey::kPriority},
        {"created_at", storage::JobSortKey::kCreatedAt},
        {"job_number", storage::JobSortKey::kJobNumber},
        {"customer_name", storage::JobSortKey::kCustomerName},
        {"status", storage::JobSortKey::kStatus}};
    bool found = false;
    for (const auto& [name, value] : kSorts) {
      if (key == name) {
        f.sort.key = value;
        found = true;
      }
    }
    if (!found) {
      errors.push_back({"sort",
                        "must be one of due_date, priority, created_at, job_number, "
                        "customer_name, status (prefix '-' for descending)"});
    }
  }
  if (auto inc = request.Query("include")) {
    if (*inc == "tasks") {
      out.include_tasks = true;
    } else {
      errors.push_back({"include", "must be 'tasks'"});
    }
  }
  if (!errors.empty()) {
    return Fail(Error::InvalidArgument("the query is invalid", std::move(errors)));
  }
  return out;
}

std::string JobListCursor(std::int64_t next_offset) { return "o" + std::to_string(next_offset); }

}  // namespace takt::api
