#include "solver/io/fjsp_reader.hpp"

#include "solver/io/benchmark_tokens.hpp"
#include "solver/io/jssp_reader.hpp"

namespace takt::solver {
namespace {

constexpr std::int64_t kMaxJobs = 100000;
constexpr std::int64_t kMaxMachines = 10000;
constexpr std::int64_t kMaxOperationsPerJob = 10000;
constexpr std::int64_t kMaxDuration = 1'000'000'000;
constexpr std::int64_t kMaxOperations = 10'000'000;

}  // namespace

Result<ShopInstance> ParseFjsp(std::string_view text, std::string name) {
  BenchmarkTokens tokens(text, name);
  ShopInstance instance;
  instance.name = std::move(name);
  auto jobs = tokens.NextInt("the number of jobs", 1, kMaxJobs);
  if (!jobs) return Fail(jobs.error());
  auto machines = tokens.NextInt("the number of machines", 1, kMaxMachines);
  if (!machines) return Fail(machines.error());
  tokens.SkipNumberOnLine(tokens.line());  // the optional average flexibility
  instance.machine_count = static_cast<int>(*machines);
  instance.jobs.resize(static_cast<std::size_t>(*jobs));
  std::int64_t total_operations = 0;
  for (std::int64_t j = 0; j < *jobs; ++j) {
    ShopJob& job = instance.jobs[static_cast<std::size_t>(j)];
    const std::string job_text = "job " + std::to_string(j + 1);
    auto operation_count =
        tokens.NextInt("the number of operations of " + job_text, 1, kMaxOperationsPerJob);
    if (!operation_count) return Fail(operation_count.error());
    total_operations += *operation_count;
    if (total_operations > kMaxOperations) {
      return Fail(Error::InvalidArgument(instance.name + ": line " + std::to_string(tokens.line()) +
                                         ": too many operations in total"));
    }
    job.operations.resize(static_cast<std::size_t>(*operation_count));
    for (std::int64_t o = 0; o < *operation_count; ++o) {
      const std::string where = "operation " + std::to_string(o + 1) + " of " + job_text;
      auto option_count = tokens.NextInt("the number of machines of " + where, 1, *machines);
      if (!option_count) return Fail(option_count.error());
      ShopOperation& operation = job.operations[static_cast<std::size_t>(o)];
      for (std::int64_t k = 0; k < *option_count; ++k) {
        auto machine = tokens.NextInt("a machine (1-based) of " + where, 1, *machines);
        if (!machine) return Fail(machine.error());
        const int machine_index = static_cast<int>(*machine - 1);
        for (const ShopOption& option : operation.options) {
          if (option.machine == machine_index) {
            return Fail(Error::InvalidArgument(
                instance.name + ": line " + std::to_string(tokens.line()) + ": machine " +
                std::to_string(*machine) + " is listed twice for " + where));
          }
        }
        auto duration =
            tokens.NextInt("the duration on machine " + std::to_string(*machine) + " of " + where,
                           0, kMaxDuration);
        if (!duration) return Fail(duration.error());
        operation.options.push_back({machine_index, *duration});
      }
    }
  }
  if (auto end = tokens.ExpectEnd(); !end) return Fail(end.error());
  return instance;
}

Result<ShopInstance> ReadFjspFile(const std::string& path) {
  auto text = ReadInstanceText(path);
  if (!text) return Fail(text.error());
  return ParseFjsp(*text, InstanceNameFromPath(path));
}

}  // namespace takt::solver
