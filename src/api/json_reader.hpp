// JsonReader: strict, accumulating reader for request bodies (DTO parsing). Every handler parses
// its JSON body with it so that all bad fields are reported at once, with JSON paths
// ("tasks[2].sequence") and uniform messages ("is required", "must be a string", "is not a known
// field"), and so unknown fields are rejected (api.md: 422, not ignored).
//
//   auto body = JsonReader::Parse(request.body);
//   auto number = body.Required<std::string>("job_number");
//   auto priority = body.Optional<std::int64_t>("priority");
//   body.ForEach("tasks", JsonReader::kOptional, [&](JsonReader& task, std::size_t) {
//     auto sequence = task.Required<std::int64_t>("sequence");
//     ...
//   });
//   body.RejectUnknownFields();   // applies to the whole tree, nested readers included
//   if (auto ok = body.Finish(); !ok) return ErrorResponse(ok.error(), request.request_id);
//
// Getters return std::optional; a nullopt from Required means an error has been recorded. Only call
// Finish() on the root; it returns kInvalidArgument ("The request body is invalid") carrying every
// FieldError. Supported types: std::string, bool, int, std::int64_t, double, StrongId<Tag> (JSON
// string of decimal digits, ids travel as opaque strings), std::vector<std::string>,
// std::vector<StrongId<Tag>> and boost::json::value (anything, unchecked).
// A reader and the children it hands out share state; use them from one thread.
#pragma once

#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/error.hpp"
#include "core/strong_id.hpp"

namespace takt::api {

class JsonReader {
 public:
  enum Presence { kRequired, kOptional };

  // Parses `body`; an empty body, invalid JSON or a non-object records an error on field "body".
  static JsonReader Parse(std::string_view body);
  // Reads an already parsed value (e.g. one element of a larger document).
  static JsonReader FromValue(boost::json::value value);

  // A member that must be present and non-null with the right type.
  template <typename T>
  std::optional<T> Required(std::string_view key) {
    return Read<T>(key, kRequired);
  }
  // A member that may be absent or null (both give nullopt); a wrong type is still an error.
  template <typename T>
  std::optional<T> Optional(std::string_view key) {
    return Read<T>(key, kOptional);
  }
  // For PATCH: nullopt when absent, an empty inner optional when explicitly null (clear the value),
  // the value otherwise.
  template <typename T>
  std::optional<std::optional<T>> Nullable(std::string_view key) {
    if (!Has(key)) return std::nullopt;
    if (IsNull(key)) {
      MarkSeen(key);
      return std::optional<T>();
    }
    auto value = Read<T>(key, kRequired);
    if (!value) return std::nullopt;
    return std::optional<T>(std::move(*value));
  }

  // A nested object: returns a reader for it (sharing this reader's errors), or nullopt when absent
  // (an error if kRequired) or of the wrong type.
  std::optional<JsonReader> Object(std::string_view key, Presence presence);
  // An array of objects: calls `each` with a reader per element (paths "key[i]"). Returns the
  // element count, or nullopt when absent or not an array.
  std::optional<std::size_t> ForEach(std::string_view key, Presence presence,
                                     const std::function<void(JsonReader&, std::size_t)>& each);

  bool Has(std::string_view key) const;     // present, even if null
  bool IsNull(std::string_view key) const;  // present and null

  // Records a rule violation on `key` (prefixed by this reader's path), e.g.
  // AddError("quantity", "must be at least 1").
  void AddError(std::string_view key, std::string message);
  // Records an error unless `condition` holds; returns `condition`.
  bool Check(bool condition, std::string_view key, std::string message);

  // Every member of every object read so far that no getter asked for becomes an error at Finish().
  void RejectUnknownFields();

  bool ok() const;  // no error recorded so far
  Result<void> Finish() const;
  const std::vector<FieldError>& errors() const;
  // The JSON path of `key` under this reader, e.g. "tasks[2].sequence".
  std::string PathOf(std::string_view key) const;

 private:
  struct State;
  JsonReader(std::shared_ptr<State> state, const boost::json::value* object, std::string path);

  template <typename T>
  std::optional<T> Read(std::string_view key, Presence presence);
  // Looks the member up, records "is required"/marks seen; nullptr when absent or null.
  const boost::json::value* Lookup(std::string_view key, Presence presence);
  void MarkSeen(std::string_view key);

  std::optional<std::string> ReadString(const boost::json::value& v, std::string_view key);
  std::optional<bool> ReadBool(const boost::json::value& v, std::string_view key);
  std::optional<std::int64_t> ReadInt(const boost::json::value& v, std::string_view key,
                                      std::int64_t min, std::int64_t max);
  std::optional<double> ReadDouble(const boost::json::value& v, std::string_view key);
  std::optional<std::int64_t> ReadId(const boost::json::value& v, std::string_view key);
  std::optional<std::vector<std::string>> ReadStringArray(const boost::json::value& v,
                                                          std::string_view key);
  std::optional<std::vector<std::int64_t>> ReadIdArray(const boost::json::value& v,
                                                       std::string_view key);

  std::shared_ptr<State> state_;
  const boost::json::value* object_ = nullptr;  // nullptr after a body error
  std::string path_;
  std::size_t visit_index_ = 0;  // this object's entry in State::visits
};

namespace json_reader_detail {
template <typename T>
struct IsStrongId : std::false_type {};
template <typename Tag>
struct IsStrongId<StrongId<Tag>> : std::true_type {};
template <typename T>
struct IsIdVector : std::false_type {};
template <typename Tag>
struct IsIdVector<std::vector<StrongId<Tag>>> : std::true_type {};
}  // namespace json_reader_detail

template <typename T>
std::optional<T> JsonReader::Read(std::string_view key, Presence presence) {
  const boost::json::value* v = Lookup(key, presence);
  if (v == nullptr) return std::nullopt;
  if constexpr (std::is_same_v<T, std::string>) {
    return ReadString(*v, key);
  } else if constexpr (std::is_same_v<T, bool>) {
    return ReadBool(*v, key);
  } else if constexpr (std::is_same_v<T, int>) {
    auto i = ReadInt(*v, key, INT32_MIN, INT32_MAX);
    if (!i) return std::nullopt;
    return static_cast<int>(*i);
  } else if constexpr (std::is_same_v<T, std::int64_t>) {
    return ReadInt(*v, key, INT64_MIN, INT64_MAX);
  } else if constexpr (std::is_same_v<T, double>) {
    return ReadDouble(*v, key);
  } else if constexpr (json_reader_detail::IsStrongId<T>::value) {
    auto id = ReadId(*v, key);
    if (!id) return std::nullopt;
    return T(*id);
  } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
    return ReadStringArray(*v, key);
  } else if constexpr (json_reader_detail::IsIdVector<T>::value) {
    auto ids = ReadIdArray(*v, key);
    if (!ids) return std::nullopt;
    T out;
    out.reserve(ids->size());
    for (std::int64_t id : *ids) out.emplace_back(id);
    return out;
  } else if constexpr (std::is_same_v<T, boost::json::value>) {
    return *v;
  } else {
    static_assert(sizeof(T) == 0, "JsonReader: unsupported type");
  }
}

}  // namespace takt::api
