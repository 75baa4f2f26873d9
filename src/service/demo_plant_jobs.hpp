// The job half of the demo plant (see demo_plant.hpp): 30 customer jobs built from routing
// templates over the demo machines, then moved through their life cycle with the ordinary job and
// task use cases. Deterministic for a given seed and `now`. Thread-safety: one thread.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "service/demo_plant.hpp"

namespace takt::service {

// The master data the jobs refer to, by code.
struct DemoResources {
  std::map<std::string, MachineId> machines;
  std::map<std::string, WorkCenterId> work_centers;
  // Active operators whose main craft is the skill (level 3 or more), by skill code.
  std::map<std::string, std::vector<OperatorId>> operators_by_skill;
};

// Creates the jobs and moves them to their demo statuses; counts them in `summary`.
Result<void> LoadDemoJobs(JobService& jobs, TaskService& tasks, const Actor& actor, Instant now,
                          const DemoResources& resources, std::uint32_t seed, DemoSummary& summary);

}  // namespace takt::service
