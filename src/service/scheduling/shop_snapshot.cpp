#include "service/scheduling/shop_snapshot.hpp"

#include <set>

namespace takt::service {
namespace {

template <typename E>
Result<std::vector<E>> ListAll(storage::Transaction& tx, storage::MasterDataStore<E>& store) {
  std::vector<E> all;
  storage::ListQuery query;
  query.limit = 1000;
  while (true) {
    auto page = store.List(tx, query);
    if (!page) return Fail(page.error());
    for (auto& item : page->items) all.push_back(std::move(item));
    query.offset += static_cast<int>(page->items.size());
    if (page->items.empty() || query.offset >= page->total) break;
  }
  return all;
}

Result<std::vector<Job>> ListJobs(storage::Transaction& tx, storage::JobStore& store,
                                  std::vector<JobStatus> statuses) {
  std::vector<Job> all;
  storage::JobFilter filter;
  filter.statuses = std::move(statuses);
  filter.limit = 1000;
  filter.now = InstantNow();
  while (true) {
    auto page = store.List(tx, filter);
    if (!page) return Fail(page.error());
    for (auto& job : page->items) all.push_back(std::move(job));
    filter.offset += static_cast<std::int64_t>(page->items.size());
    if (page->items.empty() || filter.offset >= page->total) break;
  }
  return all;
}

}  // namespace

Result<ShopSnapshot> LoadShopSnapshot(storage::Transaction& tx, SchedulingStores& stores,
                                      const std::vector<JobId>& job_ids) {
  ShopSnapshot snapshot;
  // Jobs come page by page in one query per 1000 (not one per job); the requested ones are kept.
  auto jobs = ListJobs(tx, stores.jobs, {});
  if (!jobs) return Fail(jobs.error());
  std::map<JobId, const Job*> by_id;
  for (const Job& job : *jobs) by_id[job.id] = &job;
  std::vector<FieldError> missing;
  for (std::size_t i = 0; i < job_ids.size(); ++i) {
    auto it = by_id.find(job_ids[i]);
    if (it == by_id.end()) {
      missing.push_back({"job_ids[" + std::to_string(i) + "]",
                         "job " + job_ids[i].ToString() + " does not exist"});
      continue;
    }
    snapshot.jobs.push_back(*it->second);
  }
  if (!missing.empty()) {
    return Fail(Error::InvalidArgument("some requested jobs do not exist", std::move(missing)));
  }
  auto tasks = stores.tasks.ListByJobs(tx, job_ids);
  if (!tasks) return Fail(tasks.error());
  snapshot.tasks = std::move(*tasks);

  auto calendars = ListAll(tx, stores.calendars);
  if (!calendars) return Fail(calendars.error());
  snapshot.calendars = std::move(*calendars);
  auto centers = ListAll(tx, stores.work_centers);
  if (!centers) return Fail(centers.error());
  snapshot.work_centers = std::move(*centers);
  auto skills = ListAll(tx, stores.skills);
  if (!skills) return Fail(skills.error());
  snapshot.skills = std::move(*skills);
  auto machines = ListAll(tx, stores.machines);
  if (!machines) return Fail(machines.error());
  snapshot.machines = std::move(*machines);
  auto operators = ListAll(tx, stores.operators);
  if (!operators) return Fail(operators.error());
  snapshot.operators = std::move(*operators);
  return snapshot;
}

Result<std::vector<JobId>> SchedulableJobIds(storage::Transaction& tx, SchedulingStores& stores) {
  auto jobs = ListJobs(tx, stores.jobs, {JobStatus::kReleased, JobStatus::kInProgress});
  if (!jobs) return Fail(jobs.error());
  std::vector<JobId> ids;
  for (const Job& job : *jobs) ids.push_back(job.id);
  return ids;
}

}  // namespace takt::service
