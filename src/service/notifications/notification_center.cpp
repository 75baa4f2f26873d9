#include "service/notifications/notification_center.hpp"

#include <algorithm>

#include "service/notifications/job_status_notice.hpp"

namespace takt::service {

storage::NotificationQuery NotificationCenter::QueryFor(const Principal& who) {
  storage::NotificationQuery query;
  query.user = who.user_id;
  query.roles = who.roles;
  query.all_roles = who.HasRole("admin");
  return query;
}

Result<int> NotificationCenter::JobStatusReached(const Actor& actor, const std::string& job_id,
                                                 const std::string& job_number,
                                                 const std::string& status) {
  if (NextActorsForJobStatus(status).roles.empty()) return 0;
  const Instant now = clock_();
  return database_.Write(actor, [&](storage::Transaction& tx) {
    return StoreJobStatusNotices(store_, tx, job_id, job_number, status, now);
  });
}

Result<std::vector<Notification>> NotificationCenter::List(const Principal& who, bool unread_only,
                                                           std::int64_t after_id, int limit) {
  storage::NotificationQuery query = QueryFor(who);
  query.unread_only = unread_only;
  query.after_id = after_id;
  query.limit = std::clamp(limit, 1, 200);
  return database_.Read([&](storage::Transaction& tx) { return store_.List(tx, query); });
}

Result<Notification> NotificationCenter::MarkRead(const Principal& who, std::int64_t id) {
  const storage::NotificationQuery query = QueryFor(who);
  const Actor actor{who.user_id, who.email, ""};
  const Instant now = clock_();
  return database_.Write(actor, [&](storage::Transaction& tx) -> Result<Notification> {
    auto found = store_.Find(tx, id, query);
    if (!found) return Fail(found.error());
    if (!*found) {
      return Fail(Error::NotFound("notification " + std::to_string(id) + " does not exist"));
    }
    if (auto ok = store_.MarkRead(tx, id, who.user_id, now); !ok) return Fail(ok.error());
    Notification n = std::move(**found);
    n.read = true;
    return n;
  });
}

}  // namespace takt::service
