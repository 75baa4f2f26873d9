// Small HTTP helpers shared by the master-data handlers: the acting user, ids from the path,
// the expected version from If-Match or the body, list queries from the query string, ETags and
// list bodies. Pure functions over a Request; thread-safe.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "api/http/request.hpp"
#include "api/http/response.hpp"
#include "core/actor.hpp"
#include "core/error.hpp"
#include "storage/master_data_store.hpp"

namespace takt::api::master_data {

Actor ActorOf(const Request& request);

// The positive integer in path parameter `name`; kNotFound naming `what` otherwise.
Result<std::int64_t> PathId(const Request& request, std::string_view name, std::string_view what);

// The version from If-Match ("3", "\"3\"" or W/"3"); kInvalidArgument on "If-Match" when
// malformed; nullopt when absent. A body version (when given) must agree with the header.
Result<std::optional<std::int64_t>> ExpectedVersion(const Request& request,
                                                    std::optional<std::int64_t> body_version);

// limit/offset/cursor/sort/q plus equality filters on `filterable` fields; every other query
// field is a FieldError. Boolean filter values true/false become 1/0.
Result<storage::ListQuery> ParseListQuery(const Request& request,
                                          std::span<const char* const> filterable);

// 200/201 with the document and ETag "<version>".
Response EntityResponse(int status, const boost::json::value& document, std::int64_t version);

// {items, total, next_cursor}: next_cursor is the offset of the next page as a string, or null.
Response ListResponse(boost::json::array items, std::int64_t total,
                      const storage::ListQuery& query);

}  // namespace takt::api::master_data
