#include "app/audit_command.hpp"

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <string>

#include "app/database_open.hpp"
#include "storage/audit_chain.hpp"

namespace takt::app {

void AddAuditCommand(CLI::App& app, int& exit_code) {
  auto* audit = app.add_subcommand("audit", "Audit trail tools");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand("verify", "Check the audit trail's hash chain");
  auto url = std::make_shared<std::string>(DefaultDatabaseUrl());
  verify->add_option("--database", *url, "Database URL (sqlite://path)")->capture_default_str();
  verify->callback([url, &exit_code] {
    auto opened = OpenDatabase(*url);
    if (!opened) {
      std::cerr << "takt audit verify: " << opened.error().message << "\n";
      exit_code = 1;
      return;
    }
    auto applied = opened->database->AppliedMigrations();
    if (applied && applied->empty()) {
      std::cerr << "takt audit verify: the database at " << *url
                << " has no schema yet (run takt migrate or takt serve first)\n";
      exit_code = 1;
      return;
    }
    auto report = storage::VerifyAuditChain(*opened->database, *opened->audit_log);
    if (!report) {
      std::cerr << "takt audit verify: " << report.error().message << "\n";
      exit_code = 1;
      return;
    }
    if (report->valid) {
      std::cout << "audit trail valid, " << report->entries_checked << " entries checked\n";
      exit_code = 0;
      return;
    }
    std::cout << "audit trail INVALID at entry " << report->first_bad_sequence.value_or(0) << ": "
              << report->reason << " (" << report->entries_checked
              << " entries before it are intact)\n";
    exit_code = 1;
  });
}

}  // namespace takt::app
