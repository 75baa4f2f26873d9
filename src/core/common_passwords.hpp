// Common passwords: a compiled list of passwords that appear at the top of public breach corpora
// (and their obvious variants of at least 12 characters), which the password policy refuses.
// The comparison ignores ASCII case. Pure; thread-safe.
#pragma once

#include <string_view>

namespace takt {

// True when `password` (compared case-insensitively) is on the list.
bool IsCommonPassword(std::string_view password);

}  // namespace takt
