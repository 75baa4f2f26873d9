// MasterDataRules<E>: what the generic MasterDataService needs to know about one entity type:
// its name on audit entries ("machine"), its natural key (the unique field CSV imports match on),
// its field validation (core) and its cross-entity reference check, which runs inside the write
// transaction and reports each dangling id as a FieldError ("calendar_id": "no calendar 9").
// Thread-safety: pure functions over the caller's transaction.
#pragma once

#include <string>
#include <vector>

#include "service/master_data/master_data_stores.hpp"

namespace takt::service {

template <typename E>
struct MasterDataRules;

template <>
struct MasterDataRules<Skill> {
  static constexpr const char* kEntityType = "skill";
  static constexpr const char* kNaturalKey = "code";
  static const std::string& NaturalKey(const Skill& e) { return e.code; }
  static std::vector<FieldError> Validate(const Skill& e);
  static Result<std::vector<FieldError>> CheckReferences(storage::Transaction& tx,
                                                         MasterDataStores& stores, const Skill& e);
};

template <>
struct MasterDataRules<WorkCenter> {
  static constexpr const char* kEntityType = "work_center";
  static constexpr const char* kNaturalKey = "code";
  static const std::string& NaturalKey(const WorkCenter& e) { return e.code; }
  static std::vector<FieldError> Validate(const WorkCenter& e);
  static Result<std::vector<FieldError>> CheckReferences(storage::Transaction& tx,
                                                         MasterDataStores& stores,
                                                         const WorkCenter& e);
};

template <>
struct MasterDataRules<Calendar> {
  static constexpr const char* kEntityType = "calendar";
  static constexpr const char* kNaturalKey = "name";
  static const std::string& NaturalKey(const Calendar& e) { return e.name; }
  static std::vector<FieldError> Validate(const Calendar& e);
  static Result<std::vector<FieldError>> CheckReferences(storage::Transaction& tx,
                                                         MasterDataStores& stores,
                                                         const Calendar& e);
};

template <>
struct MasterDataRules<Machine> {
  static constexpr const char* kEntityType = "machine";
  static constexpr const char* kNaturalKey = "code";
  static const std::string& NaturalKey(const Machine& e) { return e.code; }
  static std::vector<FieldError> Validate(const Machine& e);
  static Result<std::vector<FieldError>> CheckReferences(storage::Transaction& tx,
                                                         MasterDataStores& stores,
                                                         const Machine& e);
};

template <>
struct MasterDataRules<Operator> {
  static constexpr const char* kEntityType = "operator";
  static constexpr const char* kNaturalKey = "employee_id";
  static const std::string& NaturalKey(const Operator& e) { return e.employee_id; }
  static std::vector<FieldError> Validate(const Operator& e);
  static Result<std::vector<FieldError>> CheckReferences(storage::Transaction& tx,
                                                         MasterDataStores& stores,
                                                         const Operator& e);
};

}  // namespace takt::service
