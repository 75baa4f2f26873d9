// Job detail JSON micro-benchmarks: the body of POST /api/v1/jobs and GET /api/v1/jobs/{id} for a
// job of N tasks (one machine mode each, as most jobs have; one status change), written straight
// as text (AppendJobDetailJson, what the server sends) and, for comparison, built as a Boost.JSON
// DTO in a stack arena and serialised by JsonText (what it sent before). Reports ns per job detail
// and bytes per second of JSON.
// The same for GET /api/v1/jobs: a page of N jobs (the default page is 50), without tasks and with
// include=tasks (5 tasks each), written straight as text (AppendJobListJson) against the Boost.JSON
// tree the handler built before (JobDto/TaskDto items on the heap, in a JSON envelope, serialised
// by JsonText). Reports ns per page.
// Run: build/release/bench/takt_job_json_bench
#include <benchmark/benchmark.h>

#include <boost/json/array.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/object.hpp>
#include <map>
#include <vector>

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

// A page of `job_count` jobs like SampleDetail's, each with `tasks_per_job` tasks when given.
struct JobPage {
  std::vector<Job> jobs;
  std::map<JobId, std::vector<Task>> tasks_of_jobs;
};

JobPage SamplePage(std::int64_t job_count, std::int64_t tasks_per_job) {
  JobPage page;
  page.jobs.reserve(static_cast<std::size_t>(job_count));
  for (std::int64_t j = 0; j < job_count; ++j) {
    service::JobDetail detail = SampleDetail(tasks_per_job);
    detail.job.id = JobId{4711 + j};
    detail.job.job_number = "J-2026-00" + std::to_string(4711 + j);
    for (Task& task : detail.tasks) {
      task.job_id = detail.job.id;
      task.id = TaskId{task.id.value() + j * 100};
    }
    if (tasks_per_job > 0) page.tasks_of_jobs[detail.job.id] = std::move(detail.tasks);
    page.jobs.push_back(std::move(detail.job));
  }
  return page;
}

// Args: jobs on the page, tasks per job (0: the list without include=tasks).
void BM_JobListWritten(benchmark::State& state) {
  const JobPage page = SamplePage(state.range(0), state.range(1));
  const bool with_tasks = state.range(1) > 0;
  const std::size_t items =
      page.jobs.size() * static_cast<std::size_t>(1 + state.range(1));  // jobs and tasks
  std::size_t bytes = 0;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop variable is unused
    api::JobListBody list{.jobs = page.jobs,
                          .tasks_of_jobs = with_tasks ? &page.tasks_of_jobs : nullptr,
                          .total = 1000,
                          .next_cursor = "o50",
                          .limit = 50,
                          .offset = 0};
    std::string body;
    body.reserve(1024 * (items + 1));
    api::AppendJobListJson(body, list, kNow);
    bytes = body.size();
    benchmark::DoNotOptimize(body.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.counters["body_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_JobListWritten)->Args({50, 0})->Args({50, 5});

void BM_JobListDtoSerialised(benchmark::State& state) {
  const JobPage page = SamplePage(state.range(0), state.range(1));
  const bool with_tasks = state.range(1) > 0;
  std::size_t bytes = 0;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop variable is unused
    boost::json::array items;
    for (const Job& job : page.jobs) items.push_back(api::JobDto(job, kNow));
    if (with_tasks) {
      for (std::size_t i = 0; i < page.jobs.size(); ++i) {
        boost::json::array tasks;
        for (const Task& t : page.tasks_of_jobs.at(page.jobs[i].id)) {
          tasks.push_back(api::TaskDto(t, page.jobs[i].quantity));
        }
        items[i].as_object()["tasks"] = std::move(tasks);
      }
    }
    const std::string body = api::JsonText(boost::json::object{{"items", std::move(items)},
                                                               {"total", 1000},
                                                               {"next_cursor", "o50"},
                                                               {"limit", 50},
                                                               {"offset", 0}});
    bytes = body.size();
    benchmark::DoNotOptimize(body.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.counters["body_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_JobListDtoSerialised)->Args({50, 0})->Args({50, 5});

}  // namespace
}  // namespace takt

BENCHMARK_MAIN();
