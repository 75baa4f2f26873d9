#include "service/notifications/job_status_notice.hpp"

#include "core/notification.hpp"

namespace takt::service {

Result<int> StoreJobStatusNotices(storage::NotificationStore& store, storage::Transaction& tx,
                                  const std::string& job_id, const std::string& job_number,
                                  const std::string& status, Instant now) {
  const NotificationRoute route = NextActorsForJobStatus(status);
  for (const std::string& role : route.roles) {
    Notification n;
    n.recipient_role = role;
    n.kind = route.kind;
    n.entity_type = "job";
    n.entity_id = job_id;
    n.message = "Job " + job_number + " " + route.verb;
    n.created_at = now;
    if (auto stored = store.Insert(tx, n); !stored) return Fail(stored.error());
  }
  return static_cast<int>(route.roles.size());
}

}  // namespace takt::service
