#include "service/scheduling/planning_fingerprint.hpp"

#include <sstream>

#include "storage/sha256.hpp"

namespace takt::service {
namespace {

std::string JobVersions(const Job& job, const std::vector<Task>* tasks) {
  std::string out = "job " + job.id.ToString() + " v" + std::to_string(job.version);
  if (tasks != nullptr) {
    for (const Task& task : *tasks) {
      out += "; task " + task.id.ToString() + " v" + std::to_string(task.version);
    }
  }
  return out + "\n";
}

}  // namespace

std::string InputHash(const solver::Problem& problem) {
  std::ostringstream text;
  text << "h" << problem.horizon << "\n";
  for (const auto& c : problem.calendars) {
    text << "c";
    for (const auto& i : c.working) text << " " << i.start << "-" << i.end;
    text << "\n";
  }
  for (const auto& w : problem.work_centers) text << "w " << w.wip_limit << "\n";
  for (const auto& m : problem.setup_matrices) {
    text << "s";
    for (auto v : m.minutes) text << " " << v;
    text << "\n";
  }
  for (const auto& m : problem.machines) {
    text << "m " << m.work_center << " " << m.calendar << " " << m.setup_matrix << "\n";
  }
  for (const auto& o : problem.operators) {
    text << "o " << o.calendar;
    for (const auto& s : o.skills) {
      text << " " << s.skill << ":" << s.level << ":" << s.valid_from << ":" << s.valid_until;
    }
    text << "\n";
  }
  for (const auto& j : problem.jobs) {
    text << "j " << j.release << " " << j.due << " " << j.weight << "\n";
  }
  for (const auto& op : problem.operations) {
    text << "t " << op.job << " " << op.setup_family << " " << op.interruptible;
    for (const auto& m : op.modes) {
      text << " [" << m.machine << " " << m.setup << " " << m.run;
      for (const auto& r : m.operators) {
        text << " " << r.skill << "/" << r.min_level << "/" << r.count << "/"
             << static_cast<int>(r.attendance);
      }
      text << "]";
    }
    if (op.pinned) text << " pin " << op.pinned->mode << "@" << op.pinned->start;
    if (op.in_progress) {
      text << " wip " << op.in_progress->mode << "@" << op.in_progress->start << "+"
           << op.in_progress->remaining;
    }
    if (op.reference_start) text << " ref " << *op.reference_start;
    text << "\n";
  }
  for (const auto& p : problem.precedences) {
    text << "p " << p.before << " " << p.after << " " << static_cast<int>(p.type) << " "
         << p.min_lag << " " << p.max_lag << "\n";
  }
  return storage::Sha256Hex(text.str());
}

std::string InputVersions(const std::vector<Job>& jobs,
                          const std::map<JobId, std::vector<Task>>& tasks) {
  std::string out;
  for (const Job& job : jobs) {
    auto it = tasks.find(job.id);
    out += JobVersions(job, it == tasks.end() ? nullptr : &it->second);
  }
  return out;
}

std::string ChangedJobs(const std::vector<Job>& before_jobs, const std::string& before,
                        const std::string& after) {
  std::istringstream a(before);
  std::istringstream b(after);
  std::string line_a;
  std::string line_b;
  std::string changed;
  for (const Job& job : before_jobs) {
    std::getline(a, line_a);
    if (!std::getline(b, line_b) || line_a != line_b) {
      changed += (changed.empty() ? "job " : ", job ") + job.job_number;
    }
  }
  return changed;
}

}  // namespace takt::service
