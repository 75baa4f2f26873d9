// The one list of schema steps: each area's function is declared and appended here.
#include <algorithm>

#include "storage/migrations/migration.hpp"

namespace takt::storage {

std::vector<Migration> FoundationMigrations();
std::vector<Migration> MasterDataMigrations();
std::vector<Migration> IdentityMigrations();
std::vector<Migration> JobMigrations();
std::vector<Migration> ScheduleMigrations();

std::vector<Migration> AllMigrations() {
  std::vector<Migration> all;
  for (auto part : {FoundationMigrations(), MasterDataMigrations(), IdentityMigrations(),
                    JobMigrations(), ScheduleMigrations()}) {
    all.insert(all.end(), part.begin(), part.end());
  }
  std::sort(all.begin(), all.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  return all;
}

}  // namespace takt::storage
