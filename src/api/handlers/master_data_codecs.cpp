#include "api/handlers/master_data_codecs.hpp"

#include <optional>

#include "core/master_data_rules.hpp"

namespace takt::api {

namespace {

JsonReader::Presence PresenceFor(ReadMode mode, bool key_field) {
  return mode == ReadMode::kCreate && key_field ? JsonReader::kRequired : JsonReader::kOptional;
}

// Reads `key` into `target` when present (required in create mode for key fields).
template <typename T>
void Field(JsonReader& r, std::string_view key, T& target, ReadMode mode, bool key_field = false) {
  auto value = PresenceFor(mode, key_field) == JsonReader::kRequired ? r.Required<T>(key)
                                                                     : r.Optional<T>(key);
  if (value) target = std::move(*value);
}

// A reference id: absent keeps, null clears, a string of digits sets.
template <typename Tag>
void Reference(JsonReader& r, std::string_view key, StrongId<Tag>& target) {
  auto value = r.Nullable<StrongId<Tag>>(key);
  if (value) target = value->value_or(StrongId<Tag>());
}

// An upper-case enum read through `parse`; `names` lists the allowed values for the message.
template <typename Enum, typename Parse>
void EnumField(JsonReader& r, std::string_view key, Enum& target, Parse parse, const char* names,
               JsonReader::Presence presence = JsonReader::kOptional) {
  auto text = presence == JsonReader::kRequired ? r.Required<std::string>(key)
                                                : r.Optional<std::string>(key);
  if (!text) return;
  auto parsed = parse(*text);
  if (!parsed) {
    r.AddError(key, std::string("must be one of ") + names);
    return;
  }
  target = *parsed;
}

void InstantField(JsonReader& r, std::string_view key, Instant& target,
                  JsonReader::Presence presence) {
  auto text = presence == JsonReader::kRequired ? r.Required<std::string>(key)
                                                : r.Optional<std::string>(key);
  if (!text) return;
  auto parsed = ParseInstant(*text);
  if (!parsed) {
    r.AddError(key, "must be an RFC 3339 date-time such as 2026-11-24T08:00:00Z");
    return;
  }
  target = *parsed;
}

// A date "YYYY-MM-DD": absent keeps, null clears.
void DateField(JsonReader& r, std::string_view key, std::optional<std::string>& target) {
  auto value = r.Nullable<std::string>(key);
  if (!value) return;
  if (*value) {
    if (auto problem = DateProblem(**value)) {
      r.AddError(key, *problem);
      return;
    }
  }
  target = *value;
}

void ClockField(JsonReader& r, std::string_view key, int& target) {
  auto text = r.Required<std::string>(key);
  if (!text) return;
  auto minutes = ParseClockTime(*text);
  if (!minutes) {
    r.AddError(key, "must be a time HH:MM between 00:00 and 24:00");
    return;
  }
  target = *minutes;
}

// Replaces `list` with the array under `key` when it is present.
template <typename T, typename ReadOne>
void ListField(JsonReader& r, std::string_view key, std::vector<T>& list, ReadOne read_one) {
  if (!r.Has(key) || r.IsNull(key)) {
    if (r.Has(key)) r.Optional<std::string>(key);  // marks an explicit null as seen
    return;
  }
  std::vector<T> out;
  r.ForEach(key, JsonReader::kOptional, [&](JsonReader& item, std::size_t) {
    T value{};
    read_one(item, value);
    out.push_back(std::move(value));
  });
  list = std::move(out);
}

void ReadWeekly(JsonReader& r, WeeklyInterval& w) {
  EnumField(r, "weekday", w.weekday, ParseWeekday, "MON, TUE, WED, THU, FRI, SAT, SUN",
            JsonReader::kRequired);
  ClockField(r, "start", w.start_minute);
  ClockField(r, "end", w.end_minute);
}

}  // namespace

void ReadEntity(JsonReader& r, Skill& e, ReadMode mode) {
  Field(r, "code", e.code, mode, true);
  Field(r, "name", e.name, mode, true);
}

void ReadEntity(JsonReader& r, WorkCenter& e, ReadMode mode) {
  Field(r, "code", e.code, mode, true);
  Field(r, "name", e.name, mode, true);
  Field(r, "wip_limit", e.wip_limit, mode);
  Reference(r, "calendar_id", e.calendar_id);
}

void ReadEntity(JsonReader& r, Calendar& e, ReadMode mode) {
  Field(r, "name", e.name, mode, true);
  Field(r, "timezone", e.timezone, mode);
  ListField(r, "shifts", e.shifts, ReadWeekly);
  ListField(r, "breaks", e.breaks, ReadWeekly);
  ListField(r, "holidays", e.holidays, [](JsonReader& item, CalendarHoliday& h) {
    auto date = item.Required<std::string>("date");
    if (date) h.date = *date;
    if (auto name = item.Optional<std::string>("name")) h.name = *name;
  });
  ListField(r, "exceptions", e.exceptions, [](JsonReader& item, CalendarException& x) {
    EnumField(item, "kind", x.kind, ParseCalendarExceptionKind, "WORKING, NON_WORKING",
              JsonReader::kRequired);
    InstantField(item, "start", x.start, JsonReader::kRequired);
    InstantField(item, "end", x.end, JsonReader::kRequired);
    if (auto reason = item.Optional<std::string>("reason")) x.reason = *reason;
  });
}

void ReadEntity(JsonReader& r, Machine& e, ReadMode mode) {
  Field(r, "code", e.code, mode, true);
  Field(r, "name", e.name, mode, true);
  Reference(r, "work_center_id", e.work_center_id);
  EnumField(r, "status", e.status, ParseMachineStatus, "AVAILABLE, DOWN, MAINTENANCE, RETIRED");
  Field(r, "efficiency", e.efficiency, mode);
  Reference(r, "calendar_id", e.calendar_id);
  Field(r, "attended", e.attended, mode);
  ListField(r, "required_skills", e.required_skills, [](JsonReader& item, MachineSkill& s) {
    if (auto id = item.Required<SkillId>("skill_id")) s.skill_id = *id;
    s.min_level = item.Optional<int>("min_level").value_or(1);
  });
  ListField(r, "setup_matrix", e.setup_matrix, [](JsonReader& item, SetupTime& s) {
    if (auto from = item.Required<std::string>("from_family")) s.from_family = *from;
    if (auto to = item.Required<std::string>("to_family")) s.to_family = *to;
    if (auto minutes = item.Required<int>("minutes")) s.minutes = *minutes;
  });
  // Downtimes have their own sub-resource; a full list may still be given on create.
  if (mode == ReadMode::kCreate) {
    ListField(r, "downtimes", e.downtimes, ReadDowntime);
  } else if (r.Has("downtimes")) {
    r.Optional<boost::json::value>("downtimes");
    r.AddError("downtimes", "is changed through /machines/{id}/downtimes, not PATCH");
  }
}

void ReadEntity(JsonReader& r, Operator& e, ReadMode mode) {
  Field(r, "employee_id", e.employee_id, mode, true);
  Field(r, "name", e.name, mode, true);
  EnumField(r, "status", e.status, ParseOperatorStatus, "ACTIVE, ABSENT, INACTIVE");
  Reference(r, "calendar_id", e.calendar_id);
  ListField(r, "skills", e.skills, ReadOperatorSkill);
  if (mode == ReadMode::kCreate) {
    ListField(r, "absences", e.absences, ReadAbsence);
  } else if (r.Has("absences")) {
    r.Optional<boost::json::value>("absences");
    r.AddError("absences", "is changed through /operators/{id}/absences, not PATCH");
  }
}

void ReadDowntime(JsonReader& r, Downtime& d) {
  EnumField(r, "kind", d.kind, ParseDowntimeKind, "PLANNED, BREAKDOWN");
  InstantField(r, "start", d.start, JsonReader::kRequired);
  InstantField(r, "end", d.end, JsonReader::kRequired);
  if (auto reason = r.Optional<std::string>("reason")) d.reason = *reason;
}

void ReadAbsence(JsonReader& r, Absence& a) {
  EnumField(r, "kind", a.kind, ParseAbsenceKind, "ABSENCE, OVERTIME");
  InstantField(r, "start", a.start, JsonReader::kRequired);
  InstantField(r, "end", a.end, JsonReader::kRequired);
  if (auto reason = r.Optional<std::string>("reason")) a.reason = *reason;
}

void ReadOperatorSkill(JsonReader& r, OperatorSkill& s) {
  if (auto id = r.Required<SkillId>("skill_id")) s.skill_id = *id;
  if (auto level = r.Required<int>("level")) s.level = *level;
  DateField(r, "certified_on", s.certified_on);
  DateField(r, "expires_on", s.expires_on);
}

}  // namespace takt::api
