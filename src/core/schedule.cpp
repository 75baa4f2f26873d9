#include "core/schedule.hpp"

#include <algorithm>
#include <array>

namespace takt {
namespace {

struct StatusName {
  ScheduleStatus status;
  const char* name;
};

constexpr std::array<StatusName, 6> kStatusNames{{
    {ScheduleStatus::kDraft, "DRAFT"},
    {ScheduleStatus::kPublished, "PUBLISHED"},
    {ScheduleStatus::kActive, "ACTIVE"},
    {ScheduleStatus::kCompleted, "COMPLETED"},
    {ScheduleStatus::kCancelled, "CANCELLED"},
    {ScheduleStatus::kSuperseded, "SUPERSEDED"},
}};

}  // namespace

const char* ScheduleStatusName(ScheduleStatus status) {
  for (const auto& entry : kStatusNames) {
    if (entry.status == status) return entry.name;
  }
  return "DRAFT";
}

std::optional<ScheduleStatus> ParseScheduleStatus(std::string_view text) {
  for (const auto& entry : kStatusNames) {
    if (text == entry.name) return entry.status;
  }
  return std::nullopt;
}

bool IsTerminal(ScheduleStatus status) {
  return status == ScheduleStatus::kCompleted || status == ScheduleStatus::kCancelled ||
         status == ScheduleStatus::kSuperseded;
}

const ScheduleAssignment* Schedule::AssignmentOf(TaskId task) const {
  auto it =
      std::lower_bound(assignments.begin(), assignments.end(), task,
                       [](const ScheduleAssignment& a, TaskId key) { return a.task_id < key; });
  if (it != assignments.end() && it->task_id == task) return &*it;
  for (const auto& a : assignments) {
    if (a.task_id == task) return &a;
  }
  return nullptr;
}

bool Schedule::HasHardViolation() const {
  return std::any_of(violations.begin(), violations.end(),
                     [](const ScheduleViolation& v) { return v.hard; });
}

}  // namespace takt
