#include "solver/render/ascii_gantt.hpp"

#include <algorithm>
#include <cctype>

#include "solver/model/working_time.hpp"

namespace takt::solver {

std::string AsciiGantt(const Problem& problem, const Schedule& schedule, Minutes unit,
                       Minutes until) {
  if (unit <= 0) unit = 1;
  const Minutes end = until >= 0 ? until : Makespan(schedule);
  const std::size_t width = static_cast<std::size_t>((end + unit - 1) / unit);
  std::size_t name_width = 0;
  for (const Machine& m : problem.machines) name_width = std::max(name_width, m.code.size());
  std::string out;
  for (std::size_t m = 0; m < problem.machines.size(); ++m) {
    std::string row(width, '.');
    WorkingTime machine_time;
    const int cal = problem.machines[m].calendar;
    machine_time.Add(cal >= 0 ? &problem.calendars[cal] : nullptr);
    for (std::size_t o = 0; o < schedule.assignments.size(); ++o) {
      const Assignment& a = schedule.assignments[o];
      if (a.machine != static_cast<int>(m)) continue;
      const std::string& code = problem.operations[o].code;
      const char label = code.empty() ? '?' : code[0];
      for (std::size_t i = 0; i < width; ++i) {
        const Minutes t = static_cast<Minutes>(i) * unit;
        if (t < a.setup_start || t >= a.end) continue;
        if (machine_time.NextWorking(t) != t) {
          row[i] = '-';
        } else {
          row[i] = static_cast<char>(t < a.run_start ? std::tolower(label) : std::toupper(label));
        }
      }
    }
    std::string name = problem.machines[m].code;
    name.resize(name_width, ' ');
    out += name;
    out += " |";
    out += row;
    out += "|\n";
  }
  return out;
}

}  // namespace takt::solver
