// JobStatusNotice: the notification step of the multi-user job workflow, run INSIDE the caller's
// write transaction. When a job enters a status, every role that acts next
// (core/notification.hpp NextActorsForJobStatus) gets one notification "Job <number> <verb>";
// nothing is stored when nobody needs telling. Because it shares the transaction of the change
// that caused it, the notifications commit with that change or not at all.
//
// Thread-safety: a pure function over the borrowed store and the caller's Transaction.
#pragma once

#include <string>

#include "core/error.hpp"
#include "core/instant.hpp"
#include "storage/notification_store.hpp"
#include "storage/transaction.hpp"

namespace takt::service {

// Stores the notifications for job `job_id` (shown as `job_number`) having entered `status`
// (a JobStatusName); returns how many were stored.
Result<int> StoreJobStatusNotices(storage::NotificationStore& store, storage::Transaction& tx,
                                  const std::string& job_id, const std::string& job_number,
                                  const std::string& status, Instant now);

}  // namespace takt::service
