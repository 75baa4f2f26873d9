#include "core/schedule_state_machine.hpp"

#include <algorithm>
#include <string>

namespace takt {

std::vector<ScheduleStatus> AllowedScheduleTargets(ScheduleStatus current) {
  switch (current) {
    case ScheduleStatus::kDraft: return {ScheduleStatus::kPublished, ScheduleStatus::kCancelled};
    case ScheduleStatus::kPublished:
      return {ScheduleStatus::kActive, ScheduleStatus::kCancelled, ScheduleStatus::kSuperseded};
    case ScheduleStatus::kActive:
      return {ScheduleStatus::kCompleted, ScheduleStatus::kCancelled, ScheduleStatus::kSuperseded};
    case ScheduleStatus::kCompleted:
    case ScheduleStatus::kCancelled:
    case ScheduleStatus::kSuperseded: return {};
  }
  return {};
}

Result<void> CheckScheduleTransition(ScheduleStatus current, ScheduleStatus target) {
  const auto allowed = AllowedScheduleTargets(current);
  if (std::find(allowed.begin(), allowed.end(), target) != allowed.end()) return {};
  std::string list;
  for (ScheduleStatus s : allowed) {
    if (!list.empty()) list += ",";
    list += ScheduleStatusName(s);
  }
  std::string message = std::string("a ") + ScheduleStatusName(current) +
                        " schedule cannot become " + ScheduleStatusName(target);
  message += list.empty() ? " (it is final)" : " (allowed: " + list + ")";
  return Fail(Error::Conflict(std::move(message))
                  .WithDetail("current_status", ScheduleStatusName(current))
                  .WithDetail("allowed", list));
}

Result<void> CheckScheduleEditable(ScheduleStatus current) {
  if (current == ScheduleStatus::kDraft) return {};
  return Fail(Error::Conflict(std::string("a ") + ScheduleStatusName(current) +
                              " schedule is never edited in place; reschedule it to get a new "
                              "revision")
                  .WithDetail("current_status", ScheduleStatusName(current)));
}

}  // namespace takt
