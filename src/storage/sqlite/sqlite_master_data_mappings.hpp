// SqliteMapping<E>: how one master-data aggregate maps onto SQLite tables (see migrations 10-14),
// consumed by SqliteMasterDataStore<E>. Each specialisation provides:
//   kTable, kEntityName     the main table and the entity's name in messages ("machine")
//   kColumns, kColumnCount  the data columns after id/version/created_at/updated_at
//   kFilterable             fields usable in filters and sort (besides id, created_at, updated_at)
//   kSearchExpression       the SQL text searched by ?q=
//   Bind(stmt, e, first)    binds the data columns from parameter index `first`
//   Read(stmt, first, e)    reads the data columns from result column `first`
//   SaveChildren(db, e)     replaces the owned child rows of `e`
//   LoadChildren(db, list)  fills the child lists of a page of entities (one query per table)
// Thread-safety: pure functions on the caller's connection.
#pragma once

#include <array>
#include <vector>

#include "core/calendar.hpp"
#include "core/machine.hpp"
#include "core/shop_operator.hpp"
#include "core/skill.hpp"
#include "core/work_center.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace takt::storage::sqlite {

template <typename E>
struct SqliteMapping;

template <>
struct SqliteMapping<Skill> {
  static constexpr const char* kTable = "skills";
  static constexpr const char* kEntityName = "skill";
  static constexpr const char* kColumns = "code, name";
  static constexpr int kColumnCount = 2;
  static constexpr std::array<const char*, 2> kFilterable = {"code", "name"};
  static constexpr const char* kSearchExpression = "code || ' ' || name";
  static void Bind(Statement& stmt, const Skill& e, int first);
  static void Read(const Statement& stmt, int first, Skill& e);
  static Result<void> SaveChildren(Connection& db, const Skill& e);
  static Result<void> LoadChildren(Connection& db, std::vector<Skill>& entities);
};

template <>
struct SqliteMapping<WorkCenter> {
  static constexpr const char* kTable = "work_centers";
  static constexpr const char* kEntityName = "work center";
  static constexpr const char* kColumns = "code, name, wip_limit, calendar_id";
  static constexpr int kColumnCount = 4;
  static constexpr std::array<const char*, 4> kFilterable = {"code", "name", "wip_limit",
                                                             "calendar_id"};
  static constexpr const char* kSearchExpression = "code || ' ' || name";
  static void Bind(Statement& stmt, const WorkCenter& e, int first);
  static void Read(const Statement& stmt, int first, WorkCenter& e);
  static Result<void> SaveChildren(Connection& db, const WorkCenter& e);
  static Result<void> LoadChildren(Connection& db, std::vector<WorkCenter>& entities);
};

template <>
struct SqliteMapping<Calendar> {
  static constexpr const char* kTable = "calendars";
  static constexpr const char* kEntityName = "calendar";
  static constexpr const char* kColumns = "name, timezone";
  static constexpr int kColumnCount = 2;
  static constexpr std::array<const char*, 2> kFilterable = {"name", "timezone"};
  static constexpr const char* kSearchExpression = "name";
  static void Bind(Statement& stmt, const Calendar& e, int first);
  static void Read(const Statement& stmt, int first, Calendar& e);
  static Result<void> SaveChildren(Connection& db, const Calendar& e);
  static Result<void> LoadChildren(Connection& db, std::vector<Calendar>& entities);
};

template <>
struct SqliteMapping<Machine> {
  static constexpr const char* kTable = "machines";
  static constexpr const char* kEntityName = "machine";
  static constexpr const char* kColumns =
      "code, name, work_center_id, status, efficiency, calendar_id, attended";
  static constexpr int kColumnCount = 7;
  static constexpr std::array<const char*, 7> kFilterable = {
      "code", "name", "work_center_id", "status", "efficiency", "calendar_id", "attended"};
  static constexpr const char* kSearchExpression = "code || ' ' || name";
  static void Bind(Statement& stmt, const Machine& e, int first);
  static void Read(const Statement& stmt, int first, Machine& e);
  static Result<void> SaveChildren(Connection& db, const Machine& e);
  static Result<void> LoadChildren(Connection& db, std::vector<Machine>& entities);
};

template <>
struct SqliteMapping<Operator> {
  static constexpr const char* kTable = "operators";
  static constexpr const char* kEntityName = "operator";
  static constexpr const char* kColumns = "employee_id, name, status, calendar_id";
  static constexpr int kColumnCount = 4;
  static constexpr std::array<const char*, 4> kFilterable = {"employee_id", "name", "status",
                                                             "calendar_id"};
  static constexpr const char* kSearchExpression = "employee_id || ' ' || name";
  static void Bind(Statement& stmt, const Operator& e, int first);
  static void Read(const Statement& stmt, int first, Operator& e);
  static Result<void> SaveChildren(Connection& db, const Operator& e);
  static Result<void> LoadChildren(Connection& db, std::vector<Operator>& entities);
};

}  // namespace takt::storage::sqlite
