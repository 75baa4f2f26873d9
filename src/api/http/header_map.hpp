// HeaderMap: HTTP header fields with case-insensitive names, in arrival order. Used by Request and
// Response so handlers never see the HTTP library's types. Not thread-safe; a value type.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace takt::api {

class HeaderMap {
 public:
  using Field = std::pair<std::string, std::string>;

  // The first value of `name` (case-insensitive), or nullopt.
  std::optional<std::string_view> Get(std::string_view name) const;
  bool Has(std::string_view name) const { return Get(name).has_value(); }
  // Replaces every field called `name` by one field with `value`.
  void Set(std::string_view name, std::string_view value);
  // Appends a field (for repeatable headers).
  void Add(std::string_view name, std::string_view value);
  void Remove(std::string_view name);

  const std::vector<Field>& fields() const { return fields_; }
  bool empty() const { return fields_.empty(); }

  static bool NameEquals(std::string_view a, std::string_view b);

 private:
  std::vector<Field> fields_;
};

}  // namespace takt::api
