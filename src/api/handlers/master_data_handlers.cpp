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

// A list nested in one entity (a machine's downtimes, an operator's skills): its three routes.
struct NestedListRoutes {
  std::string path;        // "/api/v1/machines/{id}/downtimes"
  std::string owner;       // "machine"
  std::string item_param;  // "downtime_id"
  std::string item;        // "downtime"
  std::string write_permission;
  std::string list_summary;
  std::string add_summary;
  std::string remove_summary;
};

// Registers GET `path` (the owner's items as one page), POST `path` (add one item read with
// `read`, 201) and DELETE `path/{item_param}` (204). `list(owner_id)` answers the items or the
// owner's error; `add(actor, owner_id, item)` and `remove(actor, owner_id, item_id)` call the
// service, which does the validation, transaction and audit.
template <typename OwnerId, typename ItemId, typename Item, typename List, typename Read,
          typename Add, typename Remove>
void RegisterNestedList(Router& router, const NestedListRoutes& routes, List list, Read read,
                        Add add, Remove remove) {
  router.Add({.method = "GET",
              .path = routes.path,
              .permission = permission::kMasterDataRead,
              .summary = routes.list_summary,
              .tag = "Master data",
              .response_schema = ObjectSchema(),
              .handler = [list, owner = routes.owner](Request& request) {
                auto id = PathId(request, "id", owner);
                if (!id) return ErrorResponse(id.error(), request.request_id);
                auto found = list(OwnerId(*id));
                if (!found) return ErrorResponse(found.error(), request.request_id);
                json::array items;
                for (const Item& item : *found) items.push_back(service::ToJson(item));
                const auto total = static_cast<std::int64_t>(items.size());
                return JsonResponse(200, json::object{{"items", std::move(items)},
                                                      {"total", total},
                                                      {"next_cursor", nullptr}});
              }});

  router.Add({.method = "POST",
              .path = routes.path,
              .permission = routes.write_permission,
              .summary = routes.add_summary,
              .tag = "Master data",
              .request_schema = ObjectSchema(),
              .response_schema = ObjectSchema(),
              .success_status = 201,
              .handler = [read, add, owner = routes.owner](Request& request) {
                auto id = PathId(request, "id", owner);
                if (!id) return ErrorResponse(id.error(), request.request_id);
                Item item;
                if (auto bad = ParseBody(request, item, read)) return *bad;
                auto added = add(ActorOf(request), OwnerId(*id), item);
                if (!added) return ErrorResponse(added.error(), request.request_id);
                return JsonResponse(201, service::ToJson(*added));
              }});

  router.Add({.method = "DELETE",
              .path = routes.path + "/{" + routes.item_param + "}",
              .permission = routes.write_permission,
              .summary = routes.remove_summary,
              .tag = "Master data",
              .success_status = 204,
              .handler = [remove, routes](Request& request) {
                auto id = PathId(request, "id", routes.owner);
                if (!id) return ErrorResponse(id.error(), request.request_id);
                auto item = PathId(request, routes.item_param, routes.item);
                if (!item) return ErrorResponse(item.error(), request.request_id);
                auto removed = remove(ActorOf(request), OwnerId(*id), ItemId(*item));
                if (!removed) return ErrorResponse(removed.error(), request.request_id);
                return EmptyResponse(204);
              }});
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

  RegisterNestedList<MachineId, DowntimeId, Downtime>(
      router,
      {.path = "/api/v1/machines/{id}/downtimes",
       .owner = "machine",
       .item_param = "downtime_id",
       .item = "downtime",
       .write_permission = permission::kMachinesDowntime,
       .list_summary = "A machine's downtime windows",
       .add_summary = "Add a downtime window {kind PLANNED|BREAKDOWN, start, end, reason}",
       .remove_summary = "Remove a downtime window"},
      [&machines](MachineId id) -> Result<std::vector<Downtime>> {
        auto machine = machines.Get(id);
        if (!machine) return Fail(machine.error());
        return std::move(machine->downtimes);
      },
      ReadDowntime,
      [&availability](const Actor& actor, MachineId id, const Downtime& downtime) {
        return availability.AddDowntime(actor, id, downtime);
      },
      [&availability](const Actor& actor, MachineId id, DowntimeId downtime) {
        return availability.RemoveDowntime(actor, id, downtime);
      });
}

void RegisterOperatorRoutes(Router& router, const MasterDataServices& s) {
  auto& operators = s.operators;
  auto& qualifications = s.operator_qualifications;
  RegisterNestedList<OperatorId, SkillId, OperatorSkill>(
      router,
      {.path = "/api/v1/operators/{id}/skills",
       .owner = "operator",
       .item_param = "skill_id",
       .item = "skill",
       .write_permission = permission::kMasterDataWrite,
       .list_summary = "An operator's skills with level and certification window",
       .add_summary = "Set one skill of an operator {skill_id, level, certified_on, expires_on}",
       .remove_summary = "Remove a skill from an operator"},
      [&operators](OperatorId id) -> Result<std::vector<OperatorSkill>> {
        auto op = operators.Get(id);
        if (!op) return Fail(op.error());
        return std::move(op->skills);
      },
      ReadOperatorSkill,
      [&qualifications](const Actor& actor, OperatorId id, const OperatorSkill& skill) {
        return qualifications.SetSkill(actor, id, skill);
      },
      [&qualifications](const Actor& actor, OperatorId id, SkillId skill) {
        return qualifications.RemoveSkill(actor, id, skill);
      });

  RegisterNestedList<OperatorId, AbsenceId, Absence>(
      router,
      {.path = "/api/v1/operators/{id}/absences",
       .owner = "operator",
       .item_param = "absence_id",
       .item = "absence",
       .write_permission = permission::kMasterDataWrite,
       .list_summary = "An operator's absences and overtime",
       .add_summary = "Add an absence or overtime interval {kind, start, end, reason}",
       .remove_summary = "Remove an absence or overtime interval"},
      [&operators](OperatorId id) -> Result<std::vector<Absence>> {
        auto op = operators.Get(id);
        if (!op) return Fail(op.error());
        return std::move(op->absences);
      },
      ReadAbsence,
      [&qualifications](const Actor& actor, OperatorId id, const Absence& absence) {
        return qualifications.AddAbsence(actor, id, absence);
      },
      [&qualifications](const Actor& actor, OperatorId id, AbsenceId absence) {
        return qualifications.RemoveAbsence(actor, id, absence);
      });
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
