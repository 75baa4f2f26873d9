// POST /api/v1/import/{entity} and GET /api/v1/export/{entity} for the master-data entities; the
// layouts are in master_data_csv.hpp, the all-or-nothing import in MasterDataService::Import.
#include <boost/json.hpp>
#include <map>
#include <set>

#include "api/csv.hpp"
#include "api/handlers/master_data_csv.hpp"
#include "api/handlers/master_data_handlers.hpp"
#include "api/handlers/master_data_http.hpp"
#include "core/permissions.hpp"

namespace takt::api {

namespace {

bool IsCsvContentType(std::string_view type) {
  auto semicolon = type.find(';');
  std::string base(type.substr(0, semicolon));
  for (char& c : base) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  while (!base.empty() && base.back() == ' ') base.pop_back();
  return base == "text/csv" || base == "application/csv" || base == "text/plain";
}

// Parses `table` into entities; every bad header or cell is reported at once.
template <typename E>
Result<std::vector<E>> EntitiesFromCsv(const CsvTable& table) {
  using Layout = CsvLayout<E>;
  std::vector<FieldError> errors;
  const auto columns = Layout::Columns();
  for (const std::string& name : table.header) {
    if (std::find(columns.begin(), columns.end(), name) == columns.end()) {
      errors.push_back({"header", "unknown column '" + name + "'"});
    }
  }
  for (const std::string& required : Layout::RequiredColumns()) {
    if (std::find(table.header.begin(), table.header.end(), required) == table.header.end()) {
      errors.push_back({"header", "missing column '" + required + "'"});
    }
  }
  if (!errors.empty()) {
    return Fail(Error::InvalidArgument("the CSV header is invalid; nothing was written",
                                       std::move(errors)));
  }
  std::vector<E> entities;
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    std::map<std::string, std::string> fields;
    for (std::size_t c = 0; c < table.header.size(); ++c)
      fields[table.header[c]] = table.rows[r][c];
    E entity;
    Layout::FromRow({&fields, "rows[" + std::to_string(r + 1) + "]", &errors}, entity);
    entities.push_back(std::move(entity));
  }
  if (!errors.empty()) {
    return Fail(
        Error::InvalidArgument("the import was rejected; nothing was written", std::move(errors)));
  }
  return entities;
}

template <typename E>
void RegisterCsv(Router& router, service::MasterDataService<E>& service, const std::string& name) {
  router.Add({.method = "POST",
              .path = "/api/v1/import/" + name,
              .permission = permission::kMasterDataWrite,
              .summary = "Import " + name + " from CSV (text/csv; all rows or none)",
              .tag = "Master data",
              .response_schema = boost::json::object{{"type", "object"}},
              .handler = [&service, name](Request& request) {
                if (auto type = request.Header("Content-Type"); type && !IsCsvContentType(*type)) {
                  return ProblemResponse(415, "UNSUPPORTED_MEDIA_TYPE",
                                         "the body must be text/csv, not " + std::string(*type),
                                         request.request_id);
                }
                auto table = ParseCsv(request.body);
                if (!table) return ErrorResponse(table.error(), request.request_id);
                auto entities = EntitiesFromCsv<E>(*table);
                if (!entities) return ErrorResponse(entities.error(), request.request_id);
                const std::vector<std::string> columns = table->header;
                auto summary = service.Import(master_data::ActorOf(request), *entities,
                                              [&columns](E& stored, const E& row) {
                                                CsvLayout<E>::Merge(stored, row, columns);
                                              });
                if (!summary) return ErrorResponse(summary.error(), request.request_id);
                return JsonResponse(
                    200, boost::json::object{{"entity", name},
                                             {"rows", static_cast<std::int64_t>(entities->size())},
                                             {"created", summary->created},
                                             {"updated", summary->updated},
                                             {"unchanged", summary->unchanged}});
              }});

  router.Add({.method = "GET",
              .path = "/api/v1/export/" + name,
              .permission = permission::kMasterDataRead,
              .summary = "Export every " + name + " row as CSV",
              .tag = "Master data",
              .handler = [&service, name](Request& request) {
                std::string body = CsvLine(CsvLayout<E>::Columns());
                storage::ListQuery query;
                query.limit = 1000;
                while (true) {
                  auto page = service.List(query);
                  if (!page) return ErrorResponse(page.error(), request.request_id);
                  for (const E& e : page->items) body += CsvLine(CsvLayout<E>::ToRow(e));
                  if (static_cast<int>(page->items.size()) < query.limit) break;
                  query.offset += query.limit;
                }
                Response response = TextResponse(200, std::move(body), "text/csv; charset=utf-8");
                response.headers.Set("Content-Disposition",
                                     "attachment; filename=\"" + name + ".csv\"");
                return response;
              }});
}

}  // namespace

void RegisterMasterDataCsvRoutes(Router& router, const MasterDataServices& s) {
  RegisterCsv(router, s.skills, "skills");
  RegisterCsv(router, s.work_centers, "work-centers");
  RegisterCsv(router, s.calendars, "calendars");
  RegisterCsv(router, s.machines, "machines");
  RegisterCsv(router, s.operators, "operators");
}

}  // namespace takt::api
