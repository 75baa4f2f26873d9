// Reading the problem format: jobs, operations, precedence links, the objective, and the entry
// point ParseProblemJson.
#include "service/solve_format_reader.hpp"

namespace takt::service {
namespace format {
namespace {

std::optional<solver::LinkType> LinkTypeByName(std::string_view name) {
  using solver::LinkType;
  if (name == "FS") return LinkType::kFinishStart;
  if (name == "SS") return LinkType::kStartStart;
  if (name == "FF") return LinkType::kFinishFinish;
  if (name == "SF") return LinkType::kStartFinish;
  return std::nullopt;
}

std::optional<double> PriorityWeight(std::string_view name) {
  if (name == "LOW") return 1.0;
  if (name == "NORMAL") return 2.0;
  if (name == "HIGH") return 4.0;
  if (name == "URGENT") return 8.0;
  return std::nullopt;
}

}  // namespace

void ProblemReader::ReadJobs() {
  const json::array* jobs = w_.Arr(root_, "jobs", "");
  if (jobs == nullptr) {
    w_.Error("jobs", "is required");
    return;
  }
  std::vector<std::string> codes;
  IndexCodes(w_, jobs, "jobs", codes);
  for (std::size_t j = 0; j < jobs->size(); ++j) {
    const std::string path = Item("", "jobs", j);
    solver::Job job;
    job.code = codes[j];
    const int index = static_cast<int>(p_.jobs.size());
    p_.jobs.push_back(job);
    const json::object* o = w_.Obj(&(*jobs)[j], path);
    if (o == nullptr) continue;
    p_.jobs[index].release = w_.Int(*o, "release", path, false).value_or(0);
    p_.jobs[index].due = w_.Int(*o, "due", path, false).value_or(solver::kNoTime);
    if (auto priority = w_.Str(*o, "priority", path, false)) {
      if (auto weight = PriorityWeight(*priority)) {
        p_.jobs[index].weight = *weight;
      } else {
        w_.Error(path + "priority", "must be LOW, NORMAL, HIGH or URGENT");
      }
    } else {
      p_.jobs[index].weight = 2.0;  // NORMAL
    }
    if (auto weight = w_.Num(*o, "weight", path)) p_.jobs[index].weight = *weight;
    const json::array* ops = w_.Arr(*o, "operations", path);
    if (ops == nullptr) {
      w_.Error(path + "operations", "is required");
      continue;
    }
    for (std::size_t k = 0; k < ops->size(); ++k) {
      const std::string op_path = Item(path, "operations", k);
      if (const json::object* op = w_.Obj(&(*ops)[k], op_path)) {
        ReadOperation(*op, op_path, index, static_cast<int>(k));
      }
    }
  }
}

void ProblemReader::ReadOperation(const json::object& o, const std::string& path, int job,
                                  int position) {
  solver::Operation op;
  op.code = w_.Str(o, "id", path, true).value_or("#" + std::to_string(p_.operations.size()));
  op.job = job;
  const int index = static_cast<int>(p_.operations.size());
  if (!operations_.emplace(op.code, index).second) {
    w_.Error(path + "id", "duplicate operation id '" + op.code + "'");
  }
  op.interruptible = w_.Bool(o, "interruptible", path).value_or(false);
  op.setup_family =
      Lookup(w_, families_, w_.Str(o, "family", path, false), path + "family", "setup family");
  op.reference_start = w_.Int(o, "reference_start", path, false);
  const json::array* modes = w_.Arr(o, "modes", path);
  if (modes == nullptr || modes->empty()) w_.Error(path + "modes", "needs at least one mode");
  for (std::size_t k = 0; modes != nullptr && k < modes->size(); ++k) {
    const std::string mp = Item(path, "modes", k);
    const json::object* m = w_.Obj(&(*modes)[k], mp);
    if (m == nullptr) continue;
    solver::Mode mode;
    const auto machine = w_.Str(*m, "machine", mp, false);
    const auto center = w_.Str(*m, "work_center", mp, false);
    if (machine.has_value() == center.has_value()) {
      w_.Error(mp + "machine", "a mode names exactly one of machine or work_center");
    }
    mode.machine = Lookup(w_, machines_, machine, mp + "machine", "machine");
    mode.work_center = Lookup(w_, centers_, center, mp + "work_center", "work center");
    mode.setup = w_.Int(*m, "setup", mp, false).value_or(0);
    mode.run = w_.Int(*m, "run", mp, true).value_or(0);
    if (mode.setup < 0) w_.Error(mp + "setup", "cannot be negative");
    if (mode.run < 0) w_.Error(mp + "run", "cannot be negative");
    if (const json::array* reqs = w_.Arr(*m, "operators", mp)) {
      for (std::size_t r = 0; r < reqs->size(); ++r) {
        const std::string rp = Item(mp, "operators", r);
        const json::object* req = w_.Obj(&(*reqs)[r], rp);
        if (req == nullptr) continue;
        solver::OperatorRequirement need;
        need.skill = Lookup(w_, skills_, w_.Str(*req, "skill", rp, true), rp + "skill", "skill");
        need.min_level = static_cast<int>(w_.Int(*req, "min_level", rp, false).value_or(1));
        need.count = static_cast<int>(w_.Int(*req, "count", rp, false).value_or(1));
        const std::string attendance = w_.Str(*req, "attendance", rp, false).value_or("FULL");
        if (attendance == "SETUP_ONLY") {
          need.attendance = solver::Attendance::kSetupOnly;
        } else if (attendance != "FULL") {
          w_.Error(rp + "attendance", "must be FULL or SETUP_ONLY");
        }
        mode.operators.push_back(need);
      }
    }
    op.modes.push_back(std::move(mode));
  }
  for (const char* key : {"pinned", "in_progress"}) {
    const json::object* f = w_.Obj(o.if_contains(key), path + key);
    if (f == nullptr) continue;
    const std::string fp = path + key + ".";
    solver::FixedPlacement fixed;
    fixed.machine =
        Lookup(w_, machines_, w_.Str(*f, "machine", fp, true), fp + "machine", "machine");
    fixed.start = w_.Int(*f, "start", fp, true).value_or(0);
    fixed.remaining = w_.Int(*f, "remaining", fp, std::string(key) == "in_progress").value_or(0);
    fixed.mode = -1;
    for (std::size_t k = 0; k < op.modes.size(); ++k) {
      const solver::Mode& m = op.modes[k];
      const bool in_center = m.machine < 0 && fixed.machine >= 0 && m.work_center >= 0 &&
                             p_.machines[fixed.machine].work_center == m.work_center;
      if ((m.machine >= 0 && m.machine == fixed.machine) || in_center) {
        fixed.mode = static_cast<int>(k);
        break;
      }
    }
    if (fixed.machine >= 0 && fixed.mode < 0) {
      w_.Error(fp + "machine", "is not a machine any mode of the operation may use");
    }
    if (const json::array* people = w_.Arr(*f, "operators", fp)) {
      for (std::size_t k = 0; k < people->size(); ++k) {
        const json::value& v = (*people)[k];
        const std::optional<std::string> code =
            v.is_string() ? std::optional<std::string>(std::string(v.as_string())) : std::nullopt;
        const int person =
            Lookup(w_, operators_, code, fp + "operators[" + std::to_string(k) + "]", "operator");
        if (person >= 0) fixed.operators.push_back(person);
      }
    }
    (std::string(key) == "pinned" ? op.pinned : op.in_progress) = std::move(fixed);
  }
  p_.operations.push_back(std::move(op));
  p_.jobs[job].operations.push_back(index);
  if (const json::array* preds = w_.Arr(o, "predecessors", path)) {
    for (std::size_t k = 0; k < preds->size(); ++k) {
      const std::string lp = Item(path, "predecessors", k);
      if (const json::object* link = w_.Obj(&(*preds)[k], lp)) {
        links_.push_back(PendingLink{lp, index, link, -1});
      }
    }
  } else if (position > 0) {
    const auto& route = p_.jobs[job].operations;
    links_.push_back(PendingLink{path, index, nullptr, route[route.size() - 2]});
  }
}

void ProblemReader::ReadLinks() {
  for (const PendingLink& pending : links_) {
    solver::Precedence link{pending.before, pending.after, solver::LinkType::kFinishStart, 0,
                            solver::kNoTime};
    if (pending.link != nullptr) {
      const json::object& l = *pending.link;
      const std::string& lp = pending.path;
      link.before =
          Lookup(w_, operations_, w_.Str(l, "operation", lp, true), lp + "operation", "operation");
      const std::string type = w_.Str(l, "type", lp, false).value_or("FS");
      if (auto t = LinkTypeByName(type)) {
        link.type = *t;
      } else {
        w_.Error(lp + "type", "must be FS, SS, FF or SF");
      }
      link.min_lag = w_.Int(l, "min_lag", lp, false).value_or(0);
      link.max_lag = w_.Int(l, "max_lag", lp, false).value_or(solver::kNoTime);
    }
    if (link.before >= 0) p_.precedences.push_back(link);
  }
}

void ProblemReader::ReadObjective() {
  const json::object* o = w_.Obj(root_.if_contains("objective"), "objective");
  if (o == nullptr) return;
  if (auto name = w_.Str(*o, "strategy", "objective.", false)) {
    doc_.strategy = solver::FindStrategy(*name);
    if (!doc_.strategy) {
      w_.Error("objective.strategy",
               "must be makespan, due_dates, balanced, setup_minimizing or fast");
    }
    return;
  }
  solver::Strategy custom{"custom", solver::Objective{}, true};
  custom.objective.terms.clear();
  custom.objective.lexicographic = w_.Bool(*o, "lexicographic", "objective.").value_or(false);
  const json::array* terms = w_.Arr(*o, "terms", "objective.");
  for (std::size_t i = 0; terms != nullptr && i < terms->size(); ++i) {
    const std::string tp = Item("objective.", "terms", i);
    const json::object* t = w_.Obj(&(*terms)[i], tp);
    if (t == nullptr) continue;
    const std::string name = w_.Str(*t, "criterion", tp, true).value_or("");
    const auto criterion = solver::CriterionByName(name);
    if (!criterion) {
      w_.Error(tp + "criterion",
               "must be MAKESPAN, WEIGHTED_TARDINESS, MAX_LATENESS, LATE_JOBS, TOTAL_SETUP, "
               "OPERATOR_COST or CHURN");
      continue;
    }
    const double weight = w_.Num(*t, "weight", tp).value_or(1.0);
    if (weight < 0) w_.Error(tp + "weight", "cannot be negative");
    custom.objective.terms.push_back(solver::ObjectiveTerm{*criterion, weight});
  }
  if (custom.objective.terms.empty()) {
    w_.Error("objective", "needs a strategy or at least one term");
    return;
  }
  doc_.strategy = std::move(custom);
}

Result<ProblemDocument> ProblemReader::Read() {
  p_.name = w_.Str(root_, "name", "", false).value_or("problem");
  doc_.horizon_start = w_.Str(root_, "horizon_start", "", false).value_or("");
  p_.horizon = w_.Int(root_, "horizon_minutes", "", false).value_or(solver::kNoTime);
  if (p_.horizon <= 0) w_.Error("horizon_minutes", "must be positive");
  ReadCalendars();
  ReadResources();
  ReadJobs();
  ReadLinks();
  ReadObjective();
  if (!w_.errors.empty()) {
    return Fail(Error::InvalidArgument(
        "the problem file has " + std::to_string(w_.errors.size()) + " error(s)",
        std::move(w_.errors)));
  }
  solver::ExpandWorkCenterModes(p_);
  return std::move(doc_);
}

}  // namespace format

Result<ProblemDocument> ParseProblemJson(std::string_view text) {
  boost::system::error_code ec;
  boost::json::value root = boost::json::parse(text, ec);
  if (ec) {
    return Fail(Error::InvalidArgument("the problem file is not valid JSON: " + ec.message(),
                                       {FieldError{"body", "must be valid JSON"}}));
  }
  if (!root.is_object()) {
    return Fail(Error::InvalidArgument("the problem file must be a JSON object",
                                       {FieldError{"body", "must be a JSON object"}}));
  }
  format::ProblemReader reader(root.as_object());
  return reader.Read();
}

}  // namespace takt::service
