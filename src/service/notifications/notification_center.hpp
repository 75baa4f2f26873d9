// NotificationCenter: in-app notifications of the multi-user workflow. When a job is created or
// changes status, the roles that must act next (core/notification.hpp NextActorsForJobStatus)
// each get one notification; a user sees the notifications addressed to any of their roles
// (administrators see all) and marks them read for themselves.
//
// Thread-safety: stateless apart from the injected ports; all members may be called
// concurrently.
#pragma once

#include <functional>
#include <string>

#include "core/actor.hpp"
#include "core/error.hpp"
#include "core/principal.hpp"
#include "storage/database.hpp"
#include "storage/notification_store.hpp"

namespace takt::service {

class NotificationCenter {
 public:
  using Clock = std::function<Instant()>;

  NotificationCenter(storage::Database& database, storage::NotificationStore& store,
                     Clock clock = InstantNow)
      : database_(database), store_(store), clock_(std::move(clock)) {}

  // Tells the next actors that job `job_id` (shown as `job_number`) entered `status`; returns how
  // many notifications were stored.
  Result<int> JobStatusReached(const Actor& actor, const std::string& job_id,
                               const std::string& job_number, const std::string& status);

  // The caller's notifications, oldest first after `after_id`; limit 1-200.
  Result<std::vector<Notification>> List(const Principal& who, bool unread_only,
                                         std::int64_t after_id, int limit);

  // Marks one notification read for the caller; kNotFound when it does not exist or is not
  // addressed to the caller. Returns it with read = true.
  Result<Notification> MarkRead(const Principal& who, std::int64_t id);

 private:
  static storage::NotificationQuery QueryFor(const Principal& who);

  storage::Database& database_;
  storage::NotificationStore& store_;
  Clock clock_;
};

}  // namespace takt::service
