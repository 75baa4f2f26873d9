#include "api/handlers/master_data_csv.hpp"

#include <algorithm>
#include <charconv>

#include "core/master_data_rules.hpp"

namespace takt::api {

const std::string* CsvRecord::Get(const std::string& column) const {
  auto it = fields->find(column);
  return it == fields->end() ? nullptr : &it->second;
}

void CsvRecord::AddError(const std::string& column, std::string message) const {
  errors->push_back({prefix + "." + column, std::move(message)});
}

namespace {

bool Has(const std::vector<std::string>& columns, const char* column) {
  return std::find(columns.begin(), columns.end(), column) != columns.end();
}

std::optional<std::int64_t> Integer(std::string_view text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

template <typename Tag>
std::string IdText(StrongId<Tag> id) {
  return id.valid() ? id.ToString() : std::string();
}

void Text(const CsvRecord& row, const char* column, std::string& target) {
  if (const std::string* v = row.Get(column)) target = *v;
}

void Int(const CsvRecord& row, const char* column, int& target) {
  const std::string* v = row.Get(column);
  if (v == nullptr || v->empty()) return;
  auto value = Integer(*v);
  if (!value || *value < INT32_MIN || *value > INT32_MAX) {
    row.AddError(column, "must be an integer");
    return;
  }
  target = static_cast<int>(*value);
}

template <typename Tag>
void Ref(const CsvRecord& row, const char* column, StrongId<Tag>& target) {
  const std::string* v = row.Get(column);
  if (v == nullptr) return;
  if (v->empty()) {
    target = StrongId<Tag>();
    return;
  }
  auto value = Integer(*v);
  if (!value || *value <= 0) {
    row.AddError(column, "must be an id (a positive integer) or empty");
    return;
  }
  target = StrongId<Tag>(*value);
}

template <typename Enum, typename Parse>
void EnumColumn(const CsvRecord& row, const char* column, Enum& target, Parse parse,
                const char* names) {
  const std::string* v = row.Get(column);
  if (v == nullptr || v->empty()) return;
  auto parsed = parse(*v);
  if (!parsed) {
    row.AddError(column, std::string("must be one of ") + names);
    return;
  }
  target = *parsed;
}

// "a:b:c;d:e:f" -> {{a,b,c},{d,e,f}}
std::vector<std::vector<std::string>> SplitList(const std::string& text) {
  std::vector<std::vector<std::string>> out;
  std::size_t start = 0;
  while (start <= text.size() && !text.empty()) {
    std::size_t end = text.find(';', start);
    std::string item =
        text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    std::vector<std::string> parts;
    std::size_t p = 0;
    while (true) {
      std::size_t colon = item.find(':', p);
      parts.push_back(item.substr(p, colon == std::string::npos ? std::string::npos : colon - p));
      if (colon == std::string::npos) break;
      p = colon + 1;
    }
    out.push_back(std::move(parts));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

// The shortest text that reads back as the same double (so export + import changes nothing).
std::string FormatEfficiency(double value) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return ec == std::errc() ? std::string(buffer, end) : std::to_string(value);
}

}  // namespace

std::vector<std::string> CsvLayout<Skill>::ToRow(const Skill& e) { return {e.code, e.name}; }
void CsvLayout<Skill>::FromRow(const CsvRecord& row, Skill& e) {
  Text(row, "code", e.code);
  Text(row, "name", e.name);
}
void CsvLayout<Skill>::Merge(Skill& stored, const Skill& row, const std::vector<std::string>&) {
  stored.name = row.name;
}

std::vector<std::string> CsvLayout<WorkCenter>::ToRow(const WorkCenter& e) {
  return {e.code, e.name, std::to_string(e.wip_limit), IdText(e.calendar_id)};
}
void CsvLayout<WorkCenter>::FromRow(const CsvRecord& row, WorkCenter& e) {
  Text(row, "code", e.code);
  Text(row, "name", e.name);
  Int(row, "wip_limit", e.wip_limit);
  Ref(row, "calendar_id", e.calendar_id);
}
void CsvLayout<WorkCenter>::Merge(WorkCenter& stored, const WorkCenter& row,
                                  const std::vector<std::string>& columns) {
  stored.name = row.name;
  if (Has(columns, "wip_limit")) stored.wip_limit = row.wip_limit;
  if (Has(columns, "calendar_id")) stored.calendar_id = row.calendar_id;
}

std::vector<std::string> CsvLayout<Calendar>::ToRow(const Calendar& e) {
  return {e.name, e.timezone};
}
void CsvLayout<Calendar>::FromRow(const CsvRecord& row, Calendar& e) {
  Text(row, "name", e.name);
  Text(row, "timezone", e.timezone);
  if (e.timezone.empty()) e.timezone = "UTC";
}
void CsvLayout<Calendar>::Merge(Calendar& stored, const Calendar& row,
                                const std::vector<std::string>& columns) {
  if (Has(columns, "timezone")) stored.timezone = row.timezone;
}

std::vector<std::string> CsvLayout<Machine>::ToRow(const Machine& e) {
  std::string skills;
  for (const MachineSkill& s : e.required_skills) {
    if (!skills.empty()) skills += ';';
    skills += s.skill_id.ToString() + ":" + std::to_string(s.min_level);
  }
  return {e.code,
          e.name,
          IdText(e.work_center_id),
          MachineStatusName(e.status),
          FormatEfficiency(e.efficiency),
          IdText(e.calendar_id),
          e.attended ? "true" : "false",
          skills};
}
void CsvLayout<Machine>::FromRow(const CsvRecord& row, Machine& e) {
  Text(row, "code", e.code);
  Text(row, "name", e.name);
  Ref(row, "work_center_id", e.work_center_id);
  EnumColumn(row, "status", e.status, ParseMachineStatus, "AVAILABLE, DOWN, MAINTENANCE, RETIRED");
  if (const std::string* v = row.Get("efficiency"); v != nullptr && !v->empty()) {
    double value = 0;
    auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), value);
    if (ec != std::errc() || end != v->data() + v->size()) {
      row.AddError("efficiency", "must be a number");
    } else {
      e.efficiency = value;
    }
  }
  Ref(row, "calendar_id", e.calendar_id);
  if (const std::string* v = row.Get("attended"); v != nullptr && !v->empty()) {
    if (*v == "true" || *v == "1") {
      e.attended = true;
    } else if (*v == "false" || *v == "0") {
      e.attended = false;
    } else {
      row.AddError("attended", "must be true or false");
    }
  }
  if (const std::string* v = row.Get("required_skills")) {
    e.required_skills.clear();
    for (const auto& parts : SplitList(*v)) {
      auto id = Integer(parts[0]);
      auto level = parts.size() == 2 ? Integer(parts[1]) : std::optional<std::int64_t>(1);
      if (parts.size() > 2 || !id || *id <= 0 || !level) {
        row.AddError("required_skills", "must be skill_id:min_level pairs separated by ';'");
        break;
      }
      e.required_skills.push_back({SkillId(*id), static_cast<int>(*level)});
    }
  }
}
void CsvLayout<Machine>::Merge(Machine& stored, const Machine& row,
                               const std::vector<std::string>& columns) {
  stored.name = row.name;
  if (Has(columns, "work_center_id")) stored.work_center_id = row.work_center_id;
  if (Has(columns, "status")) stored.status = row.status;
  if (Has(columns, "efficiency")) stored.efficiency = row.efficiency;
  if (Has(columns, "calendar_id")) stored.calendar_id = row.calendar_id;
  if (Has(columns, "attended")) stored.attended = row.attended;
  if (Has(columns, "required_skills")) stored.required_skills = row.required_skills;
}

std::vector<std::string> CsvLayout<Operator>::ToRow(const Operator& e) {
  std::string skills;
  for (const OperatorSkill& s : e.skills) {
    if (!skills.empty()) skills += ';';
    skills += s.skill_id.ToString() + ":" + std::to_string(s.level) + ":" +
              s.certified_on.value_or("") + ":" + s.expires_on.value_or("");
  }
  return {e.employee_id, e.name, OperatorStatusName(e.status), IdText(e.calendar_id), skills};
}
void CsvLayout<Operator>::FromRow(const CsvRecord& row, Operator& e) {
  Text(row, "employee_id", e.employee_id);
  Text(row, "name", e.name);
  EnumColumn(row, "status", e.status, ParseOperatorStatus, "ACTIVE, ABSENT, INACTIVE");
  Ref(row, "calendar_id", e.calendar_id);
  if (const std::string* v = row.Get("skills")) {
    e.skills.clear();
    for (const auto& parts : SplitList(*v)) {
      auto id = Integer(parts[0]);
      auto level = parts.size() >= 2 ? Integer(parts[1]) : std::nullopt;
      if (parts.size() > 4 || !id || *id <= 0 || !level) {
        row.AddError("skills",
                     "must be skill_id:level[:certified_on[:expires_on]] items separated by ';'");
        break;
      }
      OperatorSkill skill{SkillId(*id), static_cast<int>(*level), std::nullopt, std::nullopt};
      if (parts.size() >= 3 && !parts[2].empty()) skill.certified_on = parts[2];
      if (parts.size() >= 4 && !parts[3].empty()) skill.expires_on = parts[3];
      e.skills.push_back(std::move(skill));
    }
  }
}
void CsvLayout<Operator>::Merge(Operator& stored, const Operator& row,
                                const std::vector<std::string>& columns) {
  stored.name = row.name;
  if (Has(columns, "status")) stored.status = row.status;
  if (Has(columns, "calendar_id")) stored.calendar_id = row.calendar_id;
  if (Has(columns, "skills")) stored.skills = row.skills;
}

}  // namespace takt::api
