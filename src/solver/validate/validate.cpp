#include "solver/validate/validate.hpp"

#include <algorithm>
#include <map>
#include <string>

namespace takt::solver {
namespace {

class Validator {
 public:
  explicit Validator(const Problem& p) : p_(p) {}

  std::vector<FieldError> Run() {
    for (std::size_t i = 0; i < p_.calendars.size(); ++i) CheckCalendar(i);
    for (std::size_t i = 0; i < p_.setup_matrices.size(); ++i) CheckMatrix(i);
    for (std::size_t i = 0; i < p_.work_centers.size(); ++i) {
      if (p_.work_centers[i].wip_limit < 0) {
        Add("work_centers[" + p_.work_centers[i].code + "].wip_limit",
            "the WIP limit must be at least 1 (or 0 for none)");
      }
    }
    for (std::size_t i = 0; i < p_.machines.size(); ++i) CheckMachine(i);
    for (std::size_t i = 0; i < p_.operators.size(); ++i) CheckOperator(i);
    for (std::size_t i = 0; i < p_.jobs.size(); ++i) CheckJob(i);
    for (std::size_t i = 0; i < p_.operations.size(); ++i) CheckOperation(static_cast<int>(i));
    CheckPrecedences();
    return std::move(out_);
  }

 private:
  void Add(std::string field, std::string message) {
    out_.push_back(FieldError{std::move(field), std::move(message)});
  }
  template <typename T>
  static bool In(int index, const std::vector<T>& v) {
    return index >= 0 && index < static_cast<int>(v.size());
  }
  std::string OpField(int o) const { return "operations[" + p_.operations[o].code + "]"; }

  void CheckCalendar(std::size_t i) {
    const Calendar& c = p_.calendars[i];
    for (std::size_t k = 0; k < c.working.size(); ++k) {
      const Interval& iv = c.working[k];
      if (iv.end <= iv.start) {
        Add("calendars[" + c.code + "].working[" + std::to_string(k) + "]",
            "a working interval must end after it starts");
      } else if (k > 0 && iv.start < c.working[k - 1].end) {
        Add("calendars[" + c.code + "].working[" + std::to_string(k) + "]",
            "working intervals must be sorted and must not overlap");
      }
    }
  }

  void CheckMatrix(std::size_t i) {
    const SetupMatrix& m = p_.setup_matrices[i];
    const std::string field = "setup_matrices[" + m.code + "]";
    if (m.family_count < 0 ||
        m.minutes.size() != static_cast<std::size_t>(m.family_count) * m.family_count) {
      Add(field + ".minutes", "the changeover matrix must have one row and one column per family");
      return;
    }
    if (std::any_of(m.minutes.begin(), m.minutes.end(), [](Minutes v) { return v < 0; })) {
      Add(field + ".minutes", "changeover minutes cannot be negative");
    }
  }

  void CheckMachine(std::size_t i) {
    const Machine& m = p_.machines[i];
    const std::string field = "machines[" + m.code + "]";
    if (m.work_center != -1 && !In(m.work_center, p_.work_centers)) {
      Add(field + ".work_center", "unknown work center");
    }
    if (m.calendar != -1 && !In(m.calendar, p_.calendars))
      Add(field + ".calendar", "unknown calendar");
    if (m.setup_matrix != -1 && !In(m.setup_matrix, p_.setup_matrices)) {
      Add(field + ".setup_matrix", "unknown setup matrix");
    }
  }

  void CheckOperator(std::size_t i) {
    const Operator& person = p_.operators[i];
    const std::string field = "operators[" + person.code + "]";
    if (person.calendar != -1 && !In(person.calendar, p_.calendars)) {
      Add(field + ".calendar", "unknown calendar");
    }
    if (person.cost_per_minute < 0) Add(field + ".cost", "the cost cannot be negative");
    for (std::size_t k = 0; k < person.skills.size(); ++k) {
      const OperatorSkill& s = person.skills[k];
      const std::string sf = field + ".skills[" + std::to_string(k) + "]";
      if (!In(s.skill, p_.skills)) Add(sf + ".skill", "unknown skill");
      if (s.level < 1 || s.level > 5) Add(sf + ".level", "a skill level is between 1 and 5");
      if (s.valid_until <= s.valid_from) {
        Add(sf + ".valid_until", "the certificate expires before it becomes valid");
      }
    }
  }

  void CheckJob(std::size_t j) {
    const Job& job = p_.jobs[j];
    const std::string field = "jobs[" + job.code + "]";
    if (job.due < kNoTime && job.due < job.release) {
      Add(field + ".due", "job " + job.code + " is due (minute " + std::to_string(job.due) +
                              ") before it is released (minute " + std::to_string(job.release) +
                              ")");
    }
    if (!(job.weight > 0)) Add(field + ".priority", "the priority weight must be positive");
    if (job.operations.empty()) Add(field + ".operations", "a job needs at least one operation");
    for (int o : job.operations) {
      if (!In(o, p_.operations) || p_.operations[o].job != static_cast<int>(j)) {
        Add(field + ".operations", "the job lists an operation that belongs to another job");
      }
    }
  }

  // The longest stretch of contiguous working time of a calendar (kNoTime: always working).
  // Cached per calendar: every mode of every operation asks.
  Minutes LongestWindow(int calendar) {
    if (calendar < 0 || !In(calendar, p_.calendars)) return kNoTime;
    if (longest_window_.empty()) longest_window_.assign(p_.calendars.size(), -1);
    Minutes& cached = longest_window_[calendar];
    if (cached < 0) cached = ComputeLongestWindow(calendar);
    return cached;
  }

  Minutes ComputeLongestWindow(int calendar) const {
    Minutes best = 0;
    Minutes start = 0;
    Minutes end = -kNoTime;
    for (const Interval& iv : p_.calendars[calendar].working) {
      if (iv.start > end) start = iv.start;
      end = std::max(end, iv.end);
      best = std::max(best, end - start);
    }
    return best;
  }

  // Cached per (skill, level): every requirement of every mode asks.
  int QualifiedOperators(const OperatorRequirement& req) {
    const auto key = std::make_pair(req.skill, req.min_level);
    auto it = qualified_.find(key);
    if (it == qualified_.end()) it = qualified_.emplace(key, CountQualified(req)).first;
    return it->second;
  }

  int CountQualified(const OperatorRequirement& req) const {
    const Minutes horizon_end = p_.horizon;
    int count = 0;
    for (const Operator& person : p_.operators) {
      for (const OperatorSkill& s : person.skills) {
        if (s.skill == req.skill && s.level >= req.min_level && s.valid_until > 0 &&
            s.valid_from < horizon_end) {
          ++count;
          break;
        }
      }
    }
    return count;
  }

  void CheckOperation(int o) {
    const Operation& op = p_.operations[o];
    // Field names are built only for a defect: most operations have none.
    auto field = [&] { return OpField(o); };
    if (!In(op.job, p_.jobs)) Add(field() + ".job", "unknown job");
    if (op.modes.empty()) {
      Add(field() + ".modes", "operation " + op.code + " has no machine to run on");
      return;
    }
    bool any_fits = false;
    Minutes longest_needed = 0;
    std::string longest_machine;
    Minutes longest_window = 0;
    for (std::size_t k = 0; k < op.modes.size(); ++k) {
      const Mode& mode = op.modes[k];
      auto mf = [&] { return field() + ".modes[" + std::to_string(k) + "]"; };
      if (!In(mode.machine, p_.machines)) {
        Add(mf() + ".machine",
            mode.work_center >= 0 ? "the work center has no machines" : "unknown machine");
        continue;
      }
      if (mode.setup < 0 || mode.run < 0) Add(mf(), "setup and run minutes cannot be negative");
      const Machine& machine = p_.machines[mode.machine];
      if (machine.setup_matrix >= 0 && In(machine.setup_matrix, p_.setup_matrices) &&
          op.setup_family >= p_.setup_matrices[machine.setup_matrix].family_count) {
        Add(field() + ".family", "machine " + machine.code + "'s changeover matrix has no family " +
                                     std::to_string(op.setup_family));
      }
      for (std::size_t r = 0; r < mode.operators.size(); ++r) {
        const OperatorRequirement& req = mode.operators[r];
        auto rf = [&] { return mf() + ".operators[" + std::to_string(r) + "]"; };
        if (!In(req.skill, p_.skills)) {
          Add(rf() + ".skill", "unknown skill");
          continue;
        }
        if (req.min_level < 1 || req.min_level > 5) {
          Add(rf() + ".min_level", "a skill level is between 1 and 5");
        }
        if (req.count < 1) Add(rf() + ".count", "at least one operator must be required");
        const int qualified = QualifiedOperators(req);
        if (qualified < req.count) {
          Add(rf(), "operation " + op.code + " needs " + std::to_string(req.count) +
                        " operator(s) with " + p_.skills[req.skill].code + " at level " +
                        std::to_string(req.min_level) + " but " + std::to_string(qualified) +
                        " hold it during the horizon");
        }
      }
      const Minutes window = LongestWindow(machine.calendar);
      if (window == 0) {
        Add(mf() + ".machine", "machine " + machine.code + " has no working time in the horizon");
        continue;
      }
      if (op.interruptible || window >= mode.setup + mode.run) {
        any_fits = true;
      } else if (longest_machine.empty()) {
        longest_needed = mode.setup + mode.run;
        longest_machine = machine.code;
        longest_window = window;
      }
    }
    if (!any_fits && !longest_machine.empty()) {
      Add(field() + ".interruptible",
          "operation " + op.code + " takes " + std::to_string(longest_needed) +
              " min without interruption but the longest working window of machine " +
              longest_machine + " is " + std::to_string(longest_window) + " min");
    }
    if (op.pinned && op.in_progress) {
      Add(field() + ".pinned", "an operation already in progress cannot also be pinned");
    }
    if (op.pinned) CheckFixed(o, op.pinned, field() + ".pinned");
    if (op.in_progress) CheckFixed(o, op.in_progress, field() + ".in_progress");
    if (op.in_progress && op.in_progress->remaining < 0) {
      Add(field() + ".in_progress.remaining", "remaining minutes cannot be negative");
    }
  }

  void CheckFixed(int o, const std::optional<FixedPlacement>& fixed, const std::string& field) {
    if (!fixed) return;
    const Operation& op = p_.operations[o];
    if (!In(fixed->mode, op.modes)) {
      Add(field + ".machine", "the fixed machine is not one of the operation's modes");
      return;
    }
    std::size_t needed = 0;
    for (const OperatorRequirement& req : op.modes[fixed->mode].operators) needed += req.count;
    if (fixed->operators.size() != needed) {
      Add(field + ".operators", "the fixed placement names " +
                                    std::to_string(fixed->operators.size()) +
                                    " operators, the mode needs " + std::to_string(needed));
    }
    for (int person : fixed->operators) {
      if (!In(person, p_.operators)) Add(field + ".operators", "unknown operator");
    }
  }

  void CheckPrecedences() {
    const int n = static_cast<int>(p_.operations.size());
    std::vector<std::vector<int>> next(n);
    std::vector<int> indegree(n, 0);
    for (std::size_t i = 0; i < p_.precedences.size(); ++i) {
      const Precedence& link = p_.precedences[i];
      auto field = [&] { return "precedences[" + std::to_string(i) + "]"; };
      if (link.before < 0 || link.before >= n || link.after < 0 || link.after >= n) {
        Add(field(), "the link names an unknown operation");
        continue;
      }
      if (link.before == link.after) {
        Add(field(), "operation " + p_.operations[link.before].code + " cannot precede itself");
        continue;
      }
      if (link.max_lag < kNoTime && link.max_lag < link.min_lag) {
        const std::string what = std::string(LinkTypeName(link.type)) + " link " +
                                 p_.operations[link.before].code + " -> " +
                                 p_.operations[link.after].code;
        Add(field() + ".max_lag", what + " has a max lag of " + std::to_string(link.max_lag) +
                                      " min, below its min lag of " + std::to_string(link.min_lag) +
                                      " min: it can never be met");
      }
      next[link.before].push_back(link.after);
      ++indegree[link.after];
    }
    std::vector<int> ready;
    for (int o = 0; o < n; ++o) {
      if (indegree[o] == 0) ready.push_back(o);
    }
    int seen = 0;
    while (!ready.empty()) {
      const int o = ready.back();
      ready.pop_back();
      ++seen;
      for (int x : next[o]) {
        if (--indegree[x] == 0) ready.push_back(x);
      }
    }
    if (seen < n) {
      // Peel off operations that merely follow the cycle: those with no successor left inside.
      std::vector<int> outdegree(n, 0);
      std::vector<std::vector<int>> prev(n);
      for (int o = 0; o < n; ++o) {
        if (indegree[o] == 0) continue;
        for (int x : next[o]) {
          if (indegree[x] > 0) {
            ++outdegree[o];
            prev[x].push_back(o);
          }
        }
      }
      std::vector<int> sinks;
      for (int o = 0; o < n; ++o) {
        if (indegree[o] > 0 && outdegree[o] == 0) sinks.push_back(o);
      }
      while (!sinks.empty()) {
        const int o = sinks.back();
        sinks.pop_back();
        indegree[o] = 0;
        for (int x : prev[o]) {
          if (--outdegree[x] == 0 && indegree[x] > 0) sinks.push_back(x);
        }
      }
      std::string members;
      int listed = 0;
      for (int o = 0; o < n && listed < 5; ++o) {
        if (indegree[o] > 0) {
          members += (listed++ ? ", " : "") + p_.operations[o].code;
        }
      }
      Add("precedences", "the precedence links form a cycle through " + members);
    }
  }

  const Problem& p_;
  std::vector<FieldError> out_;
  std::vector<Minutes> longest_window_;           // per calendar, -1 until computed
  std::map<std::pair<int, int>, int> qualified_;  // (skill, min level) -> operators
};

}  // namespace

std::vector<FieldError> Validate(const Problem& problem) { return Validator(problem).Run(); }

}  // namespace takt::solver
