// PasswordHasher: Argon2id password hashing through libsodium's crypto_pwhash_str. A hash is a
// self-describing string ("$argon2id$v=19$m=...,t=...,p=1$salt$hash") that records its own cost,
// so verification works across cost changes and NeedsRehash tells when a stored hash is weaker
// than the configured cost. The cost (ops limit, memory limit) is configuration: the default is
// libsodium's "interactive" level; tests and e2e suites may lower it (never below libsodium's
// minimum) to stay fast.
//
// Thread-safety: immutable after construction; Hash and Verify may run concurrently (each call
// allocates its own Argon2 memory). Both are deliberately slow, so never call them while holding a
// database transaction open.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace takt::identity {

struct PasswordCost {
  std::uint64_t ops_limit = 0;      // Argon2 passes (t), >= 1
  std::size_t mem_limit_bytes = 0;  // Argon2 memory (m), >= 8 KiB

  // libsodium's crypto_pwhash_OPSLIMIT_INTERACTIVE / MEMLIMIT_INTERACTIVE (2 passes, 64 MiB).
  static PasswordCost Interactive();
  // libsodium's minimum (1 pass, 8 KiB): only for tests.
  static PasswordCost Minimum();
};

class PasswordHasher {
 public:
  // Initialises libsodium. Throws std::invalid_argument when `cost` is outside libsodium's
  // bounds (a configuration error found at start-up) and std::runtime_error when libsodium cannot
  // initialise.
  explicit PasswordHasher(PasswordCost cost);

  // The Argon2id string for `password`, with a fresh random salt. kInternal when libsodium runs
  // out of memory.
  Result<std::string> Hash(std::string_view password) const;

  // True when `password` matches `hash`. A malformed or non-Argon2id hash never verifies.
  bool Verify(std::string_view hash, std::string_view password) const;

  // Spends the same time as a Verify against a real hash without matching anything, so that a
  // login for an unknown email is not measurably faster than one with a wrong password.
  void VerifyAgainstDecoy(std::string_view password) const;

  // True when `hash` was made with a different cost than the configured one.
  bool NeedsRehash(std::string_view hash) const;

  const PasswordCost& cost() const { return cost_; }

 private:
  PasswordCost cost_;
  std::string decoy_hash_;
};

}  // namespace takt::identity
