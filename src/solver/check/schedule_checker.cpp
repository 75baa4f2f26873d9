// The checker deliberately re-derives everything from the schedule: machine order comes from
// sorting start times (not from any decoder structure), changeovers from that order, operator
// spans from attendance, WIP spans from each job's first start and last end inside a center.
#include "solver/check/schedule_checker.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "solver/model/working_time.hpp"

namespace takt::solver {
namespace {

std::string Min(Minutes t) { return "minute " + std::to_string(t); }

class Checker {
 public:
  Checker(const Problem& problem, const Schedule& schedule)
      : p_(problem), s_(schedule), ok_(problem.operations.size(), 0) {}

  std::vector<Violation> Run() {
    if (s_.assignments.size() != p_.operations.size()) {
      Add("complete", "the schedule has " + std::to_string(s_.assignments.size()) +
                          " assignments for " + std::to_string(p_.operations.size()) +
                          " operations");
      return std::move(out_);
    }
    for (std::size_t o = 0; o < p_.operations.size(); ++o) CheckOperation(static_cast<int>(o));
    CheckMachines();
    CheckOperators();
    CheckPrecedences();
    CheckWip();
    return std::move(out_);
  }

 private:
  void Add(std::string rule, std::string message) {
    out_.push_back(Violation{std::move(rule), std::move(message)});
  }
  const std::string& Code(int o) const { return p_.operations[o].code; }

  const Calendar* Cal(int index) const { return index < 0 ? nullptr : &p_.calendars[index]; }

  // Working time of the setup phase (machine and every attending operator) or of the run phase
  // (machine and FULL operators).
  WorkingTime Phase(int o, bool setup) const {
    const Assignment& a = s_.assignments[o];
    const Mode& mode = p_.operations[o].modes[a.mode];
    WorkingTime w;
    w.Add(Cal(p_.machines[a.machine].calendar));
    std::size_t index = 0;
    for (const OperatorRequirement& req : mode.operators) {
      for (int c = 0; c < req.count; ++c, ++index) {
        if (setup || req.attendance == Attendance::kFull) {
          w.Add(Cal(p_.operators[a.operators[index]].calendar));
        }
      }
    }
    return w;
  }

  void CheckOperation(int o) {
    const Operation& op = p_.operations[o];
    const Assignment& a = s_.assignments[o];
    if (a.mode < 0 || a.mode >= static_cast<int>(op.modes.size())) {
      Add("mode", "operation " + Code(o) + " has no valid mode");
      return;
    }
    const Mode& mode = op.modes[a.mode];
    if (a.machine != mode.machine) {
      Add("mode", "operation " + Code(o) + " runs on a machine its mode does not name");
      return;
    }
    std::size_t needed = 0;
    for (const OperatorRequirement& req : mode.operators) needed += req.count;
    if (a.operators.size() != needed) {
      Add("operators", "operation " + Code(o) + " needs " + std::to_string(needed) +
                           " operators and has " + std::to_string(a.operators.size()));
      return;
    }
    for (std::size_t i = 0; i < a.operators.size(); ++i) {
      if (a.operators[i] < 0 || a.operators[i] >= static_cast<int>(p_.operators.size())) {
        Add("operators", "operation " + Code(o) + " names an unknown operator");
        return;
      }
      for (std::size_t j = 0; j < i; ++j) {
        if (a.operators[i] == a.operators[j]) {
          Add("operators", "operation " + Code(o) + " counts operator " +
                               p_.operators[a.operators[i]].code + " twice");
        }
      }
    }
    if (!(a.setup_start <= a.run_start && a.run_start <= a.end)) {
      Add("times", "operation " + Code(o) + " has setup start, run start and end out of order");
      return;
    }
    ok_[o] = 1;
    const std::string& machine = p_.machines[a.machine].code;
    if (op.in_progress) {
      const FixedPlacement& f = *op.in_progress;
      if (a.mode != f.mode || a.operators != f.operators || a.setup_start != f.start ||
          a.end != std::max<Minutes>(f.start, 0) + f.remaining) {
        Add("in_progress",
            "operation " + Code(o) + " is in progress and must keep its start, resources and end");
      }
      return;
    }
    if (op.pinned) {
      const FixedPlacement& f = *op.pinned;
      if (a.mode != f.mode || a.operators != f.operators || a.setup_start != f.start) {
        Add("pinned", "operation " + Code(o) + " is pinned at " + Min(f.start) +
                          " with fixed resources but was moved");
      }
    }
    if (a.setup_start < 0) {
      Add("horizon", "operation " + Code(o) + " starts before the horizon start");
    }
    const Job& job = p_.jobs[op.job];
    if (a.setup_start < job.release) {
      Add("release", "operation " + Code(o) + " starts at " + Min(a.setup_start) + " before job " +
                         job.code + " is released at " + Min(job.release));
    }
    const WorkingTime setup_time = Phase(o, true);
    const WorkingTime run_time = Phase(o, false);
    if (op.interruptible) {
      if (run_time.WorkingMinutes(a.run_start, a.end) < mode.run) {
        Add("calendar", "operation " + Code(o) + " on " + machine + " gets fewer than " +
                            std::to_string(mode.run) + " working minutes of run between " +
                            Min(a.run_start) + " and " + Min(a.end));
      }
    } else {
      if (!setup_time.Covers(a.setup_start, a.run_start) ||
          !run_time.Covers(a.setup_start, a.end)) {
        Add("calendar", "operation " + Code(o) + " on " + machine +
                            " is not interruptible but crosses non-working time between " +
                            Min(a.setup_start) + " and " + Min(a.end));
      }
      if (a.end - a.run_start < mode.run) {
        Add("duration", "operation " + Code(o) + " runs " + std::to_string(a.end - a.run_start) +
                            " min instead of " + std::to_string(mode.run));
      }
    }
    std::size_t index = 0;
    for (const OperatorRequirement& req : mode.operators) {
      const Minutes span_end = req.attendance == Attendance::kFull ? a.end : a.run_start;
      for (int c = 0; c < req.count; ++c, ++index) {
        const Operator& person = p_.operators[a.operators[index]];
        bool valid = false;
        for (const OperatorSkill& sk : person.skills) {
          valid = valid || (sk.skill == req.skill && sk.level >= req.min_level &&
                            sk.valid_from <= a.setup_start && span_end <= sk.valid_until);
        }
        if (!valid) {
          Add("skill", "operator " + person.code + " on operation " + Code(o) + " does not hold " +
                           p_.skills[req.skill].code + " at level " +
                           std::to_string(req.min_level) + " for the whole span " +
                           Min(a.setup_start) + " to " + Min(span_end));
        }
      }
    }
  }

  void CheckMachines() {
    std::vector<std::vector<int>> by_machine(p_.machines.size());
    for (std::size_t o = 0; o < p_.operations.size(); ++o) {
      if (ok_[o]) by_machine[s_.assignments[o].machine].push_back(static_cast<int>(o));
    }
    for (std::size_t m = 0; m < p_.machines.size(); ++m) {
      auto& ops = by_machine[m];
      std::sort(ops.begin(), ops.end(), [&](int x, int y) {
        const Assignment& a = s_.assignments[x];
        const Assignment& b = s_.assignments[y];
        return std::tie(a.setup_start, a.end, x) < std::tie(b.setup_start, b.end, y);
      });
      const Machine& machine = p_.machines[m];
      for (std::size_t i = 0; i < ops.size(); ++i) {
        const int o = ops[i];
        const Assignment& a = s_.assignments[o];
        const Operation& op = p_.operations[o];
        Minutes changeover = 0;
        if (i > 0) {
          const Assignment& prev = s_.assignments[ops[i - 1]];
          if (prev.end > a.setup_start) {
            Add("machine_overlap", "machine " + machine.code + " runs " + Code(ops[i - 1]) +
                                       " and " + Code(o) + " at the same time (" +
                                       Min(a.setup_start) + " to " +
                                       Min(std::min(prev.end, a.end)) + ")");
          }
          if (machine.setup_matrix >= 0) {
            changeover = p_.setup_matrices[machine.setup_matrix].Changeover(
                p_.operations[ops[i - 1]].setup_family, op.setup_family);
          }
        }
        if (op.in_progress) continue;
        const Minutes required = op.modes[a.mode].setup + changeover;
        if (Phase(o, true).WorkingMinutes(a.setup_start, a.run_start) < required) {
          Add("setup",
              "operation " + Code(o) + " on " + machine.code + " needs " +
                  std::to_string(required) + " working minutes of setup" +
                  (changeover > 0 ? " (including the changeover after " + Code(ops[i - 1]) + ")"
                                  : std::string()) +
                  " before its run starts at " + Min(a.run_start));
        }
      }
    }
  }

  void CheckOperators() {
    std::vector<std::vector<std::tuple<Minutes, Minutes, int>>> spans(p_.operators.size());
    for (std::size_t o = 0; o < p_.operations.size(); ++o) {
      if (!ok_[o]) continue;
      const Assignment& a = s_.assignments[o];
      const Mode& mode = p_.operations[o].modes[a.mode];
      std::size_t index = 0;
      for (const OperatorRequirement& req : mode.operators) {
        const Minutes span_end = req.attendance == Attendance::kFull ? a.end : a.run_start;
        for (int c = 0; c < req.count; ++c, ++index) {
          if (span_end > a.setup_start) {
            spans[a.operators[index]].emplace_back(a.setup_start, span_end, static_cast<int>(o));
          }
        }
      }
    }
    for (std::size_t p = 0; p < spans.size(); ++p) {
      auto& list = spans[p];
      std::sort(list.begin(), list.end());
      for (std::size_t i = 1; i < list.size(); ++i) {
        if (std::get<1>(list[i - 1]) > std::get<0>(list[i])) {
          Add("operator_overlap", "operator " + p_.operators[p].code + " attends " +
                                      Code(std::get<2>(list[i - 1])) + " and " +
                                      Code(std::get<2>(list[i])) + " at the same time");
        }
      }
    }
  }

  void CheckPrecedences() {
    for (const Precedence& link : p_.precedences) {
      if (!ok_[link.before] || !ok_[link.after]) continue;
      const Assignment& b = s_.assignments[link.before];
      const Assignment& a = s_.assignments[link.after];
      Minutes diff = 0;
      switch (link.type) {
        case LinkType::kFinishStart: diff = a.setup_start - b.end; break;
        case LinkType::kStartStart: diff = a.setup_start - b.setup_start; break;
        case LinkType::kFinishFinish: diff = a.end - b.end; break;
        case LinkType::kStartFinish: diff = a.end - b.setup_start; break;
      }
      auto what = [&] {
        return std::string(LinkTypeName(link.type)) + " link " + Code(link.before) + " -> " +
               Code(link.after);
      };
      if (diff < link.min_lag) {
        Add("precedence", what() + " needs a lag of at least " + std::to_string(link.min_lag) +
                              " min, the schedule gives " + std::to_string(diff));
      }
      if (link.max_lag < kNoTime && diff > link.max_lag) {
        Add("max_lag", what() + " allows at most " + std::to_string(link.max_lag) +
                           " min, the schedule gives " + std::to_string(diff));
      }
    }
  }

  void CheckWip() {
    // (center, job) -> [first start, last end) of the job's work inside the center.
    std::map<std::pair<int, int>, Interval> spans;
    for (std::size_t o = 0; o < p_.operations.size(); ++o) {
      if (!ok_[o]) continue;
      const Assignment& a = s_.assignments[o];
      const int center = p_.machines[a.machine].work_center;
      if (center < 0 || p_.work_centers[center].wip_limit <= 0) continue;
      auto key = std::make_pair(center, p_.operations[o].job);
      auto [it, inserted] = spans.try_emplace(key, Interval{a.setup_start, a.end});
      if (!inserted) {
        it->second.start = std::min(it->second.start, a.setup_start);
        it->second.end = std::max(it->second.end, a.end);
      }
    }
    std::vector<std::vector<std::pair<Minutes, int>>> events(p_.work_centers.size());
    for (const auto& [key, span] : spans) {
      if (span.end <= span.start) continue;
      events[key.first].emplace_back(span.start, +1);
      events[key.first].emplace_back(span.end, -1);
    }
    for (std::size_t c = 0; c < events.size(); ++c) {
      auto& list = events[c];
      std::sort(list.begin(), list.end());
      int count = 0;
      for (const auto& [time, delta] : list) {
        count += delta;
        if (count > p_.work_centers[c].wip_limit) {
          Add("wip", "work center " + p_.work_centers[c].code + " has " + std::to_string(count) +
                         " jobs in progress at " + Min(time) + ", above its WIP limit of " +
                         std::to_string(p_.work_centers[c].wip_limit));
          break;
        }
      }
    }
  }

  const Problem& p_;
  const Schedule& s_;
  std::vector<char> ok_;
  std::vector<Violation> out_;
};

}  // namespace

std::vector<Violation> CheckSchedule(const Problem& problem, const Schedule& schedule) {
  return Checker(problem, schedule).Run();
}

}  // namespace takt::solver
