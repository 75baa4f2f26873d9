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

// A fresh random id: 32 lower-case hex characters.
std::string GenerateRequestId();

// `offered` when valid, else a generated id.
std::string AcceptOrGenerateRequestId(std::string_view offered);

}  // namespace takt::api
