#include "core/permissions.hpp"

#include <algorithm>

namespace takt {

namespace {

namespace p = permission;

// Reading what the shop floor looks like: every role that works with jobs needs these.
std::vector<std::string> ShopReads() {
  return {p::kJobsRead,       p::kTasksRead,         p::kSchedulesRead,
          p::kMasterDataRead, p::kNotificationsRead, p::kSystemRead};
}

std::vector<std::string> With(std::vector<std::string> base, std::vector<std::string> extra) {
  for (auto& e : extra) {
    if (std::find(base.begin(), base.end(), e) == base.end()) base.push_back(std::move(e));
  }
  return base;
}

std::vector<RoleDefinition> BuildDefaultRoles() {
  std::vector<RoleDefinition> roles;
  roles.push_back(
      {role::kAdmin, "Everything, including users, roles and configuration", {p::kAll}});
  roles.push_back(
      {role::kProductionManager,
       "Approves, holds, cancels and deletes jobs; publishes, executes and cancels schedules; "
       "overrides priorities; reads audit and reports",
       With(ShopReads(),
            {p::kJobsApprove, p::kJobsHold, p::kJobsCancel, p::kJobsDelete, p::kJobsPrioritize,
             p::kSchedulesPublish, p::kSchedulesExecute, p::kSchedulesCancel, p::kAuditRead,
             p::kReportsRead, p::kComplianceRead, p::kSignaturesCreate, p::kRolesRead})});
  roles.push_back(
      {role::kProductionPlanner,
       "Creates and edits jobs and tasks; creates, optimizes, revises and compares schedules",
       With(ShopReads(), {p::kJobsCreate, p::kJobsUpdate, p::kTasksCreate, p::kTasksUpdate,
                          p::kTasksDelete, p::kSchedulesCreate, p::kSchedulesOptimize,
                          p::kSchedulesUpdate, p::kSolverRun, p::kReportsRead})});
  roles.push_back(
      {role::kFloorSupervisor,
       "Releases and holds jobs; starts, completes, fails and reassigns tasks; reports machine "
       "downtime; reschedules an active schedule",
       With(ShopReads(), {p::kJobsRelease, p::kJobsHold, p::kTasksExecute, p::kTasksExecuteAny,
                          p::kTasksReassign, p::kMachinesDowntime, p::kSchedulesReschedule})});
  roles.push_back({role::kMachineOperator,
                   "Reads own work; starts and completes tasks assigned to them",
                   With(ShopReads(), {p::kTasksExecute})});
  roles.push_back({role::kQualityInspector,
                   "Approves jobs (quality review); completes inspection tasks; records quality "
                   "notes and holds",
                   With(ShopReads(), {p::kJobsApprove, p::kJobsHold, p::kTasksExecute,
                                      p::kTasksQuality, p::kSignaturesCreate})});
  roles.push_back({role::kMaintenanceTechnician, "Sets machine status and downtime windows",
                   With(ShopReads(), {p::kMachinesStatus, p::kMachinesDowntime})});
  roles.push_back({role::kCustomerService,
                   "Creates jobs and reads job status and promised dates",
                   {p::kJobsRead, p::kJobsCreate, p::kTasksRead, p::kSchedulesRead,
                    p::kNotificationsRead, p::kSystemRead}});
  roles.push_back(
      {role::kComplianceOfficer,
       "Reads everything including the audit trail; verifies audit integrity; runs compliance "
       "reports",
       With(ShopReads(), {p::kAuditRead, p::kAuditVerify, p::kComplianceRead, p::kReportsRead,
                          p::kUsersRead, p::kRolesRead})});
  roles.push_back({role::kViewer, "Reads jobs, tasks, schedules and master data", ShopReads()});
  return roles;
}

bool IsNameChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

bool IsNamePart(std::string_view s) {
  return !s.empty() && s.size() <= 40 && std::all_of(s.begin(), s.end(), IsNameChar);
}

}  // namespace

const std::vector<std::string>& AllPermissions() {
  static const std::vector<std::string> kAllPermissions = {p::kJobsRead,
                                                           p::kJobsCreate,
                                                           p::kJobsUpdate,
                                                           p::kJobsDelete,
                                                           p::kJobsApprove,
                                                           p::kJobsRelease,
                                                           p::kJobsHold,
                                                           p::kJobsCancel,
                                                           p::kJobsPrioritize,
                                                           p::kTasksRead,
                                                           p::kTasksCreate,
                                                           p::kTasksUpdate,
                                                           p::kTasksDelete,
                                                           p::kTasksExecute,
                                                           p::kTasksExecuteAny,
                                                           p::kTasksReassign,
                                                           p::kTasksQuality,
                                                           p::kSchedulesRead,
                                                           p::kSchedulesCreate,
                                                           p::kSchedulesOptimize,
                                                           p::kSchedulesUpdate,
                                                           p::kSchedulesPublish,
                                                           p::kSchedulesExecute,
                                                           p::kSchedulesCancel,
                                                           p::kSchedulesReschedule,
                                                           p::kSolverRun,
                                                           p::kMasterDataRead,
                                                           p::kMasterDataWrite,
                                                           p::kMachinesStatus,
                                                           p::kMachinesDowntime,
                                                           p::kAuditRead,
                                                           p::kAuditVerify,
                                                           p::kComplianceRead,
                                                           p::kReportsRead,
                                                           p::kSignaturesCreate,
                                                           p::kUsersRead,
                                                           p::kUsersManage,
                                                           p::kRolesRead,
                                                           p::kRolesManage,
                                                           p::kConfigManage,
                                                           p::kNotificationsRead,
                                                           p::kSystemRead};
  return kAllPermissions;
}

const std::vector<RoleDefinition>& DefaultRoles() {
  static const std::vector<RoleDefinition> kRoles = BuildDefaultRoles();
  return kRoles;
}

const RoleDefinition* FindDefaultRole(std::string_view name) {
  for (const auto& r : DefaultRoles()) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

bool IsKnownPermission(std::string_view permission) {
  const auto& all = AllPermissions();
  return std::find(all.begin(), all.end(), permission) != all.end();
}

bool IsWellFormedGrant(std::string_view text) {
  if (text == p::kAll) return true;
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) return false;
  const std::string_view resource = text.substr(0, colon);
  const std::string_view action = text.substr(colon + 1);
  return IsNamePart(resource) && (action == "*" || IsNamePart(action));
}

bool IsWellFormedRoleName(std::string_view name) {
  if (name.size() < 2 || name.size() > 40) return false;
  if (name[0] < 'a' || name[0] > 'z') return false;
  return std::all_of(name.begin(), name.end(), IsNameChar);
}

bool GrantCovers(std::string_view grant, std::string_view permission) {
  if (grant == permission) return true;
  if (grant == p::kAll) return true;
  if (grant.size() >= 2 && grant.substr(grant.size() - 2) == ":*") {
    const std::string_view resource = grant.substr(0, grant.size() - 1);  // keeps the colon
    return permission.size() > resource.size() && permission.substr(0, resource.size()) == resource;
  }
  return false;
}

}  // namespace takt
