// Storage micro-benchmarks over a real SQLite file (WAL, synchronous=NORMAL) in a temp directory:
// the cost of one write transaction with its audit entry, of creating a master-data entity through
// its use case (validation, reference checks, insert, audit), of reading a page of machines with
// their child rows, and of walking the audit chain. Run: build/release/bench/takt_storage_bench
#include <benchmark/benchmark.h>

#include <atomic>
#include <filesystem>
#include <random>

#include "service/jobs/job_service.hpp"
#include "service/master_data/master_data_service.hpp"
#include "storage/audit_chain.hpp"
#include "storage/sqlite/sqlite_audit_log.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "storage/sqlite/sqlite_idempotency_store.hpp"
#include "storage/sqlite/sqlite_job_store.hpp"
#include "storage/sqlite/sqlite_master_data_store.hpp"
#include "storage/sqlite/sqlite_task_store.hpp"

namespace takt {
namespace {

namespace sq = storage::sqlite;

struct BenchDatabase {
  std::filesystem::path dir;
  std::unique_ptr<sq::SqliteDatabase> db;
  sq::SqliteAuditLog audit;
  sq::SqliteMasterDataStore<Skill> skills;
  sq::SqliteMasterDataStore<WorkCenter> work_centers;
  sq::SqliteMasterDataStore<Calendar> calendars;
  sq::SqliteMasterDataStore<Machine> machines;
  sq::SqliteMasterDataStore<Operator> operators;
  sq::SqliteIdempotencyStore idempotency;
  service::MasterDataStores stores{*db,       audit,    skills,    work_centers,
                                   calendars, machines, operators, &idempotency};

  static std::unique_ptr<sq::SqliteDatabase> Open(const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir);
    sq::SqliteOptions options;
    options.path = (dir / "bench.db").string();
    auto db = sq::SqliteDatabase::Open(options);
    if (!db || !(*db)->Migrate()) std::abort();
    return std::move(*db);
  }
  BenchDatabase()
      : dir(std::filesystem::temp_directory_path() /
            ("takt-bench-" + std::to_string(std::random_device{}()))),
        db(Open(dir)) {}
  ~BenchDatabase() {
    db.reset();
    std::filesystem::remove_all(dir);
  }
};

const Actor kActor{UserId(1), "bench@example.com", "bench"};

void BM_WriteTransactionWithAuditEntry(benchmark::State& state) {
  BenchDatabase b;
  std::int64_t i = 0;
  for (auto _ : state) {
    auto e = b.db->Write(kActor, [&](storage::Transaction& tx) {
      return b.audit.Append(tx, {"bench.touch", "bench", std::to_string(++i), "", R"({"n":1})"});
    });
    if (!e) state.SkipWithError(e.error().message.c_str());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_WriteTransactionWithAuditEntry);

void BM_CreateMachineUseCase(benchmark::State& state) {
  BenchDatabase b;
  service::MasterDataService<Skill> skill_service(b.stores);
  service::MasterDataService<Machine> machine_service(b.stores);
  Skill cnc;
  cnc.code = "CNC";
  cnc.name = "CNC milling";
  auto skill = skill_service.Create(kActor, cnc);
  std::int64_t i = 0;
  for (auto _ : state) {
    Machine m;
    m.code = "M" + std::to_string(++i);
    m.name = "Machine";
    m.required_skills = {{skill->id, 2}};
    m.setup_matrix = {{"A", "B", 10}, {"B", "A", 15}};
    auto created = machine_service.Create(kActor, m);
    if (!created) state.SkipWithError(created.error().message.c_str());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CreateMachineUseCase);

void BM_ListMachinesPageWithChildren(benchmark::State& state) {
  BenchDatabase b;
  service::MasterDataService<Skill> skill_service(b.stores);
  service::MasterDataService<Machine> machine_service(b.stores);
  Skill cnc;
  cnc.code = "CNC";
  cnc.name = "CNC milling";
  auto skill = skill_service.Create(kActor, cnc);
  for (int i = 0; i < 2000; ++i) {
    Machine m;
    m.code = "M" + std::to_string(i);
    m.name = "Machine";
    m.required_skills = {{skill->id, 2}};
    m.setup_matrix = {{"A", "B", 10}};
    (void)machine_service.Create(kActor, m);
  }
  storage::ListQuery query;
  query.limit = static_cast<int>(state.range(0));
  query.offset = 500;
  for (auto _ : state) {
    auto page = machine_service.List(query);
    if (!page || page->items.size() != static_cast<std::size_t>(query.limit)) {
      state.SkipWithError("list failed");
    }
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ListMachinesPageWithChildren)->Arg(50)->Arg(1000);

// POST /api/v1/jobs below HTTP: JobService::CreateJob with 5 tasks on a machine each (validation,
// reference checks, job + tasks + 6 audit entries in one write). With several threads the writes
// share transactions (group commit); CPU time is the whole process's (checkpoints included).
struct JobBench {
  BenchDatabase b;
  storage::sqlite::SqliteJobStore jobs;
  storage::sqlite::SqliteTaskStore tasks;
  service::JobStorage storage{jobs, tasks, b.audit};
  service::JobService service{*b.db, storage};
  std::atomic<std::int64_t> next{0};
};
std::unique_ptr<JobBench> job_bench;

void BM_CreateJobFiveTasks(benchmark::State& state) {
  if (state.thread_index() == 0) {
    job_bench = std::make_unique<JobBench>();
    if (!job_bench->b.db->ExecuteRawSql(
            "INSERT INTO machines (id, code, name, status, efficiency, created_at, updated_at) "
            "VALUES (1, 'M1', 'Saw', 'AVAILABLE', 1.0, 'x', 'x'), "
            "(2, 'M2', 'Mill', 'AVAILABLE', 1.0, 'x', 'x')")) {
      std::abort();
    }
  }
  for (auto _ : state) {
    service::NewJob n;
    n.job.job_number = "LD-" + std::to_string(job_bench->next.fetch_add(1));
    n.job.customer_name = "Load Test";
    n.job.part_number = "PN-LOAD";
    n.job.quantity = 20;
    n.job.due_date = InstantNow() + std::chrono::days{30};
    for (int t = 1; t <= 5; ++t) {
      Task task;
      task.sequence = t;
      task.name = "Op " + std::to_string(t);
      task.setup_minutes = 10;
      task.run_minutes_per_unit = 1.5;
      TaskMode mode;
      mode.machine_id = MachineId{1 + t % 2};
      task.modes.push_back(mode);
      n.tasks.push_back(std::move(task));
    }
    auto created = job_bench->service.CreateJob(kActor, std::move(n), std::nullopt);
    if (!created) state.SkipWithError(created.error().message.c_str());
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    state.counters["jobs_per_batch"] =
        static_cast<double>(job_bench->b.db->WritesCommitted()) /
        static_cast<double>(std::max<std::int64_t>(1, job_bench->b.db->WriteBatchesCommitted()));
    job_bench.reset();
  }
}
BENCHMARK(BM_CreateJobFiveTasks)
    ->Threads(1)
    ->Threads(8)
    ->MeasureProcessCPUTime()
    ->UseRealTime()
    ->MinTime(3.0);

void BM_VerifyAuditChain(benchmark::State& state) {
  BenchDatabase b;
  for (int batch = 0; batch < state.range(0) / 100; ++batch) {
    (void)b.db->Write(kActor, [&](storage::Transaction& tx) -> Result<void> {
      for (int i = 0; i < 100; ++i) {
        auto e = b.audit.Append(tx, {"bench.touch", "bench", "1", R"({"a":1})", R"({"a":2})"});
        if (!e) return Fail(e.error());
      }
      return {};
    });
  }
  for (auto _ : state) {
    auto report = storage::VerifyAuditChain(*b.db, b.audit);
    if (!report || !report->valid) state.SkipWithError("chain invalid");
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_VerifyAuditChain)->Arg(10000);

}  // namespace
}  // namespace takt

BENCHMARK_MAIN();
