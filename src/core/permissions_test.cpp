#include "core/permissions.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace takt {
namespace {

std::vector<std::string> GrantsOf(std::string_view role_name) {
  const RoleDefinition* r = FindDefaultRole(role_name);
  EXPECT_NE(r, nullptr) << role_name;
  return r ? r->permissions : std::vector<std::string>{};
}

bool RoleCan(std::string_view role_name, std::string_view permission) {
  return HasPermission(GrantsOf(role_name), permission);
}

TEST(PermissionsTest, ShipsTheTenRolesOfTheDomainModel) {
  std::set<std::string> names;
  for (const auto& r : DefaultRoles()) names.insert(r.name);
  EXPECT_EQ(names, (std::set<std::string>{"admin", "production_manager", "production_planner",
                                          "floor_supervisor", "machine_operator",
                                          "quality_inspector", "maintenance_technician",
                                          "customer_service", "compliance_officer", "viewer"}));
  EXPECT_EQ(DefaultRoles().front().name, "admin");
}

TEST(PermissionsTest, EveryGrantIsWellFormedAndKnown) {
  std::set<std::string> unique(AllPermissions().begin(), AllPermissions().end());
  EXPECT_EQ(unique.size(), AllPermissions().size()) << "a permission is listed twice";
  for (const auto& perm : AllPermissions()) EXPECT_TRUE(IsWellFormedGrant(perm)) << perm;
  for (const auto& r : DefaultRoles()) {
    EXPECT_TRUE(IsWellFormedRoleName(r.name)) << r.name;
    EXPECT_FALSE(r.description.empty()) << r.name;
    for (const auto& g : r.permissions) {
      EXPECT_TRUE(g == permission::kAll || IsKnownPermission(g)) << r.name << " grants " << g;
    }
  }
}

TEST(PermissionsTest, AdminHasEverythingIncludingPermissionsAddedLater) {
  for (const auto& perm : AllPermissions()) EXPECT_TRUE(RoleCan("admin", perm)) << perm;
  EXPECT_TRUE(RoleCan("admin", "reports:export"));
}

TEST(PermissionsTest, ViewerOnlyReads) {
  for (const auto& perm : AllPermissions()) {
    const bool is_read = perm.ends_with(":read");
    if (!is_read) {
      EXPECT_FALSE(RoleCan("viewer", perm)) << perm;
    }
  }
  EXPECT_TRUE(RoleCan("viewer", permission::kJobsRead));
  EXPECT_TRUE(RoleCan("viewer", permission::kSchedulesRead));
  EXPECT_FALSE(RoleCan("viewer", permission::kAuditRead));
  EXPECT_FALSE(RoleCan("viewer", permission::kUsersRead));
}

TEST(PermissionsTest, MatrixFollowsDomainTable) {
  using namespace permission;
  struct Row {
    const char* role;
    const char* perm;
    bool allowed;
  };
  const Row rows[] = {
      {"production_manager", kJobsApprove, true},
      {"production_manager", kJobsDelete, true},
      {"production_manager", kSchedulesPublish, true},
      {"production_manager", kAuditRead, true},
      {"production_manager", kJobsCreate, false},
      {"production_manager", kUsersManage, false},
      {"production_planner", kJobsCreate, true},
      {"production_planner", kSchedulesOptimize, true},
      {"production_planner", kTasksUpdate, true},
      {"production_planner", kSchedulesPublish, false},
      {"production_planner", kJobsApprove, false},
      {"floor_supervisor", kJobsRelease, true},
      {"floor_supervisor", kTasksReassign, true},
      {"floor_supervisor", kMachinesDowntime, true},
      {"floor_supervisor", kSchedulesReschedule, true},
      {"floor_supervisor", kJobsApprove, false},
      {"machine_operator", kTasksExecute, true},
      {"machine_operator", kTasksExecuteAny, false},
      {"machine_operator", kJobsCreate, false},
      {"quality_inspector", kJobsApprove, true},
      {"quality_inspector", kTasksQuality, true},
      {"quality_inspector", kJobsRelease, false},
      {"maintenance_technician", kMachinesStatus, true},
      {"maintenance_technician", kMasterDataWrite, false},
      {"customer_service", kJobsCreate, true},
      {"customer_service", kJobsUpdate, false},
      {"compliance_officer", kAuditVerify, true},
      {"compliance_officer", kAuditRead, true},
      {"compliance_officer", kComplianceRead, true},
      {"compliance_officer", kJobsCreate, false},
      {"compliance_officer", kUsersManage, false},
  };
  for (const auto& row : rows) {
    EXPECT_EQ(RoleCan(row.role, row.perm), row.allowed) << row.role << " / " << row.perm;
  }
}

TEST(PermissionsTest, ComplianceOfficerReadsEverything) {
  for (const auto& perm : AllPermissions()) {
    if (perm.ends_with(":read")) {
      EXPECT_TRUE(RoleCan("compliance_officer", perm)) << perm;
    }
  }
}

TEST(PermissionsTest, ResourceWildcardCoversOnlyItsResource) {
  const std::vector<std::string> grants = {"jobs:*"};
  EXPECT_TRUE(HasPermission(grants, "jobs:read"));
  EXPECT_TRUE(HasPermission(grants, "jobs:approve"));
  EXPECT_FALSE(HasPermission(grants, "jobsx:read"));
  EXPECT_FALSE(HasPermission(grants, "tasks:read"));
  EXPECT_FALSE(HasPermission(grants, "jobs"));
  EXPECT_TRUE(HasPermission(grants, ""));  // authentication only
  EXPECT_FALSE(HasPermission(std::vector<std::string>{}, "jobs:read"));
}

TEST(PermissionsTest, GrantSyntax) {
  EXPECT_TRUE(IsWellFormedGrant("*"));
  EXPECT_TRUE(IsWellFormedGrant("jobs:*"));
  EXPECT_TRUE(IsWellFormedGrant("master_data:write"));
  EXPECT_FALSE(IsWellFormedGrant("jobs"));
  EXPECT_FALSE(IsWellFormedGrant(":read"));
  EXPECT_FALSE(IsWellFormedGrant("jobs:"));
  EXPECT_FALSE(IsWellFormedGrant("Jobs:Read"));
  EXPECT_FALSE(IsWellFormedGrant("*:read"));
  EXPECT_FALSE(IsWellFormedGrant("jobs:read:x"));
  EXPECT_FALSE(IsWellFormedRoleName("Admin"));
  EXPECT_FALSE(IsWellFormedRoleName("a"));
  EXPECT_FALSE(IsWellFormedRoleName("1role"));
  EXPECT_TRUE(IsWellFormedRoleName("night_shift_lead"));
}

}  // namespace
}  // namespace takt
