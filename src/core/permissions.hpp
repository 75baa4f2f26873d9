// Permissions and the default roles. A permission is a `resource:action` string; a route names the
// one permission it needs and a principal is allowed when one of its granted permissions covers it.
// Grants may use wildcards: `*` covers every permission (the `admin` role holds it, so new
// permissions reach administrators without a data change) and `resource:*` covers every action of
// one resource. Roles are data (stored in the `roles` / `role_permissions` tables and editable by
// an administrator); `DefaultRoles()` is the matrix shipped and seeded by the identity migration.
//
// The permission constants below are the contract between the route tables of every area and the
// role matrix: put them on routes (`RouteSpec{..., permission::kJobsRead}`), never a string
// literal. Everything here is immutable after static initialisation and safe to use from any
// thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace takt {

namespace permission {

// Grants every permission (held by `admin`).
inline constexpr char kAll[] = "*";

// Jobs (customer orders) and their lifecycle transitions, see domain.md "Job states".
inline constexpr char kJobsRead[] = "jobs:read";
inline constexpr char kJobsCreate[] = "jobs:create";
inline constexpr char kJobsUpdate[] = "jobs:update";  // edit fields of a job
inline constexpr char kJobsDelete[] = "jobs:delete";
inline constexpr char kJobsApprove[] =
    "jobs:approve";  // PLANNED -> APPROVED (incl. quality review)
inline constexpr char kJobsRelease[] = "jobs:release";  // APPROVED -> RELEASED
inline constexpr char kJobsHold[] = "jobs:hold";        // hold and resume
inline constexpr char kJobsCancel[] = "jobs:cancel";
inline constexpr char kJobsPrioritize[] = "jobs:prioritize";  // override a job's priority

// Tasks (operations). `tasks:execute` is start/complete/fail; a principal without
// `tasks:execute_any` may execute only tasks assigned to them (machine operators).
inline constexpr char kTasksRead[] = "tasks:read";
inline constexpr char kTasksCreate[] = "tasks:create";
inline constexpr char kTasksUpdate[] = "tasks:update";
inline constexpr char kTasksDelete[] = "tasks:delete";
inline constexpr char kTasksExecute[] = "tasks:execute";
inline constexpr char kTasksExecuteAny[] = "tasks:execute_any";
inline constexpr char kTasksReassign[] = "tasks:reassign";
inline constexpr char kTasksQuality[] = "tasks:quality";  // record quality notes on a task

// Schedules, see domain.md "Schedules". `schedules:update` covers revise and manual moves;
// `schedules:execute` covers execute and complete.
inline constexpr char kSchedulesRead[] = "schedules:read";
inline constexpr char kSchedulesCreate[] = "schedules:create";
inline constexpr char kSchedulesOptimize[] = "schedules:optimize";
inline constexpr char kSchedulesUpdate[] = "schedules:update";
inline constexpr char kSchedulesPublish[] = "schedules:publish";
inline constexpr char kSchedulesExecute[] = "schedules:execute";
inline constexpr char kSchedulesCancel[] = "schedules:cancel";
inline constexpr char kSchedulesReschedule[] = "schedules:reschedule";

// Stateless solving (`POST /solve`).
inline constexpr char kSolverRun[] = "solver:run";

// Master data: skills, work centers, calendars, machines, operators (CRUD and CSV import/export).
inline constexpr char kMasterDataRead[] = "master_data:read";
inline constexpr char kMasterDataWrite[] = "master_data:write";

// Shop-floor machine state: status changes and downtime windows (without full master-data rights).
inline constexpr char kMachinesStatus[] = "machines:status";
inline constexpr char kMachinesDowntime[] = "machines:downtime";

// Audit trail, compliance, reports and electronic signatures.
inline constexpr char kAuditRead[] = "audit:read";
inline constexpr char kAuditVerify[] = "audit:verify";
inline constexpr char kComplianceRead[] = "compliance:read";
inline constexpr char kReportsRead[] = "reports:read";
inline constexpr char kSignaturesCreate[] = "signatures:create";

// Identity and administration.
inline constexpr char kUsersRead[] = "users:read";
inline constexpr char kUsersManage[] = "users:manage";
inline constexpr char kRolesRead[] = "roles:read";
inline constexpr char kRolesManage[] = "roles:manage";
inline constexpr char kConfigManage[] = "config:manage";

// Every authenticated user: own notifications and the authenticated system health.
inline constexpr char kNotificationsRead[] = "notifications:read";
inline constexpr char kSystemRead[] = "system:read";

}  // namespace permission

namespace role {
inline constexpr char kAdmin[] = "admin";
inline constexpr char kProductionManager[] = "production_manager";
inline constexpr char kProductionPlanner[] = "production_planner";
inline constexpr char kFloorSupervisor[] = "floor_supervisor";
inline constexpr char kMachineOperator[] = "machine_operator";
inline constexpr char kQualityInspector[] = "quality_inspector";
inline constexpr char kMaintenanceTechnician[] = "maintenance_technician";
inline constexpr char kCustomerService[] = "customer_service";
inline constexpr char kComplianceOfficer[] = "compliance_officer";
inline constexpr char kViewer[] = "viewer";
}  // namespace role

// One shipped role: its name, a sentence for humans, and the permissions it is seeded with.
struct RoleDefinition {
  std::string name;
  std::string description;
  std::vector<std::string> permissions;
};

// Every concrete permission defined above (not the wildcard), in a stable order.
const std::vector<std::string>& AllPermissions();

// The ten default roles of domain.md, `admin` first.
const std::vector<RoleDefinition>& DefaultRoles();

// The default role with this name, or nullptr.
const RoleDefinition* FindDefaultRole(std::string_view name);

// True for a permission listed in AllPermissions().
bool IsKnownPermission(std::string_view permission);

// True when `text` is a well-formed grant: `*`, `resource:*` or `resource:action`, with resource
// and action made of [a-z0-9_] (1-40 chars each).
bool IsWellFormedGrant(std::string_view text);

// True when role names follow `[a-z][a-z0-9_]{1,39}`.
bool IsWellFormedRoleName(std::string_view name);

// True when `grant` covers `permission` (equal, `*`, or `resource:*` of the same resource).
bool GrantCovers(std::string_view grant, std::string_view permission);

// True when any of `granted` covers `permission`. An empty permission (a route that needs only
// authentication) is always allowed.
template <typename Range>
bool HasPermission(const Range& granted, std::string_view permission) {
  if (permission.empty()) return true;
  for (const auto& g : granted) {
    if (GrantCovers(g, permission)) return true;
  }
  return false;
}

}  // namespace takt
