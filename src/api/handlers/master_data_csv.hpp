// CSV layouts of the master-data entities for bulk import and export. One row per entity; the
// first column is the natural key that an import matches on (code, name or employee_id):
//   skills        code,name
//   work-centers  code,name,wip_limit,calendar_id
//   calendars     name,timezone                      (basic fields; shifts etc. via JSON)
//   machines      code,name,work_center_id,status,efficiency,calendar_id,attended,required_skills
//   operators     employee_id,name,status,calendar_id,skills
// References are ids (empty = none); attended is true/false; required_skills is
// "skill_id:min_level;..." and operator skills "skill_id:level:certified_on:expires_on;..." (dates
// may be empty). Columns may come in any order; key columns are required, others default; an
// unknown column is an error. An imported row updates only the columns it carries (`Merge`).
// Pure functions; thread-safe.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/error.hpp"
#include "core/machine.hpp"
#include "core/shop_operator.hpp"
#include "core/skill.hpp"
#include "core/work_center.hpp"

namespace takt::api {

// One CSV data row by column name, with the error prefix "rows[n]".
struct CsvRecord {
  const std::map<std::string, std::string>* fields;
  std::string prefix;
  std::vector<FieldError>* errors;
  const std::string* Get(const std::string& column) const;
  void AddError(const std::string& column, std::string message) const;
};

template <typename E>
struct CsvLayout;

template <>
struct CsvLayout<Skill> {
  static std::vector<std::string> Columns() { return {"code", "name"}; }
  static std::vector<std::string> RequiredColumns() { return {"code", "name"}; }
  static std::vector<std::string> ToRow(const Skill& e);
  static void FromRow(const CsvRecord& row, Skill& e);
  static void Merge(Skill& stored, const Skill& row, const std::vector<std::string>& columns);
};

template <>
struct CsvLayout<WorkCenter> {
  static std::vector<std::string> Columns() { return {"code", "name", "wip_limit", "calendar_id"}; }
  static std::vector<std::string> RequiredColumns() { return {"code", "name"}; }
  static std::vector<std::string> ToRow(const WorkCenter& e);
  static void FromRow(const CsvRecord& row, WorkCenter& e);
  static void Merge(WorkCenter& stored, const WorkCenter& row,
                    const std::vector<std::string>& columns);
};

template <>
struct CsvLayout<Calendar> {
  static std::vector<std::string> Columns() { return {"name", "timezone"}; }
  static std::vector<std::string> RequiredColumns() { return {"name"}; }
  static std::vector<std::string> ToRow(const Calendar& e);
  static void FromRow(const CsvRecord& row, Calendar& e);
  static void Merge(Calendar& stored, const Calendar& row, const std::vector<std::string>& columns);
};

template <>
struct CsvLayout<Machine> {
  static std::vector<std::string> Columns() {
    return {"code",       "name",        "work_center_id", "status",
            "efficiency", "calendar_id", "attended",       "required_skills"};
  }
  static std::vector<std::string> RequiredColumns() { return {"code", "name"}; }
  static std::vector<std::string> ToRow(const Machine& e);
  static void FromRow(const CsvRecord& row, Machine& e);
  static void Merge(Machine& stored, const Machine& row, const std::vector<std::string>& columns);
};

template <>
struct CsvLayout<Operator> {
  static std::vector<std::string> Columns() {
    return {"employee_id", "name", "status", "calendar_id", "skills"};
  }
  static std::vector<std::string> RequiredColumns() { return {"employee_id", "name"}; }
  static std::vector<std::string> ToRow(const Operator& e);
  static void FromRow(const CsvRecord& row, Operator& e);
  static void Merge(Operator& stored, const Operator& row, const std::vector<std::string>& columns);
};

}  // namespace takt::api
