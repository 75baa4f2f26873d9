// NotificationStore: the storage port for in-app notifications (core/notification.hpp), addressed
// to a role, with read state per user (migration 250). Every call takes the caller's Transaction;
// writes need a write transaction.
//
// Thread-safety: implementations are stateless apart from the Transaction; one instance serves
// all threads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/notification.hpp"
#include "core/user.hpp"
#include "storage/transaction.hpp"

namespace takt::storage {

struct NotificationQuery {
  UserId user;
  std::vector<std::string> roles;  // notifications to any of these roles
  bool all_roles = false;          // administrators see every notification
  bool unread_only = false;
  std::int64_t after_id = 0;  // keyset cursor, ascending ids
  int limit = 50;
};

class NotificationStore {
 public:
  virtual ~NotificationStore() = default;

  // Stores `n` (id, read ignored); returns its id.
  virtual Result<std::int64_t> Insert(Transaction& tx, const Notification& n) = 0;
  // The page, with `read` for query.user.
  virtual Result<std::vector<Notification>> List(Transaction& tx,
                                                 const NotificationQuery& query) = 0;
  // The one notification if `query` (user and roles) may see it.
  virtual Result<std::optional<Notification>> Find(Transaction& tx, std::int64_t id,
                                                   const NotificationQuery& query) = 0;
  virtual Result<void> MarkRead(Transaction& tx, std::int64_t id, UserId user, Instant now) = 0;
};

}  // namespace takt::storage
