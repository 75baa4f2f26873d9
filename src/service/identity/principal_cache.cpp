#include "service/identity/principal_cache.hpp"

#include <mutex>

namespace takt::identity {

std::optional<Principal> PrincipalCache::Find(std::string_view token, std::int64_t epoch,
                                              std::chrono::sys_seconds now) const {
  std::shared_lock lock(mutex_);
  const auto found = entries_.find(token);
  if (found == entries_.end()) return std::nullopt;
  const Entry& entry = found->second;
  if (entry.epoch != epoch || now < entry.validity.not_before || now > entry.validity.not_after) {
    return std::nullopt;
  }
  return entry.principal;
}

void PrincipalCache::Store(std::string_view token, const Principal& principal, Validity validity,
                           std::int64_t epoch, std::chrono::sys_seconds now) {
  if (capacity_ == 0) return;
  std::unique_lock lock(mutex_);
  if (entries_.size() >= capacity_ && !entries_.contains(token)) {
    std::erase_if(entries_, [&](const auto& item) {
      const Entry& entry = item.second;
      return entry.epoch != epoch || now > entry.validity.not_after;
    });
    if (entries_.size() >= capacity_) entries_.clear();
  }
  Entry& entry = entries_[std::string(token)];
  // A slower request that read an older epoch must not replace a newer answer.
  if (!entry.principal.user_id.valid() || entry.epoch <= epoch) {
    entry = Entry{principal, validity, epoch};
  }
}

std::size_t PrincipalCache::size() const {
  std::shared_lock lock(mutex_);
  return entries_.size();
}

}  // namespace takt::identity
