#include "solver/io/jssp_reader.hpp"

#include <fstream>
#include <sstream>

#include "solver/io/benchmark_tokens.hpp"

namespace takt::solver {
namespace {

// Limits that keep a corrupt header from asking for absurd allocations.
constexpr std::int64_t kMaxJobs = 100000;
constexpr std::int64_t kMaxMachines = 10000;
constexpr std::int64_t kMaxDuration = 1'000'000'000;

}  // namespace

Result<ShopInstance> ParseJssp(std::string_view text, std::string name) {
  BenchmarkTokens tokens(text, name);
  ShopInstance instance;
  instance.name = std::move(name);
  auto jobs = tokens.NextInt("the number of jobs", 1, kMaxJobs);
  if (!jobs) return Fail(jobs.error());
  auto machines = tokens.NextInt("the number of machines", 1, kMaxMachines);
  if (!machines) return Fail(machines.error());
  if (*jobs * *machines > 10'000'000) {
    return Fail(Error::InvalidArgument(instance.name + ": line 1: instance too large (" +
                                       std::to_string(*jobs) + " x " + std::to_string(*machines) +
                                       " operations)"));
  }
  instance.machine_count = static_cast<int>(*machines);
  instance.jobs.resize(static_cast<std::size_t>(*jobs));
  for (std::int64_t j = 0; j < *jobs; ++j) {
    ShopJob& job = instance.jobs[static_cast<std::size_t>(j)];
    job.operations.resize(static_cast<std::size_t>(*machines));
    for (std::int64_t o = 0; o < *machines; ++o) {
      const std::string where =
          " of operation " + std::to_string(o + 1) + " of job " + std::to_string(j + 1);
      auto machine = tokens.NextInt("the machine (0-based)" + where, 0, *machines - 1);
      if (!machine) return Fail(machine.error());
      auto duration = tokens.NextInt("the duration" + where, 0, kMaxDuration);
      if (!duration) return Fail(duration.error());
      job.operations[static_cast<std::size_t>(o)].options.push_back(
          {static_cast<int>(*machine), *duration});
    }
  }
  if (auto end = tokens.ExpectEnd(); !end) return Fail(end.error());
  return instance;
}

Result<std::string> ReadInstanceText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(Error::NotFound("cannot open instance file '" + path + "'"));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string InstanceNameFromPath(const std::string& path) {
  std::string name = path;
  if (const auto slash = name.find_last_of('/'); slash != std::string::npos) {
    name = name.substr(slash + 1);
  }
  if (const auto dot = name.find_last_of('.'); dot != std::string::npos && dot > 0) {
    name = name.substr(0, dot);
  }
  return name;
}

Result<ShopInstance> ReadJsspFile(const std::string& path) {
  auto text = ReadInstanceText(path);
  if (!text) return Fail(text.error());
  return ParseJssp(*text, InstanceNameFromPath(path));
}

}  // namespace takt::solver
