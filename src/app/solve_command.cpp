#include "app/solve_command.hpp"

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "service/solve_format.hpp"
#include "solver/io/fjsp_reader.hpp"
#include "solver/io/jssp_reader.hpp"
#include "solver/model/problem_generator.hpp"
#include "solver/render/gantt_svg.hpp"
#include "solver/search/shop_bridge.hpp"
#include "solver/solve.hpp"

namespace takt::app {
namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void OnInterrupt(int) { g_interrupted.store(true); }

struct SolveOptions {
  std::string file;
  std::string format = "auto";
  std::string objective = "makespan";
  bool objective_given = false;  // --objective on the command line beats the file's objective
  double time_limit_s = 10.0;
  std::int64_t work_limit = 0;
  std::uint64_t seed = 1;
  int threads = 2;
  bool deterministic = false;
  std::string out;
  std::string svg;
};

struct GenerateOptions {
  solver::GeneratorParams params;
  std::string out;
};

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) {
    std::cerr << "takt solve: cannot write " << path << "\n";
    return false;
  }
  return true;
}

std::string Value(const solver::ObjectiveValue& value) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%s%.6g", i ? " / " : "", value[i]);
    out += buffer;
  }
  return out.empty() ? "-" : out;
}

int RunSolve(const SolveOptions& o) {
  std::ifstream in(o.file, std::ios::binary);
  if (!in) {
    std::cerr << "takt solve: cannot read " << o.file << "\n";
    return 2;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  std::string format = o.format;
  if (format == "auto") {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (EndsWith(o.file, ".json") || (first != std::string::npos && text[first] == '{')) {
      format = "json";
    } else {
      format = EndsWith(o.file, ".fjs") ? "fjsp" : "jssp";
    }
  }
  std::optional<solver::Strategy> strategy = solver::FindStrategy(o.objective);
  service::ProblemDocument doc;
  if (format == "json") {
    Result<service::ProblemDocument> parsed = service::ParseProblemJson(text);
    if (!parsed) {
      std::cerr << "takt solve: " << o.file << ": " << parsed.error().message << "\n";
      for (const FieldError& e : parsed.error().field_errors) {
        std::cerr << "  " << e.field << ": " << e.message << "\n";
      }
      return 2;
    }
    doc = std::move(*parsed);
  } else {
    const std::string name = solver::InstanceNameFromPath(o.file);
    Result<solver::ShopInstance> shop =
        format == "fjsp" ? solver::ParseFjsp(text, name) : solver::ParseJssp(text, name);
    if (!shop) {
      std::cerr << "takt solve: " << o.file << ": " << shop.error().message << "\n";
      return 2;
    }
    doc.problem = solver::ProblemFromShop(*shop);
  }
  if (doc.strategy && !o.objective_given) strategy = doc.strategy;
  if (!strategy) {
    std::cerr << "takt solve: --objective must be one of makespan, due_dates, balanced, "
                 "setup_minimizing, fast\n";
    return 2;
  }
  solver::SolveParams params;
  params.objective = strategy->objective;
  params.search = strategy->search;
  params.time_limit_s = o.time_limit_s;
  params.work_limit = o.work_limit;
  params.seed = o.seed;
  params.threads = o.threads;
  params.deterministic = o.deterministic || o.work_limit > 0;
  params.cancel = &g_interrupted;
  params.on_improvement = [](const solver::SolveProgress& p) {
    std::printf("%8.2fs  objective %-24s bound %-12.6g gap %6.2f%%  (%s)\n", p.elapsed_s,
                Value(p.objective).c_str(), p.bound, p.gap * 100.0, p.source.c_str());
    std::fflush(stdout);
  };
  std::printf("solving %s: %zu jobs, %zu operations, %zu machines, %zu operators; objective %s\n",
              doc.problem.name.c_str(), doc.problem.jobs.size(), doc.problem.operations.size(),
              doc.problem.machines.size(), doc.problem.operators.size(), strategy->name.c_str());
  g_interrupted.store(false);
  auto previous = std::signal(SIGINT, OnInterrupt);
  const solver::SolveResult result = solver::Solve(doc.problem, params);
  std::signal(SIGINT, previous);

  std::printf("status    %s%s\n", solver::SolveStatusName(result.status),
              result.fallback ? " (constructive fallback)" : "");
  if (!result.message.empty()) std::printf("message   %s\n", result.message.c_str());
  for (const FieldError& e : result.defects) {
    std::printf("defect    %s: %s\n", e.field.c_str(), e.message.c_str());
  }
  if (result.has_schedule) {
    std::printf("objective %s\nbound     %.6g\ngap       %.2f%%\n", Value(result.objective).c_str(),
                result.bound, result.gap * 100.0);
    std::printf("makespan  %lld min, late jobs %d, weighted tardiness %.0f, setup %lld min\n",
                static_cast<long long>(result.kpis.makespan), result.kpis.late_jobs,
                result.kpis.weighted_tardiness, static_cast<long long>(result.kpis.total_setup));
  }
  std::printf("time      %.2fs (construct %.3fs by %s, %s, %lld moves, %d improvements)\n",
              result.stats.elapsed_s, result.stats.construct_s,
              result.stats.construct_rule.empty() ? "-" : result.stats.construct_rule.c_str(),
              result.stats.engine.empty() ? "-" : result.stats.engine.c_str(),
              static_cast<long long>(result.stats.moves), result.stats.improvements);
  // The result's schedule refers to the problem with work-center modes expanded.
  solver::Problem expanded = doc.problem;
  solver::ExpandWorkCenterModes(expanded);
  bool written = true;
  if (!o.out.empty()) {
    written =
        WriteFile(o.out, service::SolutionToJson(expanded, result, doc.horizon_start)) && written;
  }
  if (!o.svg.empty() && result.has_schedule) {
    written = WriteFile(o.svg, solver::GanttSvg(expanded, result.schedule)) && written;
  }
  if (result.status == solver::SolveStatus::kModelInvalid) return 2;
  if (!result.has_schedule || !written) return 1;
  return 0;
}

int RunGenerate(const GenerateOptions& o) {
  const solver::Problem problem = solver::GenerateProblem(o.params);
  const std::string json = service::ProblemToJson(problem);
  if (o.out.empty() || o.out == "-") {
    std::cout << json << "\n";
    return 0;
  }
  if (!WriteFile(o.out, json)) return 1;
  std::printf("wrote %s: %zu jobs, %zu operations, %zu machines, %zu operators\n", o.out.c_str(),
              problem.jobs.size(), problem.operations.size(), problem.machines.size(),
              problem.operators.size());
  return 0;
}

}  // namespace

void AddSolveCommand(CLI::App& app, int& exit_code) {
  auto solve_options = std::make_shared<SolveOptions>();
  CLI::App* solve = app.add_subcommand("solve", "Solve a problem file offline");
  solve->add_option("file", solve_options->file, "Problem file (JSON, JSSP or FJSP)")->required();
  solve->add_option("--format", solve_options->format, "auto, json, jssp or fjsp")
      ->check(CLI::IsMember({"auto", "json", "jssp", "fjsp"}));
  CLI::Option* objective =
      solve
          ->add_option("--objective", solve_options->objective,
                       "makespan, due_dates, balanced, setup_minimizing or fast (default: "
                       "the file's objective, else makespan)")
          ->check(CLI::IsMember(solver::StrategyNames()));
  solve->add_option("--time-limit", solve_options->time_limit_s, "Wall-clock limit in seconds")
      ->check(CLI::Range(0.0, 86400.0));
  solve
      ->add_option("--work-limit", solve_options->work_limit,
                   "Deterministic work limit (implies --deterministic)")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{1} << 50));
  solve->add_option("--seed", solve_options->seed, "Random seed");
  solve->add_option("--threads", solve_options->threads, "Search threads")
      ->check(CLI::Range(1, 64));
  solve->add_flag("--deterministic", solve_options->deterministic,
                  "Same input, seed and work limit give the same schedule");
  solve->add_option("--out", solve_options->out, "Write the solution JSON here");
  solve->add_option("--svg", solve_options->svg, "Write a Gantt chart (SVG) here");
  solve->callback([solve_options, objective, &exit_code] {
    solve_options->objective_given = objective->count() > 0;
    exit_code = RunSolve(*solve_options);
  });

  auto gen = std::make_shared<GenerateOptions>();
  CLI::App* generate = app.add_subcommand("generate", "Write a random problem file (JSON)");
  generate->add_option("--jobs", gen->params.jobs, "Jobs")->check(CLI::Range(1, 1000000));
  generate->add_option("--operations", gen->params.operations_per_job, "Operations per job")
      ->check(CLI::Range(1, 1000));
  generate->add_option("--machines", gen->params.machines, "Machines")
      ->check(CLI::Range(1, 100000));
  generate
      ->add_option("--machines-per-center", gen->params.machines_per_center,
                   "Machines per work center (alternatives per operation)")
      ->check(CLI::Range(1, 1000));
  generate->add_option("--operators", gen->params.operators, "Operators")
      ->check(CLI::Range(0, 100000));
  generate->add_option("--skills", gen->params.skills, "Skills")->check(CLI::Range(1, 1000));
  generate->add_flag("--calendars", gen->params.calendars, "Two-shift calendars with breaks");
  generate->add_flag("--setups", gen->params.setups, "Setup families and changeovers");
  generate->add_flag("--wip", gen->params.wip_limits, "WIP limits on work centers");
  generate->add_flag("--links", gen->params.extra_links, "Extra SS/FF links and max lags");
  generate->add_option("--seed", gen->params.seed, "Random seed");
  generate->add_option("--out", gen->out, "Output file (default: standard output)");
  generate->callback([gen, &exit_code] { exit_code = RunGenerate(*gen); });
}

}  // namespace takt::app
