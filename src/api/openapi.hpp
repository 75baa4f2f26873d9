// The OpenAPI 3.1 document of the server, generated from the Router's table, so that what is
// documented is exactly what is routed. Every operation carries its summary, tag, path parameters,
// request/response schemas from the RouteSpec, its permission (as `x-permission` — "public" or
// "authenticated" for the two special values — and in the description), its security requirement
// and the problem+json error responses it can produce. Pure function; thread-safe.
#pragma once

#include <boost/json/value.hpp>
#include <string_view>

#include "api/router.hpp"

namespace takt::api {

boost::json::value BuildOpenApi(const Router& router, std::string_view version);

}  // namespace takt::api
