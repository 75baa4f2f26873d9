#include "core/job.hpp"

#include <array>
#include <cctype>
#include <utility>

namespace takt {
namespace {

constexpr std::array<std::pair<JobPriority, const char*>, 4> kPriorityNames{{
    {JobPriority::kLow, "LOW"},
    {JobPriority::kNormal, "NORMAL"},
    {JobPriority::kHigh, "HIGH"},
    {JobPriority::kUrgent, "URGENT"},
}};

constexpr std::array<std::pair<JobStatus, const char*>, 7> kStatusNames{{
    {JobStatus::kPlanned, "PLANNED"},
    {JobStatus::kApproved, "APPROVED"},
    {JobStatus::kReleased, "RELEASED"},
    {JobStatus::kInProgress, "IN_PROGRESS"},
    {JobStatus::kOnHold, "ON_HOLD"},
    {JobStatus::kCompleted, "COMPLETED"},
    {JobStatus::kCancelled, "CANCELLED"},
}};

}  // namespace

const char* JobPriorityName(JobPriority priority) {
  for (const auto& [value, name] : kPriorityNames) {
    if (value == priority) return name;
  }
  return "NORMAL";
}

std::optional<JobPriority> ParseJobPriority(std::string_view text) {
  for (const auto& [value, name] : kPriorityNames) {
    if (text == name) return value;
  }
  return std::nullopt;
}

int JobPriorityWeight(JobPriority priority) {
  switch (priority) {
    case JobPriority::kLow: return 1;
    case JobPriority::kNormal: return 2;
    case JobPriority::kHigh: return 4;
    case JobPriority::kUrgent: return 8;
  }
  return 2;
}

const char* JobStatusName(JobStatus status) {
  for (const auto& [value, name] : kStatusNames) {
    if (value == status) return name;
  }
  return "PLANNED";
}

std::optional<JobStatus> ParseJobStatus(std::string_view text) {
  for (const auto& [value, name] : kStatusNames) {
    if (text == name) return value;
  }
  return std::nullopt;
}

bool IsTerminal(JobStatus status) {
  return status == JobStatus::kCompleted || status == JobStatus::kCancelled;
}

bool Job::IsOverdue(Instant now) const { return !IsTerminal(status) && due_date < now; }

std::string NormalizeJobNumber(std::string_view job_number) {
  std::string out(job_number);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace takt
