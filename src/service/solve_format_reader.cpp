// Reading the problem format: shared helpers, calendars and resources. Jobs, operations, links
// and the objective are in solve_format_jobs.cpp.
#include "service/solve_format_reader.hpp"

namespace takt::service::format {

std::string Item(const std::string& path, const std::string& key, std::size_t i) {
  return path + key + "[" + std::to_string(i) + "].";
}

// Index of `code` in `index`, recording "unknown <what>" otherwise.
int Lookup(Walker& w, const std::map<std::string, int>& index,
           const std::optional<std::string>& code, const std::string& field, const char* what) {
  if (!code) return -1;
  auto it = index.find(*code);
  if (it == index.end()) {
    w.Error(field, std::string("unknown ") + what + " '" + *code + "'");
    return -1;
  }
  return it->second;
}

std::optional<int> Weekday(const json::value& v) {
  static const char* kDays[] = {"MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"};
  if (v.is_int64() && v.as_int64() >= 0 && v.as_int64() < 7) return static_cast<int>(v.as_int64());
  if (v.is_string()) {
    for (int d = 0; d < 7; ++d) {
      if (v.as_string() == kDays[d]) return d;
    }
  }
  return std::nullopt;
}

// "HH:MM" (00:00..24:00) to minutes of the day.
std::optional<int> ClockMinutes(const json::value* v) {
  if (v == nullptr || !v->is_string()) return std::nullopt;
  const std::string s(v->as_string());
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  for (int i : {0, 1, 3, 4}) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  }
  const int h = (s[0] - '0') * 10 + (s[1] - '0');
  const int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (m >= 60 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
  return h * 60 + m;
}

std::vector<solver::WeeklyInterval> WeeklyList(Walker& w, const json::object& o,
                                               const std::string& key, const std::string& path) {
  std::vector<solver::WeeklyInterval> out;
  const json::array* a = w.Arr(o, key, path);
  if (a == nullptr) return out;
  for (std::size_t i = 0; i < a->size(); ++i) {
    const std::string p = Item(path, key, i);
    const json::object* e = w.Obj(&(*a)[i], p);
    if (e == nullptr) continue;
    const json::value* day = e->if_contains("day");
    const std::optional<int> weekday = day ? Weekday(*day) : std::nullopt;
    const std::optional<int> start = ClockMinutes(e->if_contains("start"));
    const std::optional<int> end = ClockMinutes(e->if_contains("end"));
    if (!weekday) w.Error(p + "day", "must be MON..SUN");
    if (!start) w.Error(p + "start", "must be a time of day \"HH:MM\"");
    if (!end) w.Error(p + "end", "must be a time of day \"HH:MM\"");
    if (weekday && start && end) out.push_back(solver::WeeklyInterval{*weekday, *start, *end});
  }
  return out;
}

std::map<std::string, int> IndexCodes(Walker& w, const json::array* items, const std::string& key,
                                      std::vector<std::string>& codes) {
  std::map<std::string, int> index;
  if (items == nullptr) return index;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const std::string p = Item("", key, i);
    std::optional<std::string> code;
    if ((*items)[i].is_string()) {
      code = std::string((*items)[i].as_string());
    } else if (const json::object* o = w.Obj(&(*items)[i], p)) {
      code = w.Str(*o, "id", p, true);
    }
    if (!code) code = "#" + std::to_string(i);
    if (!index.emplace(*code, static_cast<int>(i)).second) {
      w.Error(p + "id", "duplicate id '" + *code + "'");
    }
    codes.push_back(*code);
  }
  return index;
}

int ProblemReader::ResourceCalendar(int base, const std::vector<solver::Interval>& removed,
                                    const std::string& code) {
  if (removed.empty()) return base;
  std::vector<solver::Interval> working =
      base >= 0
          ? p_.calendars[base].working
          : std::vector<solver::Interval>{{0, p_.horizon < solver::kNoTime ? p_.horizon : 525600}};
  p_.calendars.push_back(
      solver::Calendar{code + " availability", solver::SubtractIntervals(working, removed)});
  return static_cast<int>(p_.calendars.size()) - 1;
}

void ProblemReader::ReadCalendars() {
  std::vector<std::string> codes;
  const json::array* items = w_.Arr(root_, "calendars", "");
  calendars_ = IndexCodes(w_, items, "calendars", codes);
  for (std::size_t i = 0; items != nullptr && i < items->size(); ++i) {
    const std::string path = Item("", "calendars", i);
    solver::Calendar cal{codes[i], {}};
    const json::object* o = w_.Obj(&(*items)[i], path);
    if (o == nullptr) {
      p_.calendars.push_back(cal);
      continue;
    }
    if (o->contains("working")) {
      cal.working = solver::MergeIntervals(w_.Intervals(*o, "working", path));
    } else if (const json::object* weekly = w_.Obj(o->if_contains("weekly"), path + "weekly")) {
      const std::string wp = path + "weekly.";
      solver::WeeklyPattern pattern;
      if (const json::value* d = weekly->if_contains("start_weekday")) {
        if (auto day = Weekday(*d)) {
          pattern.start_weekday = *day;
        } else {
          w_.Error(wp + "start_weekday", "must be MON..SUN");
        }
      }
      pattern.start_minute_of_day =
          static_cast<int>(w_.Int(*weekly, "start_minute_of_day", wp, false).value_or(0));
      pattern.shifts = WeeklyList(w_, *weekly, "shifts", wp);
      pattern.breaks = WeeklyList(w_, *weekly, "breaks", wp);
      if (const json::array* h = w_.Arr(*weekly, "holidays", wp)) {
        for (const json::value& v : *h) {
          if (v.is_int64()) {
            pattern.holidays.push_back(static_cast<int>(v.as_int64()));
          } else {
            w_.Error(wp + "holidays", "must list day numbers counted from the horizon start");
          }
        }
      }
      if (const json::array* ex = w_.Arr(*weekly, "exceptions", wp)) {
        for (std::size_t k = 0; k < ex->size(); ++k) {
          const std::string ep = Item(wp, "exceptions", k);
          const json::object* e = w_.Obj(&(*ex)[k], ep);
          if (e == nullptr) continue;
          const auto s = w_.Int(*e, "start", ep, true);
          const auto en = w_.Int(*e, "end", ep, true);
          const bool working = w_.Bool(*e, "working", ep).value_or(false);
          if (s && en) pattern.exceptions.push_back({solver::Interval{*s, *en}, working});
        }
      }
      cal.working = solver::BuildWorkingIntervals(pattern, p_.horizon);
    } else {
      w_.Error(path + "working", "a calendar needs \"working\" intervals or a \"weekly\" pattern");
    }
    p_.calendars.push_back(std::move(cal));
  }
}

void ProblemReader::ReadResources() {
  std::vector<std::string> codes;
  const json::array* skills = w_.Arr(root_, "skills", "");
  skills_ = IndexCodes(w_, skills, "skills", codes);
  for (const std::string& c : codes) p_.skills.push_back(solver::Skill{c});

  codes.clear();
  const json::array* families = w_.Arr(root_, "setup_families", "");
  families_ = IndexCodes(w_, families, "setup_families", codes);
  const int family_count = static_cast<int>(codes.size());

  codes.clear();
  const json::array* matrices = w_.Arr(root_, "setup_matrices", "");
  matrices_ = IndexCodes(w_, matrices, "setup_matrices", codes);
  for (std::size_t i = 0; matrices != nullptr && i < matrices->size(); ++i) {
    const std::string path = Item("", "setup_matrices", i);
    solver::SetupMatrix m{codes[i], family_count, {}};
    const json::object* o = w_.Obj(&(*matrices)[i], path);
    const json::array* rows = o ? w_.Arr(*o, "minutes", path) : nullptr;
    if (rows == nullptr || static_cast<int>(rows->size()) != family_count) {
      w_.Error(path + "minutes",
               "must have one row per setup family (" + std::to_string(family_count) + ")");
    } else {
      for (const json::value& row : *rows) {
        if (!row.is_array() || static_cast<int>(row.as_array().size()) != family_count) {
          w_.Error(path + "minutes", "each row must have one entry per setup family");
          break;
        }
        for (const json::value& v : row.as_array())
          m.minutes.push_back(v.is_int64() ? v.as_int64() : -1);
      }
    }
    if (static_cast<int>(m.minutes.size()) != family_count * family_count)
      m.minutes.assign(static_cast<std::size_t>(family_count) * family_count, 0);
    p_.setup_matrices.push_back(std::move(m));
  }

  codes.clear();
  const json::array* centers = w_.Arr(root_, "work_centers", "");
  centers_ = IndexCodes(w_, centers, "work_centers", codes);
  for (std::size_t i = 0; centers != nullptr && i < centers->size(); ++i) {
    const std::string path = Item("", "work_centers", i);
    const json::object* o = w_.Obj(&(*centers)[i], path);
    const auto limit = o ? w_.Int(*o, "wip_limit", path, false) : std::nullopt;
    if (limit && *limit < 1) w_.Error(path + "wip_limit", "must be at least 1");
    p_.work_centers.push_back(solver::WorkCenter{codes[i], static_cast<int>(limit.value_or(0))});
  }

  codes.clear();
  const json::array* machines = w_.Arr(root_, "machines", "");
  machines_ = IndexCodes(w_, machines, "machines", codes);
  for (std::size_t i = 0; machines != nullptr && i < machines->size(); ++i) {
    const std::string path = Item("", "machines", i);
    solver::Machine m{codes[i], -1, -1, -1};
    if (const json::object* o = w_.Obj(&(*machines)[i], path)) {
      m.work_center = Lookup(w_, centers_, w_.Str(*o, "work_center", path, false),
                             path + "work_center", "work center");
      m.calendar = Lookup(w_, calendars_, w_.Str(*o, "calendar", path, false), path + "calendar",
                          "calendar");
      m.setup_matrix = Lookup(w_, matrices_, w_.Str(*o, "setup_matrix", path, false),
                              path + "setup_matrix", "setup matrix");
      m.calendar = ResourceCalendar(m.calendar, w_.Intervals(*o, "downtimes", path), m.code);
    }
    p_.machines.push_back(std::move(m));
  }

  codes.clear();
  const json::array* people = w_.Arr(root_, "operators", "");
  operators_ = IndexCodes(w_, people, "operators", codes);
  for (std::size_t i = 0; people != nullptr && i < people->size(); ++i) {
    const std::string path = Item("", "operators", i);
    solver::Operator person{codes[i], -1, {}, 0.0};
    if (const json::object* o = w_.Obj(&(*people)[i], path)) {
      person.calendar = Lookup(w_, calendars_, w_.Str(*o, "calendar", path, false),
                               path + "calendar", "calendar");
      person.cost_per_minute = w_.Num(*o, "cost_per_hour", path).value_or(0.0) / 60.0;
      if (const json::array* sk = w_.Arr(*o, "skills", path)) {
        for (std::size_t k = 0; k < sk->size(); ++k) {
          const std::string sp = Item(path, "skills", k);
          const json::object* s = w_.Obj(&(*sk)[k], sp);
          if (s == nullptr) continue;
          solver::OperatorSkill skill;
          skill.skill = Lookup(w_, skills_, w_.Str(*s, "skill", sp, true), sp + "skill", "skill");
          skill.level = static_cast<int>(w_.Int(*s, "level", sp, false).value_or(1));
          skill.valid_from = w_.Int(*s, "valid_from", sp, false).value_or(-solver::kNoTime);
          skill.valid_until = w_.Int(*s, "valid_until", sp, false).value_or(solver::kNoTime);
          if (skill.skill >= 0) person.skills.push_back(skill);
        }
      }
      person.calendar =
          ResourceCalendar(person.calendar, w_.Intervals(*o, "absences", path), person.code);
    }
    p_.operators.push_back(std::move(person));
  }
}

}  // namespace takt::service::format
