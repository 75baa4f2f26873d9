// WorkCenter: a production zone grouping machines (a machine belongs to at most one). `wip_limit`
// caps how many jobs may have work in progress inside it at once (>= 1); `calendar_id` (optional)
// names its working calendar. A plain value type; safe to copy between threads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/error.hpp"
#include "core/strong_id.hpp"

namespace takt {

struct WorkCenterTag;
using WorkCenterId = StrongId<WorkCenterTag>;

struct WorkCenter {
  WorkCenterId id;
  std::string code;  // [A-Z0-9_-]{2,32}, unique
  std::string name;
  int wip_limit = 1;
  CalendarId calendar_id;  // 0 = none
  std::int64_t version = 1;
  std::string created_at;
  std::string updated_at;
};

std::vector<FieldError> ValidateWorkCenter(const WorkCenter& work_center);

}  // namespace takt
