// PasswordHasher: Argon2id password hashing through libsodium's crypto_pwhash_str. A hash is a
// self-describing string ("$argon2id$v=19$m=...,t=...,p=1$salt$hash") that records its own cost,
// so verification works across cost changes and NeedsRehash tells when a stored hash is weaker
// than the configured cost. The cost (ops limit, memory limit) is configuration: the default is
// libsodium's "interactive" level; tests and e2e suites may lower it (never below libsodium's
// minimum) to stay fast.
//
// Thread-safety: Hash and Verify may be called concurrently from any thread. Each running call
// holds its own Argon2 memory (64 MiB at the default cost), so at most `max_concurrent` of them run
// at once and the others wait: a burst of sign-ins cannot exhaust memory. Both are deliberately
// slow, so never call them while holding a database transaction open.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
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
  // `max_concurrent` (>= 1) bounds simultaneous hash computations; 0 means the number of CPUs.
  explicit PasswordHasher(PasswordCost cost, unsigned max_concurrent = 0);

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
  // Waits for one of the `max_concurrent` computation slots.
  class Slot;

  PasswordCost cost_;
  unsigned max_concurrent_;
  mutable std::mutex slots_mutex_;
  mutable std::condition_variable slot_freed_;
  mutable unsigned busy_ = 0;
  std::string decoy_hash_;
};

}  // namespace takt::identity
