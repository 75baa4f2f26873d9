// Job detail JSON micro-benchmarks: the body of POST /api/v1/jobs and GET /api/v1/jobs/{id} for a
// job of N tasks (one machine mode each, as most jobs have; one status change), written straight
// as text (AppendJobDetailJson, what the server sends) and, for comparison, built as a Boost.JSON
// DTO in a stack arena and serialised by JsonText (what it sent before). Reports ns per job detail
// and bytes per second of JSON. Run: build/release/bench/takt_job_json_bench
#include <benchmark/benchmark.h>

#include <boost/json/monotonic_resource.hpp>

#include "api/handlers/job_dto.hpp"
#include "api/handlers/job_json.hpp"
#include "api/json_text.hpp"

namespace takt {
namespace {

using std::chrono::seconds;

service::JobDetail SampleDetail(std::int64_t task_count) {
  service::JobDetail detail;
  Job& job = detail.job;
  job.id = JobId{4711};
  job.job_number = "J-2026-004711";
  job.customer_name = "ACME Tooling";
  job.part_number = "PN-100";
  job.quantity = 10;
  job.due_date = Instant{seconds(1'800'604'800)};
  job.status = JobStatus::kReleased;
  job.created_by = "planner@example.com";
  job.created_at = Instant{seconds(1'800'000'000)};
  job.updated_at = Instant{seconds(1'800'000'060)};
  for (std::int64_t i = 0; i < task_count; ++i) {
    Task task;
    task.id = TaskId{10'000 + i};
    task.job_id = job.id;
    task.sequence = (i + 1) * 10;
    task.name = "Operation " + std::to_string((i + 1) * 10);
    task.setup_minutes = 15;
    task.run_minutes_per_unit = 2.5;
    TaskMode mode;
    mode.machine_id = MachineId{1 + i % 7};
    mode.setup_minutes = 15;
    mode.run_minutes = 2.5;
    task.modes.push_back(mode);
    if (i > 0) {
      PrecedenceLink link;
      link.predecessor_sequence = i * 10;
      link.predecessor_id = TaskId{10'000 + i - 1};
      task.predecessors.push_back(link);
    }
    task.created_at = job.created_at;
    task.updated_at = job.created_at;
    detail.tasks.push_back(std::move(task));
  }
  detail.history.push_back({"PLANNED", "RELEASED", "planner@example.com", job.updated_at, ""});
  return detail;
}

const Instant kNow{seconds(1'800'000'100)};

void BM_JobDetailWritten(benchmark::State& state) {
  const service::JobDetail detail = SampleDetail(state.range(0));
  std::size_t bytes = 0;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop variable is unused
    std::string body;
    body.reserve(1024 * (detail.tasks.size() + 1));
    api::AppendJobDetailJson(body, detail, kNow);
    bytes = body.size();
    benchmark::DoNotOptimize(body.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_JobDetailWritten)->Arg(1)->Arg(5)->Arg(20);

void BM_JobDetailDtoSerialised(benchmark::State& state) {
  const service::JobDetail detail = SampleDetail(state.range(0));
  std::size_t bytes = 0;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop variable is unused
    unsigned char buffer[16384];
    boost::json::monotonic_resource arena(buffer, sizeof buffer);
    const std::string body = api::JsonText(api::JobDetailDto(detail, kNow, &arena));
    bytes = body.size();
    benchmark::DoNotOptimize(body.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_JobDetailDtoSerialised)->Arg(1)->Arg(5)->Arg(20);

}  // namespace
}  // namespace takt

BENCHMARK_MAIN();
