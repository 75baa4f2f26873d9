// libFuzzer target for the master-data parsers: the CSV reader (api/csv.hpp) and the CSV row
// layouts (api/handlers/master_data_csv.hpp), and the JSON body readers of machines, calendars and
// operators (api/handlers/master_data_codecs.hpp) followed by the core validators and the JSON
// documents. Any byte string must be parsed or rejected with field errors, never crash or read out
// of bounds; a CSV line written by CsvLine must read back as the same fields. Build and run with
// tests/fuzz/run-master-data-fuzz [SECONDS]; crashes are kept under tests/fuzz/corpus/.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "api/csv.hpp"
#include "api/handlers/master_data_codecs.hpp"
#include "api/handlers/master_data_csv.hpp"
#include "service/master_data/master_data_json.hpp"

namespace {

template <typename E>
void CsvRows(const takt::api::CsvTable& table) {
  std::vector<takt::FieldError> errors;
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    std::map<std::string, std::string> fields;
    for (std::size_t c = 0; c < table.header.size() && c < table.rows[r].size(); ++c) {
      fields[table.header[c]] = table.rows[r][c];
    }
    E entity;
    takt::api::CsvLayout<E>::FromRow({&fields, "rows[" + std::to_string(r + 1) + "]", &errors},
                                     entity);
    (void)takt::api::CsvLayout<E>::ToRow(entity);
  }
}

template <typename E>
void JsonBody(std::string_view input, takt::api::ReadMode mode) {
  auto body = takt::api::JsonReader::Parse(input);
  E entity;
  takt::api::ReadEntity(body, entity, mode);
  body.RejectUnknownFields();
  auto parsed = body.Finish();
  if (!parsed) {
    for (const auto& e : parsed.error().field_errors) {
      if (e.message.empty()) std::abort();
    }
  }
  (void)takt::service::AuditImage(entity);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto table = takt::api::ParseCsv(input);
  if (table) {
    CsvRows<takt::Machine>(*table);
    CsvRows<takt::Operator>(*table);
    CsvRows<takt::WorkCenter>(*table);
    // Writing the header back and reading it again gives the same fields.
    auto again = takt::api::ParseCsv(takt::api::CsvLine(table->header));
    if (again && again->header != table->header) std::abort();
  }
  JsonBody<takt::Machine>(input, takt::api::ReadMode::kCreate);
  JsonBody<takt::Calendar>(input, takt::api::ReadMode::kPatch);
  JsonBody<takt::Operator>(input, takt::api::ReadMode::kCreate);
  (void)takt::ValidateMachine(takt::Machine{});
  return 0;
}
