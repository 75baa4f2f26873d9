// SqliteNotificationStore: the NotificationStore port over tables notifications and
// notification_reads (migration 250). Thread-safety: stateless; safe to share.
#pragma once

#include "storage/notification_store.hpp"

namespace takt::storage::sqlite {

class SqliteNotificationStore final : public NotificationStore {
 public:
  Result<std::int64_t> Insert(Transaction& tx, const Notification& n) override;
  Result<std::vector<Notification>> List(Transaction& tx, const NotificationQuery& query) override;
  Result<std::optional<Notification>> Find(Transaction& tx, std::int64_t id,
                                           const NotificationQuery& query) override;
  Result<void> MarkRead(Transaction& tx, std::int64_t id, UserId user, Instant now) override;
};

}  // namespace takt::storage::sqlite
