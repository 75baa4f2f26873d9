// The demo plant: a realistic small job shop loaded through the ordinary use cases (so every row
// is validated and audited like user input) for `takt demo load` and `takt serve --demo`.
//
// Contents: 8 skills; 2 calendars (two shifts Mon-Fri with breaks, and a day shift with a Saturday
// morning; public holidays); 3 work centers (machining, fabrication, assembly and quality);
// 12 machines with required skills, efficiencies, a setup-family matrix on the mills and one
// machine in planned maintenance; 20 operators with skill levels, certification windows and
// shifts (one absent); 30 jobs for 6 customers with 3-8 tasks each (alternative machines, operator
// needs, setup families), mixed priorities and due dates (some overdue), and statuses from PLANNED
// through IN_PROGRESS (with started and completed tasks) to COMPLETED, plus one ON_HOLD.
//
// Deterministic: the same content for the same `today` (a fixed seed drives every choice; dates
// are relative to `today` so the demo always looks current). Idempotent: when any job or machine
// already exists it changes nothing and reports `skipped`. Not atomic as a whole (it is many use
// cases); each step is its own transaction, and a failure stops the load with the error.
//
// Thread-safety: call from one thread; the services it uses are thread-safe.
#pragma once

#include <string>

#include "core/actor.hpp"
#include "core/instant.hpp"
#include "service/jobs/job_service.hpp"
#include "service/jobs/task_service.hpp"
#include "service/master_data/master_data_stores.hpp"

namespace takt::service {

struct DemoSummary {
  bool skipped = false;
  std::string reason;  // why it was skipped
  int skills = 0;
  int calendars = 0;
  int work_centers = 0;
  int machines = 0;
  int operators = 0;
  int jobs = 0;
  int tasks = 0;
};

struct DemoPlantDeps {
  MasterDataStores master_data;
  JobService& jobs;
  TaskService& tasks;
};

// Loads the plant as `actor` (typically Actor::System("demo")), dating everything around `now`.
Result<DemoSummary> LoadDemoPlant(const DemoPlantDeps& deps, const Actor& actor, Instant now);

// A one-line human summary, e.g. "demo plant loaded: 12 machines, 20 operators, 30 jobs ...".
std::string DescribeDemoSummary(const DemoSummary& summary);

}  // namespace takt::service
