#include "core/error.hpp"

namespace takt {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "INVALID_ARGUMENT";
    case ErrorCode::kNotFound: return "NOT_FOUND";
    case ErrorCode::kConflict: return "CONFLICT";
    case ErrorCode::kUnauthenticated: return "UNAUTHENTICATED";
    case ErrorCode::kForbidden: return "FORBIDDEN";
    case ErrorCode::kUnavailable: return "UNAVAILABLE";
    case ErrorCode::kInternal: return "INTERNAL";
  }
  return "INTERNAL";
}

namespace {
Error Make(ErrorCode code, std::string message) {
  Error e;
  e.code = code;
  e.message = std::move(message);
  return e;
}
}  // namespace

Error Error::InvalidArgument(std::string message, std::vector<FieldError> fields) {
  Error e = Make(ErrorCode::kInvalidArgument, std::move(message));
  e.field_errors = std::move(fields);
  return e;
}
Error Error::NotFound(std::string message) {
  return Make(ErrorCode::kNotFound, std::move(message));
}
Error Error::Conflict(std::string message) {
  return Make(ErrorCode::kConflict, std::move(message));
}
Error Error::Unauthenticated(std::string message) {
  return Make(ErrorCode::kUnauthenticated, std::move(message));
}
Error Error::Forbidden(std::string message) {
  return Make(ErrorCode::kForbidden, std::move(message));
}
Error Error::Unavailable(std::string message) {
  return Make(ErrorCode::kUnavailable, std::move(message));
}
Error Error::Internal(std::string message) {
  return Make(ErrorCode::kInternal, std::move(message));
}

Error&& Error::WithDetail(std::string key, std::string value) && {
  details.emplace_back(std::move(key), std::move(value));
  return std::move(*this);
}

}  // namespace takt
