// libFuzzer target for the request front end of the HTTP platform: an arbitrary request line
// ("METHOD TARGET") and X-Request-ID value go through target parsing (Boost.URL origin form, as
// the server does), request-id validation, header lookup, route matching against a table shaped
// like the real one, and problem+json rendering. Nothing may crash or read out of bounds, a matched
// route's parameters must be non-empty path segments, and an accepted request id must obey the
// documented rule. Build and run with tests/fuzz/run-http-request-fuzz [SECONDS].
#include <boost/url/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "api/http/request_id.hpp"
#include "api/http/response.hpp"
#include "api/router.hpp"

namespace {

const takt::api::Router& Table() {
  static const takt::api::Router router = [] {
    takt::api::Router r;
    for (const char* path :
         {"/health/live", "/api/v1/jobs", "/api/v1/jobs/{id}", "/api/v1/jobs/{id}/tasks",
          "/api/v1/schedules/compare", "/api/v1/schedules/{id}",
          "/api/v1/schedules/{id}/assignments/{task_id}", "/api/v1/tasks/{id}/start"}) {
      r.Add({.method = "GET", .path = path, .summary = "fuzz", .handler = [](takt::api::Request&) {
               return takt::api::EmptyResponse(204);
             }});
    }
    return r;
  }();
  return router;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t space = input.find(' ');
  const std::size_t newline = input.find('\n');
  const std::string_view method = input.substr(0, std::min(space, input.size()));
  const std::string_view target =
      space == std::string_view::npos ? std::string_view() : input.substr(space + 1, newline);
  const std::string_view offered_id =
      newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);

  const std::string id = takt::api::AcceptOrGenerateRequestId(offered_id);
  if (!takt::api::IsValidRequestId(id)) std::abort();
  if (id != offered_id && id.size() != 32) std::abort();

  auto url = boost::urls::parse_origin_form(target);
  if (!url) return 0;
  const std::string path = url->path();
  for (auto param : url->params()) (void)param.key.size();
  auto match = Table().Find(method, path);
  if (match.kind == takt::api::Router::MatchKind::kFound) {
    for (const auto& [name, value] : match.path_params) {
      if (value.empty() || value.find('/') != std::string::npos) std::abort();
    }
  }
  auto problem = takt::api::ProblemResponse(404, "ROUTE_NOT_FOUND", path, id);
  if (problem.body.empty()) std::abort();
  return 0;
}
