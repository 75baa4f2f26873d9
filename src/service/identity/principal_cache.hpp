// PrincipalCache: remembers, per access token, the Principal that token authenticated as and the
// security epoch (storage/session_store.hpp) at which that was read from the database, so an
// authenticated request whose token was seen before costs one read of the epoch instead of
// verifying the signature and loading the user, the roles, the grants and the revocation state.
//
// An entry is used only while all of these hold, so caching never widens what a token may do:
//   - the epoch read now equals the entry's epoch: nothing that can change the answer (a user's
//     activation, email or roles, a role's grants, a revoked token or session) has committed
//     since, in this process or in another one sharing the database (e.g. `takt user deactivate`);
//   - the token is still within its validity window (issued_at - skew <= now <= expires_at + skew,
//     the rule AccessTokenCodec::Verify applies; an `nbf` claim was checked at the first use);
//   - the token text is byte-for-byte the one that was verified (the key is the whole token).
// Only successful authentications are stored; a refused token is re-checked every time. When
// `capacity` tokens are held, entries of an older epoch or expired ones are dropped first, then
// everything (the next requests simply load again).
//
// Thread-safety: all members may be called concurrently (a reader-writer lock; lookups share it).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/principal.hpp"

namespace takt::identity {

class PrincipalCache {
 public:
  static constexpr std::size_t kDefaultCapacity = 4096;

  explicit PrincipalCache(std::size_t capacity = kDefaultCapacity) : capacity_(capacity) {}

  // The window in which a stored token may be served (both ends inclusive).
  struct Validity {
    std::chrono::sys_seconds not_before{};
    std::chrono::sys_seconds not_after{};
  };

  // The principal stored for `token` when it was read at `epoch` and `now` is inside its window.
  std::optional<Principal> Find(std::string_view token, std::int64_t epoch,
                                std::chrono::sys_seconds now) const;

  // Remembers `principal` for `token`, as read from the database at `epoch`.
  void Store(std::string_view token, const Principal& principal, Validity validity,
             std::int64_t epoch, std::chrono::sys_seconds now);

  std::size_t size() const;

 private:
  struct Entry {
    Principal principal;
    Validity validity;
    std::int64_t epoch = 0;
  };
  struct TokenHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view token) const {
      return std::hash<std::string_view>{}(token);
    }
  };

  std::size_t capacity_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, Entry, TokenHash, std::equal_to<>> entries_;
};

}  // namespace takt::identity
