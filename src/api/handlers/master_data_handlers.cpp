#include "api/handlers/master_data_handlers.hpp"

#include <array>
#include <boost/json.hpp>
#include <span>

#include "api/handlers/master_data_codecs.hpp"
#include "api/handlers/master_data_http.hpp"
#include "api/handlers/master_data_schemas.hpp"
#include "api/json_reader.hpp"
#include "core/permissions.hpp"
#include "service/master_data/master_data_json.hpp"

namespace takt::api {

namespace json = boost::json;
using namespace master_data;

namespace {

constexpr std::array<const char*, 2> kSkillFilters = {"code", "name"};
constexpr std::array<const char*, 4> kWorkCenterFilters = {"code", "name", "wip_limit",
                                                           "calendar_id"};
constexpr std::array<const char*, 2> kCalendarFilters = {"name", "timezone"};
constexpr std::array<const char*, 7> kMachineFilters = {
    "code", "name", "work_center_id", "status", "efficiency", "calendar_id", "attended"};
constexpr std::array<const char*, 4> kOperatorFilters = {"employee_id", "name", "status",
                                                         "calendar_id"};

// What the generic CRUD routes need to know about one entity.
struct EntityRoutes {
  std::string path;  // "/api/v1/work-centers"
  std::string what;  // "work center"
  std::string plural;
  std::span<const char* const> filters;
  SchemaEntity schema;
};

json::value ObjectSchema() { return json::object{{"type", "object"}}; }

template <typename E>
void RegisterCrud(Router& router, service::MasterDataService<E>& service,
                  const EntityRoutes& routes) {
  using Id = typename service::MasterDataService<E>::Id;
  const std::string item_path = routes.path + "/{id}";
  const std::string what = routes.what;

  router.Add({.method = "POST",
              .path = routes.path,
              .permission = permission::kMasterDataWrite,
              .summary = "Create a " + what,
              .tag = "Master data",
              .request_schema = CreateSchema(routes.schema),
              .response_schema = EntitySchema(routes.schema),
              .success_status = 201,
              .handler = [&service, path = routes.path](Request& request) {
                E draft;
                auto body = JsonReader::Parse(request.body);
                ReadEntity(body, draft, ReadMode::kCreate);
                body.RejectUnknownFields();
                if (auto ok = body.Finish(); !ok) {
                  // Report the rule violations of the fields that did parse in the same answer.
                  Error error = ok.error();
                  for (FieldError& f : service::MasterDataRules<E>::Validate(draft)) {
                    bool known = false;
                    for (const FieldError& e : error.field_errors) known |= e.field == f.field;
                    if (!known) error.field_errors.push_back(std::move(f));
                  }
                  return ErrorResponse(error, request.request_id);
                }
                std::optional<service::MasterDataIdempotency> idempotency;
                if (auto key = request.Header("Idempotency-Key")) {
                  if (key->empty() || key->size() > 255) {
                    return ErrorResponse(
                        Error::InvalidArgument("Idempotency-Key is malformed",
                                               {{"Idempotency-Key", "must be 1-255 characters"}}),
                        request.request_id);
                  }
                  idempotency = service::MasterDataIdempotency{std::string(*key), request.body};
                }
                auto created = service.Create(ActorOf(request), draft, idempotency);
                if (!created) return ErrorResponse(created.error(), request.request_id);
                Response response =
                    EntityResponse(201, service::ToJson(*created), created->version);
                response.headers.Set("Location", path + "/" + created->id.ToString());
                return response;
              }});

  router.Add({.method = "GET",
              .path = routes.path,
              .permission = permission::kMasterDataRead,
              .summary = "List " + routes.plural + " (filters, sort, limit/offset or cursor)",
              .tag = "Master data",
              .response_schema = ListSchema(EntitySchema(routes.schema)),
              .handler = [&service, filters = routes.filters](Request& request) {
                auto query = ParseListQuery(request, filters);
                if (!query) return ErrorResponse(query.error(), request.request_id);
                auto page = service.List(*query);
                if (!page) return ErrorResponse(page.error(), request.request_id);
                json::array items;
                for (const E& e : page->items) items.push_back(service::ToJson(e));
                return ListResponse(std::move(items), page->total, *query);
              }});

  router.Add({.method = "GET",
              .path = item_path,
              .permission = permission::kMasterDataRead,
              .summary = "Get one " + what,
              .tag = "Master data",
              .response_schema = EntitySchema(routes.schema),
              .handler = [&service, what](Request& request) {
                auto id = PathId(request, "id", what);
                if (!id) return ErrorResponse(id.error(), request.request_id);
                auto found = service.Get(Id(*id));
                if (!found) return ErrorResponse(found.error(), request.request_id);
                return EntityResponse(200, service::ToJson(*found), found->version);
              }});

  router.Add({.method = "PATCH",
              .path = item_path,
              .permission = permission::kMasterDataWrite,
              .summary = "Change some fields of a " + what + " (If-Match or body version)",
              .tag = "Master data",
              .request_schema = PatchSchema(routes.schema),
              .response_schema = EntitySchema(routes.schema),
              .handler = [&service, what](Request& request) {
                auto id = PathId(request, "id", what);
                if (!id) return ErrorResponse(id.error(), request.request_id);
                // First pass: types and formats, reported before any database work.
                auto body = JsonReader::Parse(request.body);
                E probe;
                ReadEntity(body, probe, ReadMode::kPatch);
                auto body_version = body.Optional<std::int64_t>("version");
                body.Optional<std::string>("id");
                body.Optional<std::string>("created_at");
                body.Optional<std::string>("updated_at");
                body.RejectUnknownFields();
                if (auto ok = body.Finish(); !ok)
                  return ErrorResponse(ok.error(), request.request_id);
                auto expected = ExpectedVersion(request, body_version);
                if (!expected) return ErrorResponse(expected.error(), request.request_id);
                auto parsed = json::parse(request.body);
                auto updated = service.Update(ActorOf(request), Id(*id), *expected,
                                              [&parsed](E& current) -> Result<void> {
                                                auto apply = JsonReader::FromValue(parsed);
                                                ReadEntity(apply, current, ReadMode::kPatch);
                                                return {};
                                              });
                if (!updated) return ErrorResponse(updated.error(), request.request_id);
                return EntityResponse(200, service::ToJson(*updated), updated->version);
              }});

  router.Add({.method = "DELETE",
              .path = item_path,
              .permission = permission::kMasterDataWrite,
              .summary = "Delete a " + what + " (409 while referenced)",
              .tag = "Master data",
              .success_status = 204,
              .handler = [&service, what](Request& request) {
                auto id = PathId(request, "id", what);
                if (!id) return ErrorResponse(id.error(), request.request_id);
                auto expected = ExpectedVersion(request, std::nullopt);
                if (!expected) return ErrorResponse(expected.error(), request.request_id);
                auto removed = service.Remove(ActorOf(request), Id(*id), *expected);
                if (!removed) return ErrorResponse(removed.error(), request.request_id);
                return EmptyResponse(204);
              }});
}

// Parses a sub-resource body with `read` into `value`; an error response when invalid.
template <typename T, typename Read>
std::optional<Response> ParseBody(Request& request, T& value, Read read) {
  auto body = JsonReader::Parse(request.body);
  read(body, value);
  body.RejectUnknownFields();
  if (auto ok = body.Finish(); !ok) return ErrorResponse(ok.error(), request.request_id);
  return std::nullopt;
}

void RegisterMachineFloorRoutes(Router& router, const MasterDataServices& s) {
  auto& machines = s.machines;
  auto& availability = s.machine_availability;
  router.Add(
      {.method = "PATCH",
       .path = "/api/v1/machines/{id}/status",
       .permission = permission::kMachinesStatus,
       .summary = "Set a machine's status: AVAILABLE, DOWN, MAINTENANCE or RETIRED",
       .tag = "Master data",
       .request_schema = ObjectSchema(),
       .response_schema = ObjectSchema(),
       .handler = [&availability](Request& request) {
         auto id = PathId(request, "id", "machine");
         if (!id) return ErrorResponse(id.error(), request.request_id);
         MachineStatus status = MachineStatus::kAvailable;
         std::optional<std::int64_t> body_version;
         auto parse_error = ParseBody(request, status, [&](JsonReader& r, MachineStatus& out) {
           auto text = r.Required<std::string>("status");
           if (text) {
             auto parsed = ParseMachineStatus(*text);
             if (parsed) {
               out = *parsed;
             } else {
               r.AddError("status", "must be one of AVAILABLE, DOWN, MAINTENANCE, RETIRED");
             }
           }
           body_version = r.Optional<std::int64_t>("version");
         });
         if (parse_error) return *parse_error;
         auto expected = ExpectedVersion(request, body_version);
         if (!expected) return ErrorResponse(expected.error(), request.request_id);
         auto updated = availability.SetStatus(ActorOf(request), MachineId(*id), status, *expected);
         if (!updated) return ErrorResponse(updated.error(), request.request_id);
         return EntityResponse(200, service::ToJson(*updated), updated->version);
       }});

  router.Add({.method = "GET",
              .path = "/api/v1/machines/{id}/downtimes",
              .permission = permission::kMasterDataRead,
              .summary = "A machine's downtime windows",
              .tag = "Master data",
              .response_schema = ObjectSchema(),
              .handler = [&machines](Request& request) {
                auto id = PathId(request, "id", "machine");
                if (!id) return ErrorResponse(id.error(), request.request_id);
                auto machine = machines.Get(MachineId(*id));
                if (!machine) return ErrorResponse(machine.error(), request.request_id);
                json::array items;
                for (const Downtime& d : machine->downtimes) items.push_back(service::ToJson(d));
                const auto total = static_cast<std::int64_t>(items.size());
                return JsonResponse(200, json::object{{"items", std::move(items)},
                                                      {"total", total},
                                                      {"next_cursor", nullptr}});
              }});

  router.Add({.method = "POST",
              .path = "/api/v1/machines/{id}/downtimes",
              .permission = permission::kMachinesDowntime,
              .summary = "Add a downtime window {kind PLANNED|BREAKDOWN, start, end, reason}",
              .tag = "Master data",
              .request_schema = ObjectSchema(),
              .response_schema = ObjectSchema(),
              .success_status = 201,
              .handler = [&availability](Request& request) {
                auto id = PathId(request, "id", "machine");
                if (!id) return ErrorResponse(id.error(), request.request_id);
                Downtime downtime;
                if (auto bad = ParseBody(request, downtime, ReadDowntime)) return *bad;
                auto added = availability.AddDowntime(ActorOf(request), MachineId(*id), downtime);
                if (!added) return ErrorResponse(added.error(), request.request_id);
                return JsonResponse(201, service::ToJson(*added));
              }});

  router.Add({.method = "DELETE",
              .path = "/api/v1/machines/{id}/downtimes/{downtime_id}",
              .permission = permission::kMachinesDowntime,
              .summary = "Remove a downtime window",
              .tag = "Master data",
              .success_status = 204,
              .handler = [&availability](Request& request) {
                auto id = PathId(request, "id", "machine");
                if (!id) return ErrorResponse(id.error(), request.request_id);
                auto downtime = PathId(request, "downtime_id", "downtime");
                if (!downtime) return ErrorResponse(downtime.error(), request.request_id);
                auto removed = availability.RemoveDowntime(ActorOf(request), MachineId(*id),
                                                           DowntimeId(*downtime));
                if (!removed) return ErrorResponse(removed.error(), request.request_id);
                return EmptyResponse(204);
              }});
}

void RegisterOperatorRoutes(Router& router, const MasterDataServices& s) {
  auto& operators = s.operators;
  auto& qualifications = s.operator_qualifications;
  router.Add({.method = "GET",
              .path = "/api/v1/operators/{id}/skills",
              .permission = permission::kMasterDataRead,
              .summary = "An operator's skills with level and certification window",
              .tag = "Master data",
              .response_schema = ObjectSchema(),
              .handler = [&operators](Request& request) {
                auto id = PathId(request, "id", "operator");
                if (!id) return ErrorResponse(id.error(), request.request_id);
                auto op = operators.Get(OperatorId(*id));
                if (!op) return ErrorResponse(op.error(), request.request_id);
                json::array items;
                for (const OperatorSkill& k : op->skills) items.push_back(service::ToJson(k));
                const auto total = static_cast<std::int64_t>(items.size());
                return JsonResponse(200, json::object{{"items", std::move(items)},
                                                      {"total", total},
                                                      {"next_cursor", nullptr}});
              }});

  router.Add({.method = "POST",
              .path = "/api/v1/operators/{id}/skills",
              .permission = permission::kMasterDataWrite,
              .summary = "Set one skill of an operator {skill_id, level, certified_on, expires_on}",
              .tag = "Master data",
              .request_schema = ObjectSchema(),
              .response_schema = ObjectSchema(),
              .success_status = 201,
              .handler = [&qualifications](Request& request) {
                auto id = PathId(request, "id", "operator");
                if (!id) return ErrorResponse(id.error(), request.request_id);
                OperatorSkill skill;
                if (auto bad = ParseBody(request, skill, ReadOperatorSkill)) return *bad;
                auto set = qualifications.SetSkill(ActorOf(request), OperatorId(*id), skill);
                if (!set) return ErrorResponse(set.error(), request.request_id);
                return JsonResponse(201, service::ToJson(*set));
              }});

  router.Add({.method = "DELETE",
              .path = "/api/v1/operators/{id}/skills/{skill_id}",
              .permission = permission::kMasterDataWrite,
              .summary = "Remove a skill from an operator",
              .tag = "Master data",
              .success_status = 204,
              .handler = [&qualifications](Request& request) {
                auto id = PathId(request, "id", "operator");
                if (!id) return ErrorResponse(id.error(), request.request_id);
                auto skill = PathId(request, "skill_id", "skill");
                if (!skill) return ErrorResponse(skill.error(), request.request_id);
                auto removed =
                    qualifications.RemoveSkill(ActorOf(request), OperatorId(*id), SkillId(*skill));
                if (!removed) return ErrorResponse(removed.error(), request.request_id);
                return EmptyResponse(204);
              }});

  router.Add({.method = "GET",
              .path = "/api/v1/operators/{id}/absences",
              .permission = permission::kMasterDataRead,
              .summary = "An operator's absences and overtime",
              .tag = "Master data",
              .response_schema = ObjectSchema(),
              .handler = [&operators](Request& request) {
                auto id = PathId(request, "id", "operator");
                if (!id) return ErrorResponse(id.error(), request.request_id);
                auto op = operators.Get(OperatorId(*id));
                if (!op) return ErrorResponse(op.error(), request.request_id);
                json::array items;
                for (const Absence& a : op->absences) items.push_back(service::ToJson(a));
                const auto total = static_cast<std::int64_t>(items.size());
                return JsonResponse(200, json::object{{"items", std::move(items)},
                                                      {"total", total},
                                                      {"next_cursor", nullptr}});
              }});

  router.Add({.method = "POST",
              .path = "/api/v1/operators/{id}/absences",
              .permission = permission::kMasterDataWrite,
              .summary = "Add an absence or overtime interval {kind, start, end, reason}",
              .tag = "Master data",
              .request_schema = ObjectSchema(),
              .response_schema = ObjectSchema(),
              .success_status = 201,
              .handler = [&qualifications](Request& request) {
                auto id = PathId(request, "id", "operator");
                if (!id) return ErrorResponse(id.error(), request.request_id);
                Absence absence;
                if (auto bad = ParseBody(request, absence, ReadAbsence)) return *bad;
                auto added = qualifications.AddAbsence(ActorOf(request), OperatorId(*id), absence);
                if (!added) return ErrorResponse(added.error(), request.request_id);
                return JsonResponse(201, service::ToJson(*added));
              }});

  router.Add({.method = "DELETE",
              .path = "/api/v1/operators/{id}/absences/{absence_id}",
              .permission = permission::kMasterDataWrite,
              .summary = "Remove an absence or overtime interval",
              .tag = "Master data",
              .success_status = 204,
              .handler = [&qualifications](Request& request) {
                auto id = PathId(request, "id", "operator");
                if (!id) return ErrorResponse(id.error(), request.request_id);
                auto absence = PathId(request, "absence_id", "absence");
                if (!absence) return ErrorResponse(absence.error(), request.request_id);
                auto removed = qualifications.RemoveAbsence(ActorOf(request), OperatorId(*id),
                                                            AbsenceId(*absence));
                if (!removed) return ErrorResponse(removed.error(), request.request_id);
                return EmptyResponse(204);
              }});
}

}  // namespace

void RegisterMasterDataRoutes(Router& router, const MasterDataServices& s) {
  RegisterCrud(router, s.skills,
               {"/api/v1/skills", "skill", "skills", kSkillFilters, SchemaEntity::kSkill});
  RegisterCrud(router, s.work_centers,
               {"/api/v1/work-centers", "work center", "work centers", kWorkCenterFilters,
                SchemaEntity::kWorkCenter});
  RegisterCrud(
      router, s.calendars,
      {"/api/v1/calendars", "calendar", "calendars", kCalendarFilters, SchemaEntity::kCalendar});
  RegisterCrud(
      router, s.machines,
      {"/api/v1/machines", "machine", "machines", kMachineFilters, SchemaEntity::kMachine});
  RegisterCrud(
      router, s.operators,
      {"/api/v1/operators", "operator", "operators", kOperatorFilters, SchemaEntity::kOperator});
  RegisterMachineFloorRoutes(router, s);
  RegisterOperatorRoutes(router, s);
  RegisterMasterDataCsvRoutes(router, s);
}

}  // namespace takt::api
