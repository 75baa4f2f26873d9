// Errors as values. Every expected failure in Takt is a `Result<T>`: either the value or an
// `Error` carrying a small `ErrorCode`, a human sentence, and, for validation, every bad field at
// once (so a client fixes all of them in one round). Exceptions are kept for the edges (start-up,
// configuration, third-party adapters); the single place that maps an `Error` to an HTTP status and
// a problem+json body lives in api/.
#pragma once

#include <string>
#include <tl/expected.hpp>
#include <utility>
#include <vector>

namespace takt {

enum class ErrorCode {
  kInvalidArgument,  // the request is malformed or breaks a rule (HTTP 422 / 400)
  kNotFound,         // the named entity does not exist (404)
  kConflict,         // unique key, stale version, illegal state transition (409)
  kUnauthenticated,  // no valid credentials (401)
  kForbidden,        // authenticated but lacking the permission (403)
  kUnavailable,      // a dependency (database) is busy or down; retry later (503)
  kInternal,         // a bug or an unexpected failure (500)
};

// The name used in problem+json `code`, e.g. "INVALID_ARGUMENT".
const char* ErrorCodeName(ErrorCode code);

// One bad input field: `field` is a JSON path such as "tasks[2].sequence".
struct FieldError {
  std::string field;
  std::string message;
  bool operator==(const FieldError&) const = default;
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::vector<FieldError> field_errors;
  // Extra facts a client needs to recover, e.g. {"current_version", "7"} on a stale update or
  // {"current_status", "PLANNED"} on an illegal transition. Rendered as top-level members.
  std::vector<std::pair<std::string, std::string>> details;

  static Error InvalidArgument(std::string message, std::vector<FieldError> fields = {});
  static Error NotFound(std::string message);
  static Error Conflict(std::string message);
  static Error Unauthenticated(std::string message);
  static Error Forbidden(std::string message);
  static Error Unavailable(std::string message);
  static Error Internal(std::string message);

  Error&& WithDetail(std::string key, std::string value) &&;
};

template <typename T>
using Result = tl::expected<T, Error>;

// Shorthand for returning an error from a function that returns Result<T>.
inline tl::unexpected<Error> Fail(Error error) { return tl::unexpected<Error>(std::move(error)); }

}  // namespace takt
