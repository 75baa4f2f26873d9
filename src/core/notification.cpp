#include "core/notification.hpp"

namespace takt {

NotificationRoute NextActorsForJobStatus(std::string_view status) {
  if (status == "PLANNED") {
    return {
        "job.awaiting_approval", {"production_manager", "quality_inspector"}, "awaits approval"};
  }
  if (status == "APPROVED") {
    return {"job.awaiting_release",
            {"floor_supervisor", "production_planner"},
            "is approved and awaits release"};
  }
  if (status == "RELEASED") {
    return {"job.released", {"floor_supervisor", "machine_operator"}, "is released to the floor"};
  }
  if (status == "ON_HOLD") {
    return {"job.on_hold", {"production_manager", "production_planner"}, "was put on hold"};
  }
  if (status == "CANCELLED") {
    return {"job.cancelled", {"production_planner", "customer_service"}, "was cancelled"};
  }
  if (status == "COMPLETED") {
    return {"job.completed", {"customer_service", "production_manager"}, "is completed"};
  }
  return {};
}

}  // namespace takt
