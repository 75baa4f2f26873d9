#include "service/identity/password_hasher.hpp"

#include <sodium.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <thread>

namespace takt::identity {

PasswordCost PasswordCost::Interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

PasswordCost PasswordCost::Minimum() {
  return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

class PasswordHasher::Slot {
 public:
  explicit Slot(const PasswordHasher& hasher) : hasher_(hasher) {
    std::unique_lock lock(hasher_.slots_mutex_);
    hasher_.slot_freed_.wait(lock, [&] { return hasher_.busy_ < hasher_.max_concurrent_; });
    ++hasher_.busy_;
  }
  ~Slot() {
    {
      std::lock_guard lock(hasher_.slots_mutex_);
      --hasher_.busy_;
    }
    hasher_.slot_freed_.notify_one();
  }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;

 private:
  const PasswordHasher& hasher_;
};

PasswordHasher::PasswordHasher(PasswordCost cost, unsigned max_concurrent)
    : cost_(cost),
      max_concurrent_(max_concurrent > 0 ? max_concurrent
                                         : std::max(1U, std::thread::hardware_concurrency())) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  if (cost.ops_limit < crypto_pwhash_OPSLIMIT_MIN || cost.ops_limit > crypto_pwhash_OPSLIMIT_MAX) {
    throw std::invalid_argument("password hashing ops limit must be between " +
                                std::to_string(crypto_pwhash_OPSLIMIT_MIN) + " and " +
                                std::to_string(crypto_pwhash_OPSLIMIT_MAX));
  }
  if (cost.mem_limit_bytes < crypto_pwhash_MEMLIMIT_MIN ||
      cost.mem_limit_bytes > std::size_t{4} * 1024 * 1024 * 1024) {
    throw std::invalid_argument("password hashing memory limit must be between " +
                                std::to_string(crypto_pwhash_MEMLIMIT_MIN / 1024) +
                                " KiB and 4 GiB");
  }
  // The decoy hashes random bytes nobody knows, at the configured cost.
  unsigned char secret[32];
  randombytes_buf(secret, sizeof secret);
  char hex[sizeof secret * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, secret, sizeof secret);
  auto decoy = Hash(hex);
  sodium_memzero(hex, sizeof hex);
  if (!decoy) throw std::runtime_error("password hashing failed: " + decoy.error().message);
  decoy_hash_ = std::move(*decoy);
}

Result<std::string> PasswordHasher::Hash(std::string_view password) const {
  char out[crypto_pwhash_STRBYTES];
  const Slot slot(*this);
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost_.ops_limit,
                            cost_.mem_limit_bytes, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Fail(Error::Internal("password hashing ran out of memory"));
  }
  return std::string(out);
}

bool PasswordHasher::Verify(std::string_view hash, std::string_view password) const {
  // crypto_pwhash_str_verify needs a NUL-terminated string of bounded length; it also accepts
  // Argon2i hashes, which Takt never writes, so insist on the Argon2id prefix.
  if (hash.size() >= crypto_pwhash_STRBYTES || !hash.starts_with("$argon2id$")) return false;
  const std::string terminated(hash);
  const Slot slot(*this);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

void PasswordHasher::VerifyAgainstDecoy(std::string_view password) const {
  (void)Verify(decoy_hash_, password);
}

bool PasswordHasher::NeedsRehash(std::string_view hash) const {
  if (hash.size() >= crypto_pwhash_STRBYTES) return true;
  const std::string terminated(hash);
  return crypto_pwhash_str_needs_rehash(terminated.c_str(), cost_.ops_limit,
                                        cost_.mem_limit_bytes) != 0;
}

}  // namespace takt::identity
