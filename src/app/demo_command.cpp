#include "app/demo_command.hpp"

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <string>

#include "app/database_open.hpp"
#include "storage/sqlite/sqlite_job_store.hpp"
#include "storage/sqlite/sqlite_master_data_store.hpp"
#include "storage/sqlite/sqlite_task_store.hpp"

namespace takt::app {

Result<service::DemoSummary> LoadDemoPlantInto(storage::Database& database,
                                               storage::AuditLog& audit, Instant now) {
  storage::sqlite::SqliteMasterDataStore<Skill> skills;
  storage::sqlite::SqliteMasterDataStore<WorkCenter> work_centers;
  storage::sqlite::SqliteMasterDataStore<Calendar> calendars;
  storage::sqlite::SqliteMasterDataStore<Machine> machines;
  storage::sqlite::SqliteMasterDataStore<Operator> operators;
  storage::sqlite::SqliteJobStore job_store;
  storage::sqlite::SqliteTaskStore task_store;
  service::JobStorage job_storage{job_store, task_store, audit};
  service::JobService jobs(database, job_storage);
  service::TaskService tasks(database, job_storage);
  service::DemoPlantDeps deps{
      {database, audit, skills, work_centers, calendars, machines, operators}, jobs, tasks};
  return service::LoadDemoPlant(deps, Actor::System("demo"), now);
}

void AddDemoCommand(CLI::App& app, int& exit_code) {
  auto* demo = app.add_subcommand("demo", "Demo data for trying Takt out");
  demo->require_subcommand(1);
  auto* load = demo->add_subcommand(
      "load",
      "Load the demo plant (3 work centers, 12 machines, 20 operators, 30 jobs) into an "
      "empty database");
  auto url = std::make_shared<std::string>(DefaultDatabaseUrl());
  load->add_option("--database", *url, "Database URL (sqlite://path)")->capture_default_str();
  load->callback([url, &exit_code] {
    auto opened = OpenDatabase(*url);
    if (!opened) {
      std::cerr << "takt demo load: " << opened.error().message << "\n";
      exit_code = 1;
      return;
    }
    if (auto applied = opened->database->Migrate(); !applied) {
      std::cerr << "takt demo load: cannot migrate: " << applied.error().message << "\n";
      exit_code = 1;
      return;
    }
    auto summary = LoadDemoPlantInto(*opened->database, *opened->audit_log, InstantNow());
    if (!summary) {
      std::cerr << "takt demo load: " << summary.error().message;
      for (const FieldError& f : summary.error().field_errors) {
        std::cerr << "\n  " << f.field << ": " << f.message;
      }
      for (const auto& [key, value] : summary.error().details) {
        std::cerr << "\n  " << key << ": " << value;
      }
      std::cerr << "\n";
      exit_code = 1;
      return;
    }
    std::cout << service::DescribeDemoSummary(*summary) << "\n";
    exit_code = 0;
  });
}

}  // namespace takt::app
