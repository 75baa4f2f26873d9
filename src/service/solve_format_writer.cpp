// Writing the problem and solution formats with Boost.JSON values, so escaping and number
// formatting are the library's.
#include <boost/json.hpp>

#include "service/solve_format.hpp"

namespace takt::service {
namespace {

namespace json = boost::json;
using solver::kNoTime;

json::array IntervalsJson(const std::vector<solver::Interval>& intervals) {
  json::array out;
  for (const solver::Interval& iv : intervals) out.push_back(json::array{iv.start, iv.end});
  return out;
}

const char* WeightName(double weight) {
  if (weight == 1.0) return "LOW";
  if (weight == 2.0) return "NORMAL";
  if (weight == 4.0) return "HIGH";
  if (weight == 8.0) return "URGENT";
  return nullptr;
}

json::object FixedJson(const solver::Problem& p, const solver::Operation& op,
                       const solver::FixedPlacement& f, bool in_progress) {
  json::object o;
  o["machine"] = p.machines[op.modes[f.mode].machine].code;
  o["start"] = f.start;
  if (in_progress) o["remaining"] = f.remaining;
  json::array people;
  for (int person : f.operators) people.push_back(json::value(p.operators[person].code));
  o["operators"] = std::move(people);
  return o;
}

}  // namespace

std::string ProblemToJson(const solver::Problem& p) {
  json::object root;
  root["name"] = p.name;
  if (p.horizon < kNoTime) root["horizon_minutes"] = p.horizon;
  json::array calendars;
  for (const solver::Calendar& c : p.calendars) {
    calendars.push_back(json::object{{"id", c.code}, {"working", IntervalsJson(c.working)}});
  }
  root["calendars"] = std::move(calendars);
  json::array skills;
  for (const solver::Skill& s : p.skills) skills.push_back(json::value(s.code));
  root["skills"] = std::move(skills);
  int families = 0;
  for (const solver::SetupMatrix& m : p.setup_matrices)
    families = std::max(families, m.family_count);
  json::array family_names;
  for (int f = 0; f < families; ++f) family_names.push_back(json::value("F" + std::to_string(f)));
  root["setup_families"] = std::move(family_names);
  json::array matrices;
  for (const solver::SetupMatrix& m : p.setup_matrices) {
    json::array rows;
    for (int a = 0; a < m.family_count; ++a) {
      json::array row;
      for (int b = 0; b < m.family_count; ++b) row.push_back(m.Changeover(a, b));
      rows.push_back(std::move(row));
    }
    matrices.push_back(json::object{{"id", m.code}, {"minutes", std::move(rows)}});
  }
  root["setup_matrices"] = std::move(matrices);
  json::array centers;
  for (const solver::WorkCenter& wc : p.work_centers) {
    json::object o{{"id", wc.code}};
    if (wc.wip_limit > 0) o["wip_limit"] = wc.wip_limit;
    centers.push_back(std::move(o));
  }
  root["work_centers"] = std::move(centers);
  json::array machines;
  for (const solver::Machine& m : p.machines) {
    json::object o{{"id", m.code}};
    if (m.work_center >= 0) o["work_center"] = p.work_centers[m.work_center].code;
    if (m.calendar >= 0) o["calendar"] = p.calendars[m.calendar].code;
    if (m.setup_matrix >= 0) o["setup_matrix"] = p.setup_matrices[m.setup_matrix].code;
    machines.push_back(std::move(o));
  }
  root["machines"] = std::move(machines);
  json::array people;
  for (const solver::Operator& person : p.operators) {
    json::object o{{"id", person.code}, {"cost_per_hour", person.cost_per_minute * 60.0}};
    if (person.calendar >= 0) o["calendar"] = p.calendars[person.calendar].code;
    json::array skills_held;
    for (const solver::OperatorSkill& s : person.skills) {
      json::object so{{"skill", p.skills[s.skill].code}, {"level", s.level}};
      if (s.valid_from > -kNoTime) so["valid_from"] = s.valid_from;
      if (s.valid_until < kNoTime) so["valid_until"] = s.valid_until;
      skills_held.push_back(std::move(so));
    }
    o["skills"] = std::move(skills_held);
    people.push_back(std::move(o));
  }
  root["operators"] = std::move(people);
  std::vector<std::vector<const solver::Precedence*>> preds(p.operations.size());
  for (const solver::Precedence& link : p.precedences) preds[link.after].push_back(&link);
  json::array jobs;
  for (const solver::Job& job : p.jobs) {
    json::object jo{{"id", job.code}, {"release", job.release}};
    if (job.due < kNoTime) jo["due"] = job.due;
    if (const char* name = WeightName(job.weight)) {
      jo["priority"] = name;
    } else {
      jo["weight"] = job.weight;
    }
    json::array ops;
    for (int o : job.operations) {
      const solver::Operation& op = p.operations[o];
      json::object oo{{"id", op.code}};
      if (op.interruptible) oo["interruptible"] = true;
      if (op.setup_family >= 0) oo["family"] = "F" + std::to_string(op.setup_family);
      json::array modes;
      for (const solver::Mode& m : op.modes) {
        json::object mo{
            {"machine", p.machines[m.machine].code}, {"setup", m.setup}, {"run", m.run}};
        json::array reqs;
        for (const solver::OperatorRequirement& r : m.operators) {
          reqs.push_back(json::object{{"skill", p.skills[r.skill].code},
                                      {"min_level", r.min_level},
                                      {"count", r.count},
                                      {"attendance", solver::AttendanceName(r.attendance)}});
        }
        if (!reqs.empty()) mo["operators"] = std::move(reqs);
        modes.push_back(std::move(mo));
      }
      oo["modes"] = std::move(modes);
      json::array links;
      for (const solver::Precedence* link : preds[o]) {
        json::object lo{{"operation", p.operations[link->before].code},
                        {"type", solver::LinkTypeName(link->type)},
                        {"min_lag", link->min_lag}};
        if (link->max_lag < kNoTime) lo["max_lag"] = link->max_lag;
        links.push_back(std::move(lo));
      }
      oo["predecessors"] = std::move(links);
      if (op.pinned) oo["pinned"] = FixedJson(p, op, *op.pinned, false);
      if (op.in_progress) oo["in_progress"] = FixedJson(p, op, *op.in_progress, true);
      if (op.reference_start) oo["reference_start"] = *op.reference_start;
      ops.push_back(std::move(oo));
    }
    jo["operations"] = std::move(ops);
    jobs.push_back(std::move(jo));
  }
  root["jobs"] = std::move(jobs);
  return json::serialize(root);
}

std::string SolutionToJson(const solver::Problem& p, const solver::SolveResult& r,
                           const std::string& horizon_start) {
  json::object root;
  root["status"] = solver::SolveStatusName(r.status);
  if (!horizon_start.empty()) root["horizon_start"] = horizon_start;
  if (!r.message.empty()) root["message"] = r.message;
  json::array objective;
  for (double v : r.objective) objective.push_back(v);
  root["objective"] = std::move(objective);
  root["bound"] = r.bound;
  root["gap"] = r.gap;
  root["fallback"] = r.fallback;
  json::array defects;
  for (const FieldError& e : r.defects) {
    defects.push_back(json::object{{"field", e.field}, {"message", e.message}});
  }
  root["defects"] = std::move(defects);
  root["stats"] = json::object{{"engine", r.stats.engine},
                               {"construct_rule", r.stats.construct_rule},
                               {"construct_s", r.stats.construct_s},
                               {"moves", r.stats.moves},
                               {"work", r.stats.work},
                               {"improvements", r.stats.improvements},
                               {"time_to_best_s", r.stats.time_to_best_s},
                               {"elapsed_s", r.stats.elapsed_s}};
  if (r.has_schedule) {
    root["kpis"] = json::object{{"makespan", r.kpis.makespan},
                                {"weighted_tardiness", r.kpis.weighted_tardiness},
                                {"total_tardiness", r.kpis.total_tardiness},
                                {"max_lateness", r.kpis.max_lateness},
                                {"late_jobs", r.kpis.late_jobs},
                                {"total_setup", r.kpis.total_setup},
                                {"operator_cost", r.kpis.operator_cost},
                                {"churn", r.kpis.churn}};
    json::array assignments;
    for (std::size_t o = 0; o < p.operations.size() && o < r.schedule.assignments.size(); ++o) {
      const solver::Assignment& a = r.schedule.assignments[o];
      const solver::Operation& op = p.operations[o];
      json::array people;
      for (int person : a.operators) people.push_back(json::value(p.operators[person].code));
      assignments.push_back(json::object{{"operation", op.code},
                                         {"job", p.jobs[op.job].code},
                                         {"machine", p.machines[a.machine].code},
                                         {"operators", std::move(people)},
                                         {"setup_start", a.setup_start},
                                         {"start", a.run_start},
                                         {"end", a.end},
                                         {"setup_minutes", a.setup_minutes},
                                         {"pinned", op.pinned.has_value()},
                                         {"in_progress", op.in_progress.has_value()}});
    }
    root["assignments"] = std::move(assignments);
  }
  return json::serialize(root);
}

}  // namespace takt::service
