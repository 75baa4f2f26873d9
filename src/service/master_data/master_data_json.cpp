#include "service/master_data/master_data_json.hpp"

#include <boost/json/serialize.hpp>

#include "core/master_data_rules.hpp"

namespace takt::service {

namespace json = boost::json;

namespace {

template <typename Tag>
json::value Reference(StrongId<Tag> id) {
  return id.valid() ? json::value(id.ToString()) : json::value(nullptr);
}

void AddMeta(json::object& o, std::int64_t version, const std::string& created_at,
             const std::string& updated_at) {
  o["version"] = version;
  o["created_at"] = created_at;
  o["updated_at"] = updated_at;
}

json::array Weekly(const std::vector<WeeklyInterval>& list) {
  json::array out;
  for (const WeeklyInterval& w : list) {
    out.push_back(json::object{{"weekday", WeekdayName(w.weekday)},
                               {"start", FormatClockTime(w.start_minute)},
                               {"end", FormatClockTime(w.end_minute)}});
  }
  return out;
}

json::value OptionalText(const std::optional<std::string>& text) {
  return text ? json::value(*text) : json::value(nullptr);
}

}  // namespace

json::value ToJson(const Skill& s) {
  json::object o{{"id", s.id.ToString()}, {"code", s.code}, {"name", s.name}};
  AddMeta(o, s.version, s.created_at, s.updated_at);
  return o;
}

json::value ToJson(const WorkCenter& w) {
  json::object o{{"id", w.id.ToString()},
                 {"code", w.code},
                 {"name", w.name},
                 {"wip_limit", w.wip_limit},
                 {"calendar_id", Reference(w.calendar_id)}};
  AddMeta(o, w.version, w.created_at, w.updated_at);
  return o;
}

json::value ToJson(const Calendar& c) {
  json::array holidays;
  for (const auto& h : c.holidays)
    holidays.push_back(json::object{{"date", h.date}, {"name", h.name}});
  json::array exceptions;
  for (const auto& x : c.exceptions) {
    exceptions.push_back(json::object{{"kind", CalendarExceptionKindName(x.kind)},
                                      {"start", FormatInstant(x.start)},
                                      {"end", FormatInstant(x.end)},
                                      {"reason", x.reason}});
  }
  json::object o{{"id", c.id.ToString()},
                 {"name", c.name},
                 {"timezone", c.timezone},
                 {"shifts", Weekly(c.shifts)},
                 {"breaks", Weekly(c.breaks)},
                 {"holidays", std::move(holidays)},
                 {"exceptions", std::move(exceptions)}};
  AddMeta(o, c.version, c.created_at, c.updated_at);
  return o;
}

json::value ToJson(const Downtime& d) {
  return json::object{{"id", d.id.ToString()},
                      {"kind", DowntimeKindName(d.kind)},
                      {"start", FormatInstant(d.start)},
                      {"end", FormatInstant(d.end)},
                      {"reason", d.reason},
                      {"created_at", d.created_at}};
}

json::value ToJson(const Machine& m) {
  json::array skills;
  for (const auto& s : m.required_skills) {
    skills.push_back(json::object{{"skill_id", s.skill_id.ToString()}, {"min_level", s.min_level}});
  }
  json::array setups;
  for (const auto& s : m.setup_matrix) {
    setups.push_back(json::object{
        {"from_family", s.from_family}, {"to_family", s.to_family}, {"minutes", s.minutes}});
  }
  json::array downtimes;
  for (const auto& d : m.downtimes) downtimes.push_back(ToJson(d));
  json::object o{{"id", m.id.ToString()},
                 {"code", m.code},
                 {"name", m.name},
                 {"work_center_id", Reference(m.work_center_id)},
                 {"status", MachineStatusName(m.status)},
                 {"efficiency", m.efficiency},
                 {"calendar_id", Reference(m.calendar_id)},
                 {"attended", m.attended},
                 {"required_skills", std::move(skills)},
                 {"setup_matrix", std::move(setups)},
                 {"downtimes", std::move(downtimes)}};
  AddMeta(o, m.version, m.created_at, m.updated_at);
  return o;
}

json::value ToJson(const OperatorSkill& s) {
  return json::object{{"skill_id", s.skill_id.ToString()},
                      {"level", s.level},
                      {"certified_on", OptionalText(s.certified_on)},
                      {"expires_on", OptionalText(s.expires_on)}};
}

json::value ToJson(const Absence& a) {
  return json::object{{"id", a.id.ToString()},
                      {"kind", AbsenceKindName(a.kind)},
                      {"start", FormatInstant(a.start)},
                      {"end", FormatInstant(a.end)},
                      {"reason", a.reason},
                      {"created_at", a.created_at}};
}

json::value ToJson(const Operator& op) {
  json::array skills;
  for (const auto& s : op.skills) skills.push_back(ToJson(s));
  json::array absences;
  for (const auto& a : op.absences) absences.push_back(ToJson(a));
  json::object o{{"id", op.id.ToString()},
                 {"employee_id", op.employee_id},
                 {"name", op.name},
                 {"status", OperatorStatusName(op.status)},
                 {"calendar_id", Reference(op.calendar_id)},
                 {"skills", std::move(skills)},
                 {"absences", std::move(absences)}};
  AddMeta(o, op.version, op.created_at, op.updated_at);
  return o;
}

template <typename E>
std::string AuditImage(const E& entity) {
  return json::serialize(ToJson(entity));
}

template std::string AuditImage(const Skill&);
template std::string AuditImage(const WorkCenter&);
template std::string AuditImage(const Calendar&);
template std::string AuditImage(const Machine&);
template std::string AuditImage(const Operator&);

}  // namespace takt::service
