#include "solver/search/shop_bridge.hpp"

#include <algorithm>
#include <tuple>

namespace takt::solver {
namespace {

// Whether the job's links are exactly the FS chain of its route (optionally requiring zero lags).
bool JobsAreChains(const Problem& problem, bool zero_lag_only) {
  std::vector<int> position(problem.operations.size(), -1);
  for (const Job& job : problem.jobs) {
    for (std::size_t k = 0; k < job.operations.size(); ++k) {
      position[job.operations[k]] = static_cast<int>(k);
    }
  }
  std::size_t expected = 0;
  for (const Job& job : problem.jobs)
    expected += job.operations.empty() ? 0 : job.operations.size() - 1;
  if (problem.precedences.size() != expected) return false;
  std::vector<char> seen(problem.operations.size(), 0);
  for (const Precedence& p : problem.precedences) {
    if (p.type != LinkType::kFinishStart) return false;
    if (zero_lag_only && (p.min_lag != 0 || p.max_lag < kNoTime)) return false;
    if (problem.operations[p.before].job != problem.operations[p.after].job) return false;
    if (position[p.after] != position[p.before] + 1 || seen[p.after]) return false;
    const Job& job = problem.jobs[problem.operations[p.after].job];
    if (job.operations[position[p.before]] != p.before) return false;
    seen[p.after] = 1;
  }
  return true;
}

// The mode of operation `o` that the shop option `option` stands for.
int ModeForOption(const Problem& problem, int o, int option) {
  std::vector<int> used;
  const auto& modes = problem.operations[o].modes;
  for (int k = 0; k < static_cast<int>(modes.size()); ++k) {
    if (std::find(used.begin(), used.end(), modes[k].machine) != used.end()) continue;
    if (static_cast<int>(used.size()) == option) return k;
    used.push_back(modes[k].machine);
  }
  return 0;
}

}  // namespace

bool IsShopShaped(const Problem& problem, const Objective& objective) {
  for (const ObjectiveTerm& t : objective.terms) {
    if (t.criterion != Criterion::kMakespan || t.weight <= 0) return false;
  }
  for (const Machine& m : problem.machines) {
    if (m.calendar >= 0 || m.setup_matrix >= 0) return false;
  }
  for (const WorkCenter& wc : problem.work_centers) {
    if (wc.wip_limit > 0) return false;
  }
  for (const Operation& op : problem.operations) {
    if (op.pinned || op.in_progress) return false;
    std::vector<int> machines;
    for (const Mode& m : op.modes) {
      if (m.setup != 0 || !m.operators.empty() || m.machine < 0) return false;
      machines.push_back(m.machine);
    }
    std::sort(machines.begin(), machines.end());
    if (std::adjacent_find(machines.begin(), machines.end()) != machines.end()) return false;
  }
  return JobsAreChains(problem, true);
}

std::optional<ShopInstance> ShopRelaxation(const Problem& problem) {
  if (!JobsAreChains(problem, false)) return std::nullopt;
  ShopInstance shop;
  shop.name = problem.name;
  shop.machine_count = static_cast<int>(problem.machines.size());
  for (const Job& job : problem.jobs) {
    ShopJob sj;
    sj.release = std::max<Minutes>(0, job.release);
    for (int o : job.operations) {
      ShopOperation so;
      std::vector<int> used;
      for (const Mode& m : problem.operations[o].modes) {
        if (std::find(used.begin(), used.end(), m.machine) != used.end()) continue;
        used.push_back(m.machine);
        so.options.push_back(ShopOption{m.machine, m.setup + m.run});
      }
      sj.operations.push_back(std::move(so));
    }
    shop.jobs.push_back(std::move(sj));
  }
  return shop;
}

Schedule FromShopSchedule(const Problem& problem, const ShopSchedule& shop) {
  Schedule s;
  s.assignments.resize(problem.operations.size());
  for (std::size_t j = 0; j < problem.jobs.size(); ++j) {
    const Job& job = problem.jobs[j];
    for (std::size_t k = 0; k < job.operations.size(); ++k) {
      const int o = job.operations[k];
      const int mode = ModeForOption(problem, o, shop.option[j][k]);
      const Mode& m = problem.operations[o].modes[mode];
      Assignment& a = s.assignments[o];
      a.mode = mode;
      a.machine = m.machine;
      a.setup_start = shop.start[j][k];
      a.run_start = a.setup_start + m.setup;
      a.end = a.run_start + m.run;
      a.setup_minutes = m.setup;
    }
  }
  return s;
}

ShopSchedule ToShopSchedule(const Problem& problem, const Schedule& schedule) {
  ShopSchedule shop;
  shop.machine_order.resize(problem.machines.size());
  std::vector<std::vector<std::tuple<Minutes, int, int>>> order(problem.machines.size());
  for (std::size_t j = 0; j < problem.jobs.size(); ++j) {
    const Job& job = problem.jobs[j];
    shop.option.emplace_back();
    shop.start.emplace_back();
    for (std::size_t k = 0; k < job.operations.size(); ++k) {
      const int o = job.operations[k];
      const Assignment& a = schedule.assignments[o];
      std::vector<int> used;
      int option = 0;
      for (const Mode& m : problem.operations[o].modes) {
        if (std::find(used.begin(), used.end(), m.machine) != used.end()) continue;
        if (m.machine == a.machine) option = static_cast<int>(used.size());
        used.push_back(m.machine);
      }
      shop.option[j].push_back(option);
      shop.start[j].push_back(a.setup_start);
      order[a.machine].emplace_back(a.setup_start, static_cast<int>(j), static_cast<int>(k));
      shop.makespan = std::max(shop.makespan, a.end);
    }
  }
  for (std::size_t m = 0; m < order.size(); ++m) {
    std::sort(order[m].begin(), order[m].end());
    for (const auto& [start, j, k] : order[m])
      shop.machine_order[m].push_back(ShopOperationRef{j, k});
  }
  return shop;
}

Problem ProblemFromShop(const ShopInstance& shop) {
  Problem p;
  p.name = shop.name;
  for (int m = 0; m < shop.machine_count; ++m) {
    p.machines.push_back(Machine{"M" + std::to_string(m + 1), -1, -1, -1});
  }
  for (std::size_t j = 0; j < shop.jobs.size(); ++j) {
    Job job;
    job.code = "J" + std::to_string(j + 1);
    job.release = shop.jobs[j].release;
    for (std::size_t k = 0; k < shop.jobs[j].operations.size(); ++k) {
      Operation op;
      op.code = job.code + "-" + std::to_string(k + 1);
      op.job = static_cast<int>(j);
      for (const ShopOption& option : shop.jobs[j].operations[k].options) {
        op.modes.push_back(Mode{option.machine, -1, 0, option.duration, {}});
      }
      const int index = static_cast<int>(p.operations.size());
      if (k > 0) {
        p.precedences.push_back(Precedence{index - 1, index, LinkType::kFinishStart, 0, kNoTime});
      }
      job.operations.push_back(index);
      p.operations.push_back(std::move(op));
    }
    p.jobs.push_back(std::move(job));
  }
  return p;
}

void ShopSequenceAsPriorities(const Problem& problem, const ShopSchedule& shop,
                              std::vector<double>& priority, std::vector<int>& mode) {
  priority.assign(problem.operations.size(), 0.0);
  mode.assign(problem.operations.size(), -1);
  for (std::size_t j = 0; j < problem.jobs.size(); ++j) {
    const Job& job = problem.jobs[j];
    for (std::size_t k = 0; k < job.operations.size(); ++k) {
      const int o = job.operations[k];
      priority[o] = static_cast<double>(shop.start[j][k]);
      mode[o] = ModeForOption(problem, o, shop.option[j][k]);
    }
  }
}

}  // namespace takt::solver
