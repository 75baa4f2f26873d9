#include "api/handlers/master_data_schemas.hpp"

#include <boost/json.hpp>
#include <string>
#include <vector>

namespace takt::api::master_data {

namespace json = boost::json;

namespace {

json::object Type(const char* type) { return json::object{{"type", type}}; }

json::object Nullable(const char* type) {
  return json::object{{"type", json::array{type, "null"}}};
}

json::object Enum(std::initializer_list<const char*> values) {
  json::array out;
  for (const char* v : values) out.emplace_back(v);
  return json::object{{"type", "string"}, {"enum", std::move(out)}};
}

json::object Number(double min, double max) {
  return json::object{{"type", "number"}, {"minimum", min}, {"maximum", max}};
}

json::object Integer(std::int64_t min, std::int64_t max) {
  return json::object{{"type", "integer"}, {"minimum", min}, {"maximum", max}};
}

json::object ArrayOf(json::object properties, std::initializer_list<const char*> required) {
  json::array req;
  for (const char* r : required) req.emplace_back(r);
  return json::object{{"type", "array"},
                      {"items", json::object{{"type", "object"},
                                             {"properties", std::move(properties)},
                                             {"required", std::move(req)},
                                             {"additionalProperties", false}}}};
}

json::object Weekly() {
  json::object clock{{"type", "string"}, {"pattern", "^([01][0-9]|2[0-4]):[0-5][0-9]$"}};
  return ArrayOf({{"weekday", Enum({"MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"})},
                  {"start", clock},
                  {"end", clock}},
                 {"weekday", "start", "end"});
}

json::object DateTime() { return json::object{{"type", "string"}, {"format", "date-time"}}; }

json::object Interval(std::initializer_list<const char*> kinds) {
  return ArrayOf({{"id", Type("string")},
                  {"kind", Enum(kinds)},
                  {"start", DateTime()},
                  {"end", DateTime()},
                  {"reason", Type("string")},
                  {"created_at", Type("string")}},
                 {"start", "end"});
}

// The writable members of each entity, and which of them a POST must carry.
json::object Members(SchemaEntity entity, std::vector<const char*>& key) {
  json::object code{{"type", "string"}, {"pattern", "^[A-Z0-9_-]{2,32}$"}};
  json::object name{{"type", "string"}, {"minLength", 1}, {"maxLength", 200}};
  json::object date{{"type", json::array{"string", "null"}}, {"format", "date"}};
  switch (entity) {
    case SchemaEntity::kSkill: key = {"code", "name"}; return {{"code", code}, {"name", name}};
    case SchemaEntity::kWorkCenter:
      key = {"code", "name"};
      return {{"code", code},
              {"name", name},
              {"wip_limit", Integer(1, 1'000'000)},
              {"calendar_id", Nullable("string")}};
    case SchemaEntity::kCalendar:
      key = {"name"};
      return {{"name", name},
              {"timezone", Type("string")},
              {"shifts", Weekly()},
              {"breaks", Weekly()},
              {"holidays", ArrayOf({{"date", json::object{{"type", "string"}, {"format", "date"}}},
                                    {"name", Type("string")}},
                                   {"date"})},
              {"exceptions", ArrayOf({{"kind", Enum({"WORKING", "NON_WORKING"})},
                                      {"start", DateTime()},
                                      {"end", DateTime()},
                                      {"reason", Type("string")}},
                                     {"kind", "start", "end"})}};
    case SchemaEntity::kMachine:
      key = {"code", "name"};
      return {{"code", code},
              {"name", name},
              {"work_center_id", Nullable("string")},
              {"status", Enum({"AVAILABLE", "DOWN", "MAINTENANCE", "RETIRED"})},
              {"efficiency", Number(0.1, 2.0)},
              {"calendar_id", Nullable("string")},
              {"attended", Type("boolean")},
              {"required_skills",
               ArrayOf({{"skill_id", Type("string")}, {"min_level", Integer(1, 5)}}, {"skill_id"})},
              {"setup_matrix", ArrayOf({{"from_family", Type("string")},
                                        {"to_family", Type("string")},
                                        {"minutes", Integer(0, 1'000'000)}},
                                       {"from_family", "to_family", "minutes"})},
              {"downtimes", Interval({"PLANNED", "BREAKDOWN"})}};
    case SchemaEntity::kOperator:
      key = {"employee_id", "name"};
      return {
          {"employee_id", json::object{{"type", "string"}, {"minLength", 1}, {"maxLength", 64}}},
          {"name", name},
          {"status", Enum({"ACTIVE", "ABSENT", "INACTIVE"})},
          {"calendar_id", Nullable("string")},
          {"skills", ArrayOf({{"skill_id", Type("string")},
                              {"level", Integer(1, 5)},
                              {"certified_on", date},
                              {"expires_on", date}},
                             {"skill_id", "level"})},
          {"absences", Interval({"ABSENCE", "OVERTIME"})}};
  }
  return {};
}

json::array Names(const std::vector<const char*>& names) {
  json::array out;
  for (const char* n : names) out.emplace_back(n);
  return out;
}

}  // namespace

json::value EntitySchema(SchemaEntity entity) {
  std::vector<const char*> key;
  json::object properties = Members(entity, key);
  properties["id"] = Type("string");
  properties["version"] = Integer(1, INT64_MAX);
  properties["created_at"] = Type("string");
  properties["updated_at"] = Type("string");
  key.insert(key.begin(), {"id", "version"});
  return json::object{
      {"type", "object"}, {"properties", std::move(properties)}, {"required", Names(key)}};
}

json::value CreateSchema(SchemaEntity entity) {
  std::vector<const char*> key;
  json::object properties = Members(entity, key);
  return json::object{{"type", "object"},
                      {"properties", std::move(properties)},
                      {"required", Names(key)},
                      {"additionalProperties", false}};
}

json::value PatchSchema(SchemaEntity entity) {
  std::vector<const char*> key;
  json::object properties = Members(entity, key);
  properties.erase("downtimes");
  properties.erase("absences");
  properties["version"] = Integer(1, INT64_MAX);
  properties["id"] = Type("string");
  properties["created_at"] = Type("string");
  properties["updated_at"] = Type("string");
  return json::object{
      {"type", "object"}, {"properties", std::move(properties)}, {"additionalProperties", false}};
}

json::value ListSchema(json::value item) {
  return json::object{
      {"type", "object"},
      {"properties", json::object{{"items", json::object{{"type", "array"}, {"items", item}}},
                                  {"total", Type("integer")},
                                  {"next_cursor", Nullable("string")}}},
      {"required", json::array{"items", "total", "next_cursor"}}};
}

}  // namespace takt::api::master_data
