// The secret key that signs access tokens. Two sources, in this order of preference:
//   1. configuration (`TAKT_TOKEN_KEY`): the secret itself, at least 32 bytes — required when
//      several server processes must accept each other's tokens;
//   2. a key file (default `./data/token.key`): created on first use with 32 random bytes from
//      libsodium, hex-encoded, readable and writable by its owner only (0600). An existing file
//      whose permissions let the group or others read it is refused, as ssh refuses a loose
//      private key, so a leaked key is noticed rather than used.
// Start-up calls these once; they are thread-safe but touch the file system.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace takt::identity {

// The configured secret as the key; kInvalidArgument naming `source` when shorter than 32 bytes.
Result<std::string> SigningKeyFromText(std::string_view secret, std::string_view source);

// Reads the key file at `path`, creating it (and its directory) when absent. kInvalidArgument for
// a file with loose permissions, the wrong format or too short a key; kUnavailable when it cannot
// be read or written.
Result<std::string> LoadOrCreateSigningKeyFile(const std::filesystem::path& path);

}  // namespace takt::identity
