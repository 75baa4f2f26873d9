// Internal to the problem-format reader (solve_format_reader.cpp, solve_format_jobs.cpp): a
// Walker that carries JSON paths and accumulates every error, and the ProblemReader that fills a
// solver::Problem section by section. One reader per document, one thread.
#pragma once

#include <boost/json.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "service/solve_format.hpp"
#include "solver/model/weekly_calendar.hpp"

namespace takt::service::format {

namespace json = boost::json;
using solver::Minutes;

class Walker {
 public:
  std::vector<FieldError> errors;

  void Error(const std::string& path, std::string message) {
    errors.push_back(FieldError{path, std::move(message)});
  }

  const json::object* Obj(const json::value* v, const std::string& path) {
    if (v == nullptr) return nullptr;
    if (!v->is_object()) {
      Error(path, "must be an object");
      return nullptr;
    }
    return &v->as_object();
  }
  const json::array* Arr(const json::object& o, const std::string& key, const std::string& path) {
    const json::value* v = o.if_contains(key);
    if (v == nullptr || v->is_null()) return nullptr;
    if (!v->is_array()) {
      Error(path + key, "must be an array");
      return nullptr;
    }
    return &v->as_array();
  }
  std::optional<std::string> Str(const json::object& o, const std::string& key,
                                 const std::string& path, bool required) {
    const json::value* v = o.if_contains(key);
    if (v == nullptr || v->is_null()) {
      if (required) Error(path + key, "is required");
      return std::nullopt;
    }
    if (!v->is_string()) {
      Error(path + key, "must be a string");
      return std::nullopt;
    }
    return std::string(v->as_string());
  }
  std::optional<std::int64_t> Int(const json::object& o, const std::string& key,
                                  const std::string& path, bool required) {
    const json::value* v = o.if_contains(key);
    if (v == nullptr || v->is_null()) {
      if (required) Error(path + key, "is required");
      return std::nullopt;
    }
    if (v->is_int64()) return v->as_int64();
    if (v->is_uint64() && v->as_uint64() < (1ULL << 62))
      return static_cast<std::int64_t>(v->as_uint64());
    if (v->is_double() &&
        v->as_double() == static_cast<double>(static_cast<std::int64_t>(v->as_double()))) {
      return static_cast<std::int64_t>(v->as_double());
    }
    Error(path + key, "must be an integer (minutes)");
    return std::nullopt;
  }
  std::optional<double> Num(const json::object& o, const std::string& key,
                            const std::string& path) {
    const json::value* v = o.if_contains(key);
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (v->is_number()) return v->to_number<double>();
    Error(path + key, "must be a number");
    return std::nullopt;
  }
  std::optional<bool> Bool(const json::object& o, const std::string& key, const std::string& path) {
    const json::value* v = o.if_contains(key);
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (v->is_bool()) return v->as_bool();
    Error(path + key, "must be true or false");
    return std::nullopt;
  }
  // [[start, end], ...] interval lists.
  std::vector<solver::Interval> Intervals(const json::object& o, const std::string& key,
                                          const std::string& path) {
    std::vector<solver::Interval> out;
    const json::array* a = Arr(o, key, path);
    if (a == nullptr) return out;
    for (std::size_t i = 0; i < a->size(); ++i) {
      const std::string p = path + key + "[" + std::to_string(i) + "]";
      const json::value& v = (*a)[i];
      if (!v.is_array() || v.as_array().size() != 2 || !v.as_array()[0].is_int64() ||
          !v.as_array()[1].is_int64()) {
        Error(p, "must be [start, end] in integer minutes");
        continue;
      }
      const solver::Interval iv{v.as_array()[0].as_int64(), v.as_array()[1].as_int64()};
      if (iv.end <= iv.start) {
        Error(p, "must end after it starts");
        continue;
      }
      out.push_back(iv);
    }
    return out;
  }
};

std::string Item(const std::string& path, const std::string& key, std::size_t i);
int Lookup(Walker& w, const std::map<std::string, int>& index,
           const std::optional<std::string>& code, const std::string& field, const char* what);
std::optional<int> Weekday(const json::value& v);
std::optional<int> ClockMinutes(const json::value* v);
std::vector<solver::WeeklyInterval> WeeklyList(Walker& w, const json::object& o,
                                               const std::string& key, const std::string& path);
std::map<std::string, int> IndexCodes(Walker& w, const json::array* items, const std::string& key,
                                      std::vector<std::string>& codes);

class ProblemReader {
 public:
  explicit ProblemReader(const json::object& root) : root_(root) {}

  Result<ProblemDocument> Read();

 private:
  void ReadCalendars();
  void ReadResources();
  void ReadJobs();
  void ReadOperation(const json::object& o, const std::string& path, int job, int position);
  void ReadLinks();
  void ReadObjective();
  int ResourceCalendar(int base, const std::vector<solver::Interval>& removed,
                       const std::string& code);

  const json::object& root_;
  Walker w_;
  ProblemDocument doc_;
  solver::Problem& p_ = doc_.problem;
  std::map<std::string, int> calendars_, skills_, centers_, matrices_, machines_, operators_,
      families_, operations_;
  // Links to resolve once every operation is known: (path, after op, link object or default).
  struct PendingLink {
    std::string path;
    int after;
    const json::object* link;  // nullptr: default route link from `before`
    int before;
  };
  std::vector<PendingLink> links_;
};

}  // namespace takt::service::format
