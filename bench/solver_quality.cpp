// takt_solver_quality: runs the shop search over standard benchmark instances and prints, per
// instance, the best known makespan, the constructive (dispatching-rule) makespan measured in the
// same run, the final makespan, both gaps and the time to the best; then the mean gaps per class.
// Instances are chosen from bounds.csv by family/class name or by a glob on the instance name.
// This is a benchmark program, not part of the product: it reads files and prints.
#include <fnmatch.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "solver/io/fjsp_reader.hpp"
#include "solver/io/jssp_reader.hpp"
#include "solver/shop/dispatch_constructive.hpp"
#include "solver/shop/shop_search.hpp"

namespace {

using takt::solver::ShopInstance;

struct BoundsRow {
  std::string instance, problem, family, file;
  long long lower = 0, upper = 0;
};

struct Options {
  std::string instances_dir = "bench/instances";
  std::vector<std::string> sets = {"dev"};
  double time_limit_s = 10.0;
  long long work_limit = 0;
  int threads = 2;
  unsigned long long seed = 1;
  bool deterministic = false;
  std::string csv_path, json_path;
};

struct Outcome {
  BoundsRow row;
  std::string size_class;
  long long lower_bound = 0, constructive = 0, final_makespan = 0, iterations = 0;
  double gap = 0, constructive_gap = 0, time_to_best = 0, elapsed = 0;
};

std::vector<std::string> Split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::stringstream stream(text);
  std::string part;
  while (std::getline(stream, part, separator)) parts.push_back(part);
  return parts;
}

// Taillard instances are grouped by size as in the literature; other sets by family.
std::string SizeClass(const BoundsRow& row) {
  if (row.family == "ta") {
    const int number = std::atoi(row.instance.c_str() + 2);
    if (number <= 10) return "ta01-10";
    if (number <= 20) return "ta11-20";
    if (number <= 30) return "ta21-30";
    if (number <= 40) return "ta31-40";
    return "ta";
  }
  if (row.family == "hurink_edata") return "edata";
  return row.family;
}

bool Selected(const BoundsRow& row, const std::vector<std::string>& sets) {
  static const std::vector<std::string> kDevelopment = {
      "ft10", "la16", "la21", "la24", "la27", "la36", "abz7",       "ta01",      "ta11",
      "ta21", "ta31", "mk01", "mk04", "mk08", "mk10", "la16_edata", "la21_edata"};
  for (const std::string& set : sets) {
    if (set == "all") return true;
    if (set == "dev") {
      for (const std::string& name : kDevelopment) {
        if (row.instance == name) return true;
      }
      continue;
    }
    if (set == row.family || set == SizeClass(row)) return true;
    if (fnmatch(set.c_str(), row.instance.c_str(), 0) == 0) return true;
  }
  return false;
}

int Usage() {
  std::fprintf(stderr,
               "usage: takt_solver_quality [--instances DIR] [--set NAME[,NAME...]] "
               "[--time-limit S] [--work-limit W] [--threads N] [--seed S] [--deterministic] "
               "[--csv FILE] [--json FILE]\n"
               "  sets: dev (default), all, a family (ft la abz orb ta mk edata kacem fattahi),\n"
               "        a Taillard class (ta01-10 ta11-20 ta21-30 ta31-40) or a name glob "
               "('la0*').\n");
  return 2;
}

bool ParseOptions(int argc, char** argv, Options& options) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    const char* v = nullptr;
    if (arg == "--deterministic") {
      options.deterministic = true;
      continue;
    }
    if ((v = value()) == nullptr) return false;
    if (arg == "--instances") {
      options.instances_dir = v;
    } else if (arg == "--set") {
      options.sets = Split(v, ',');
    } else if (arg == "--time-limit") {
      options.time_limit_s = std::atof(v);
    } else if (arg == "--work-limit") {
      options.work_limit = std::atoll(v);
    } else if (arg == "--threads") {
      options.threads = std::atoi(v);
    } else if (arg == "--seed") {
      options.seed = std::strtoull(v, nullptr, 10);
    } else if (arg == "--csv") {
      options.csv_path = v;
    } else if (arg == "--json") {
      options.json_path = v;
    } else {
      return false;
    }
  }
  return options.time_limit_s > 0 && options.threads > 0;
}

std::vector<BoundsRow> ReadBounds(const std::string& path) {
  std::vector<BoundsRow> rows;
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    const std::vector<std::string> cells = Split(line, ',');
    if (cells.size() < 9) continue;
    BoundsRow row;
    row.instance = cells[0];
    row.problem = cells[1];
    row.family = cells[2];
    row.file = cells[3];
    row.lower = std::atoll(cells[7].c_str());
    row.upper = std::atoll(cells[8].c_str());
    rows.push_back(row);
  }
  return rows;
}

double Gap(long long makespan, long long upper) {
  return upper > 0 ? 100.0 * static_cast<double>(makespan - upper) / static_cast<double>(upper) : 0;
}

void WriteCsv(const std::string& path, const std::vector<Outcome>& outcomes) {
  std::ofstream out(path);
  out << "instance,class,best_known,lower_bound,constructive,final,gap_pct,constructive_gap_pct,"
         "time_to_best_s,elapsed_s,iterations\n";
  for (const Outcome& o : outcomes) {
    out << o.row.instance << ',' << o.size_class << ',' << o.row.upper << ',' << o.lower_bound
        << ',' << o.constructive << ',' << o.final_makespan << ',' << o.gap << ','
        << o.constructive_gap << ',' << o.time_to_best << ',' << o.elapsed << ',' << o.iterations
        << '\n';
  }
}

void WriteJson(const std::string& path, const std::vector<Outcome>& outcomes,
               const Options& options) {
  std::ofstream out(path);
  out << "{\"time_limit_s\": " << options.time_limit_s << ", \"threads\": " << options.threads
      << ", \"seed\": " << options.seed << ", \"instances\": [";
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const Outcome& o = outcomes[i];
    out << (i ? ",\n  " : "\n  ") << "{\"instance\": \"" << o.row.instance << "\", \"class\": \""
        << o.size_class << "\", \"best_known\": " << o.row.upper
        << ", \"lower_bound\": " << o.lower_bound << ", \"constructive\": " << o.constructive
        << ", \"final\": " << o.final_makespan << ", \"gap_pct\": " << o.gap
        << ", \"constructive_gap_pct\": " << o.constructive_gap
        << ", \"time_to_best_s\": " << o.time_to_best << ", \"elapsed_s\": " << o.elapsed
        << ", \"iterations\": " << o.iterations << "}";
  }
  out << "\n]}\n";
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!ParseOptions(argc, argv, options)) return Usage();
  const std::vector<BoundsRow> rows = ReadBounds(options.instances_dir + "/bounds.csv");
  if (rows.empty()) {
    std::fprintf(stderr, "no bounds.csv rows in %s\n", options.instances_dir.c_str());
    return 1;
  }
  std::vector<Outcome> outcomes;
  std::printf("%-14s %9s %9s %9s %9s %8s %8s %9s %11s\n", "instance", "best", "lower", "constr",
              "final", "gap%", "cgap%", "t_best_s", "iterations");
  for (const BoundsRow& row : rows) {
    if (!Selected(row, options.sets)) continue;
    const std::string path = options.instances_dir + "/" + row.file;
    auto instance =
        row.problem == "FJSP" ? takt::solver::ReadFjspFile(path) : takt::solver::ReadJsspFile(path);
    if (!instance) {
      std::fprintf(stderr, "%s: %s\n", row.instance.c_str(), instance.error().message.c_str());
      return 1;
    }
    Outcome o;
    o.row = row;
    o.size_class = SizeClass(row);
    o.lower_bound = takt::solver::ShopLowerBound(*instance);
    const takt::solver::ShopSchedule constructive = takt::solver::BestDispatchSchedule(*instance);
    o.constructive = constructive.makespan;
    takt::solver::ShopSearchParams params;
    params.time_limit_s = options.time_limit_s;
    params.work_limit = options.work_limit;
    params.threads = options.threads;
    params.seed = options.seed;
    params.deterministic = options.deterministic;
    params.lower_bound = row.lower;  // stop at a proven optimum, as a solver with that bound would
    const takt::solver::ShopSearchResult result =
        takt::solver::SearchShop(*instance, constructive, params);
    o.final_makespan = result.best.makespan;
    o.gap = Gap(o.final_makespan, row.upper);
    o.constructive_gap = Gap(o.constructive, row.upper);
    o.time_to_best = result.stats.time_to_best_s;
    o.elapsed = result.stats.elapsed_s;
    o.iterations = result.stats.iterations;
    std::printf("%-14s %9lld %9lld %9lld %9lld %8.2f %8.2f %9.2f %11lld\n", row.instance.c_str(),
                row.upper, o.lower_bound, o.constructive, o.final_makespan, o.gap,
                o.constructive_gap, o.time_to_best, o.iterations);
    std::fflush(stdout);
    outcomes.push_back(o);
  }
  std::map<std::string, std::vector<const Outcome*>> classes;
  for (const Outcome& o : outcomes) classes[o.size_class].push_back(&o);
  std::printf("\n%-10s %4s %10s %10s %12s\n", "class", "n", "mean gap%", "mean cgap%",
              "mean t_best");
  for (const auto& [name, members] : classes) {
    double gap = 0, cgap = 0, time = 0;
    for (const Outcome* o : members) {
      gap += o->gap;
      cgap += o->constructive_gap;
      time += o->time_to_best;
    }
    const double n = static_cast<double>(members.size());
    std::printf("%-10s %4zu %10.3f %10.3f %12.2f\n", name.c_str(), members.size(), gap / n,
                cgap / n, time / n);
  }
  if (!options.csv_path.empty()) WriteCsv(options.csv_path, outcomes);
  if (!options.json_path.empty()) WriteJson(options.json_path, outcomes, options);
  return 0;
}
