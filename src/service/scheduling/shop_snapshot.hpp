// ShopSnapshot: everything a planning run reads from storage, loaded in ONE read transaction so
// the problem is built from a consistent picture: the requested jobs with their tasks, and all
// master data (calendars, work centers, skills, machines with downtimes, operators with skills and
// absences). Loading costs a fixed number of queries per page of each entity, never one per row.
// The stores it reads through are borrowed (SchedulingStores); the snapshot itself is a plain
// value.
//
// Thread-safety: LoadShopSnapshot runs inside the caller's transaction; a snapshot is immutable
// once loaded and may be read from any thread.
#pragma once

#include <map>
#include <vector>

#include "core/calendar.hpp"
#include "core/job.hpp"
#include "core/machine.hpp"
#include "core/shop_operator.hpp"
#include "core/skill.hpp"
#include "core/task.hpp"
#include "core/work_center.hpp"
#include "storage/audit_log.hpp"
#include "storage/database.hpp"
#include "storage/job_store.hpp"
#include "storage/master_data_store.hpp"
#include "storage/schedule_store.hpp"
#include "storage/task_store.hpp"

namespace takt::service {

// The stores the scheduling use cases work through (borrowed; they outlive the services).
struct SchedulingStores {
  storage::Database& database;
  storage::AuditLog& audit;
  storage::ScheduleStore& schedules;
  storage::JobStore& jobs;
  storage::TaskStore& tasks;
  storage::MasterDataStore<Skill>& skills;
  storage::MasterDataStore<WorkCenter>& work_centers;
  storage::MasterDataStore<Calendar>& calendars;
  storage::MasterDataStore<Machine>& machines;
  storage::MasterDataStore<Operator>& operators;
};

struct ShopSnapshot {
  std::vector<Job> jobs;  // in the order requested
  std::map<JobId, std::vector<Task>> tasks;
  std::vector<Calendar> calendars;
  std::vector<WorkCenter> work_centers;
  std::vector<Skill> skills;
  std::vector<Machine> machines;
  std::vector<Operator> operators;
};

// Loads `job_ids` (every one must exist: kInvalidArgument naming "job_ids[i]" otherwise) and all
// master data.
Result<ShopSnapshot> LoadShopSnapshot(storage::Transaction& tx, SchedulingStores& stores,
                                      const std::vector<JobId>& job_ids);

// Only the jobs with the given statuses (e.g. every RELEASED/IN_PROGRESS job when a request names
// none), in due-date order.
Result<std::vector<JobId>> SchedulableJobIds(storage::Transaction& tx, SchedulingStores& stores);

}  // namespace takt::service
