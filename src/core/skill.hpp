// Skill: a qualification an operator holds (at a level 1-5) and a machine may require, e.g.
// "WELD_TIG". `code` is unique and immutable in meaning; `name` is for people. A plain value type;
// safe to copy between threads. ValidateSkill reports every bad field at once (no I/O).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/strong_id.hpp"

namespace takt {

struct SkillTag;
using SkillId = StrongId<SkillTag>;

struct Skill {
  SkillId id;
  std::string code;  // [A-Z0-9_-]{2,32}, unique
  std::string name;
  std::int64_t version = 1;
  std::string created_at;  // RFC 3339, set by storage
  std::string updated_at;
};

std::vector<FieldError> ValidateSkill(const Skill& skill);

}  // namespace takt
