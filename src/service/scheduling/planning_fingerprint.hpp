// Fingerprints of a planning input. InputHash is a SHA-256 over a canonical text of the engine
// Problem (every field the engine reads, in index order), stored on each optimization run so two
// runs can be compared for "same input". InputVersions lists the stored versions of the jobs and
// tasks a run read; comparing it before the result is written detects a job changed while its
// schedule was being optimized. Pure functions; thread-safe.
#pragma once

#include <string>

#include "service/scheduling/shop_snapshot.hpp"
#include "solver/model/problem.hpp"

namespace takt::service {

std::string InputHash(const solver::Problem& problem);

// "job 3 v2; task 10 v4; ..." for every job and task of the snapshot.
std::string InputVersions(const std::vector<Job>& jobs,
                          const std::map<JobId, std::vector<Task>>& tasks);

// The jobs whose version (or whose tasks' versions) differ between two InputVersions texts, in
// planner words ("job J-100"), or "" when nothing changed.
std::string ChangedJobs(const std::vector<Job>& before_jobs, const std::string& before,
                        const std::string& after);

}  // namespace takt::service
