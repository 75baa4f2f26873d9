// StrongId<Tag>: an integer id that cannot be mixed up with another entity's id. Never pass a bare
// integer id across a module boundary. Ids are positive; 0 means "none". They travel in JSON as
// opaque strings (the decimal text), see api/.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace takt {

template <typename Tag>
class StrongId {
 public:
  constexpr StrongId() = default;
  constexpr explicit StrongId(std::int64_t value) : value_(value) {}
  constexpr std::int64_t value() const { return value_; }
  constexpr bool valid() const { return value_ > 0; }
  std::string ToString() const { return std::to_string(value_); }
  // clang-tidy 14 misreads the defaulted three-way comparison as a literal-zero pointer.
  constexpr auto operator<=>(const StrongId&) const = default;  // NOLINT(modernize-use-nullptr)

 private:
  std::int64_t value_ = 0;
};

}  // namespace takt

template <typename Tag>
struct std::hash<takt::StrongId<Tag>> {
  std::size_t operator()(const takt::StrongId<Tag>& id) const noexcept {
    return std::hash<std::int64_t>{}(id.value());
  }
};
