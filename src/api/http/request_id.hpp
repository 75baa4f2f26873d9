// Request ids for correlation (api.md): a client's `X-Request-ID` is kept when it is 1-128
// characters of [A-Za-z0-9._-]; otherwise (absent or unsafe for logs) the server generates one. The
// id is echoed on the response, written to the access log and stored on audit entries. Thread-safe:
// generation uses a per-thread random engine.
#pragma once

#include <string>
#include <string_view>

namespace takt::api {

inline constexpr std::size_t kMaxRequestIdLength = 128;

bool IsValidRequestId(std::string_view id);

// A fresh id: 32 lower-case hex characters, time-ordered like a UUIDv7: 12 for the milliseconds
// since the Unix epoch, then 20 random (80 bits). Ids generated later sort later, so the audit
// trail's request_id index grows at its end instead of taking a write at a random page per request
// (which, under load, was a third of all pages the database wrote).
std::string GenerateRequestId();

// `offered` when valid, else a generated id.
std::string AcceptOrGenerateRequestId(std::string_view offered);

}  // namespace takt::api
