#include "solver/model/problem.hpp"

#include <utility>

namespace takt::solver {

void ExpandWorkCenterModes(Problem& problem) {
  std::vector<std::vector<int>> center_machines(problem.work_centers.size());
  for (int m = 0; m < static_cast<int>(problem.machines.size()); ++m) {
    const int wc = problem.machines[m].work_center;
    if (wc >= 0 && wc < static_cast<int>(center_machines.size())) center_machines[wc].push_back(m);
  }
  for (Operation& op : problem.operations) {
    bool any_center = false;
    for (const Mode& mode : op.modes) any_center = any_center || mode.machine < 0;
    if (!any_center) continue;
    std::vector<Mode> expanded;
    std::vector<std::vector<int>> new_index(op.modes.size());  // old mode -> new modes
    for (std::size_t k = 0; k < op.modes.size(); ++k) {
      const Mode& mode = op.modes[k];
      if (mode.machine >= 0 || mode.work_center < 0 ||
          mode.work_center >= static_cast<int>(center_machines.size())) {
        new_index[k].push_back(static_cast<int>(expanded.size()));
        expanded.push_back(mode);
        continue;
      }
      for (int m : center_machines[mode.work_center]) {
        Mode copy = mode;
        copy.machine = m;
        new_index[k].push_back(static_cast<int>(expanded.size()));
        expanded.push_back(std::move(copy));
      }
    }
    auto remap = [&](std::optional<FixedPlacement>& fixed) {
      if (!fixed || fixed->mode < 0 || fixed->mode >= static_cast<int>(new_index.size())) return;
      const std::vector<int>& candidates = new_index[fixed->mode];
      int chosen = candidates.empty() || fixed->machine >= 0 ? -1 : candidates.front();
      for (int c : candidates) {
        if (expanded[c].machine == fixed->machine) chosen = c;
      }
      fixed->mode = chosen;
    };
    remap(op.pinned);
    remap(op.in_progress);
    op.modes = std::move(expanded);
  }
}

const char* LinkTypeName(LinkType type) {
  switch (type) {
    case LinkType::kFinishStart: return "FS";
    case LinkType::kStartStart: return "SS";
    case LinkType::kFinishFinish: return "FF";
    case LinkType::kStartFinish: return "SF";
  }
  return "FS";
}

const char* AttendanceName(Attendance attendance) {
  return attendance == Attendance::kFull ? "FULL" : "SETUP_ONLY";
}

}  // namespace takt::solver
