#include "core/task.hpp"

#include <array>
#include <cmath>
#include <utility>

namespace takt {
namespace {

constexpr std::array<std::pair<TaskStatus, const char*>, 7> kStatusNames{{
    {TaskStatus::kPending, "PENDING"},
    {TaskStatus::kReady, "READY"},
    {TaskStatus::kScheduled, "SCHEDULED"},
    {TaskStatus::kInProgress, "IN_PROGRESS"},
    {TaskStatus::kCompleted, "COMPLETED"},
    {TaskStatus::kFailed, "FAILED"},
    {TaskStatus::kCancelled, "CANCELLED"},
}};

constexpr std::array<std::pair<PrecedenceType, const char*>, 4> kPrecedenceNames{{
    {PrecedenceType::kFinishToStart, "FS"},
    {PrecedenceType::kStartToStart, "SS"},
    {PrecedenceType::kFinishToFinish, "FF"},
    {PrecedenceType::kStartToFinish, "SF"},
}};

template <typename Enum, std::size_t N>
const char* NameOf(const std::array<std::pair<Enum, const char*>, N>& names, Enum value) {
  for (const auto& [v, name] : names) {
    if (v == value) return name;
  }
  return names[0].second;
}

template <typename Enum, std::size_t N>
std::optional<Enum> Parse(const std::array<std::pair<Enum, const char*>, N>& names,
                          std::string_view text) {
  for (const auto& [v, name] : names) {
    if (text == name) return v;
  }
  return std::nullopt;
}

}  // namespace

const char* TaskStatusName(TaskStatus status) { return NameOf(kStatusNames, status); }
std::optional<TaskStatus> ParseTaskStatus(std::string_view text) {
  return Parse(kStatusNames, text);
}

const char* AttendanceName(Attendance attendance) {
  return attendance == Attendance::kFull ? "FULL" : "SETUP_ONLY";
}
std::optional<Attendance> ParseAttendance(std::string_view text) {
  if (text == "FULL") return Attendance::kFull;
  if (text == "SETUP_ONLY") return Attendance::kSetupOnly;
  return std::nullopt;
}

const char* PrecedenceTypeName(PrecedenceType type) { return NameOf(kPrecedenceNames, type); }
std::optional<PrecedenceType> ParsePrecedenceType(std::string_view text) {
  return Parse(kPrecedenceNames, text);
}

std::int64_t Task::PlannedMinutes(std::int64_t quantity) const {
  if (fixed_duration_minutes) return *fixed_duration_minutes;
  const double total =
      static_cast<double>(setup_minutes) + run_minutes_per_unit * static_cast<double>(quantity);
  return static_cast<std::int64_t>(std::ceil(total - 1e-9));
}

double JobProgressPercent(const std::vector<Task>& tasks) {
  int counted = 0;
  int completed = 0;
  for (const Task& task : tasks) {
    if (task.status == TaskStatus::kCancelled) continue;
    ++counted;
    if (task.status == TaskStatus::kCompleted) ++completed;
  }
  if (counted == 0) return 0.0;
  return 100.0 * completed / counted;
}

}  // namespace takt
