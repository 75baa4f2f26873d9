#include "api/http/header_map.hpp"

#include <algorithm>

namespace takt::api {

bool HeaderMap::NameEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::optional<std::string_view> HeaderMap::Get(std::string_view name) const {
  for (const auto& [key, value] : fields_) {
    if (NameEquals(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

void HeaderMap::Set(std::string_view name, std::string_view value) {
  Remove(name);
  fields_.emplace_back(std::string(name), std::string(value));
}

void HeaderMap::Add(std::string_view name, std::string_view value) {
  fields_.emplace_back(std::string(name), std::string(value));
}

void HeaderMap::Remove(std::string_view name) {
  std::erase_if(fields_, [&](const Field& f) { return NameEquals(f.first, name); });
}

}  // namespace takt::api
