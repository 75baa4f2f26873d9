// SHA-256 digests for the audit chain (OpenSSL libcrypto underneath). Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace takt::storage {

// Lower-case hex SHA-256 of `data` (64 characters).
std::string Sha256Hex(std::string_view data);

}  // namespace takt::storage
