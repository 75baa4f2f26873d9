// MasterDataStores: the store ports of every master-data entity, handed together to the master
// data services because references cross entities (a machine names a work center, a calendar and
// skills). Non-owning; the composition root (app/) owns the adapters. Thread-safety: as the stores.
#pragma once

#include "core/calendar.hpp"
#include "core/machine.hpp"
#include "core/shop_operator.hpp"
#include "core/skill.hpp"
#include "core/work_center.hpp"
#include "storage/audit_log.hpp"
#include "storage/database.hpp"
#include "storage/idempotency_store.hpp"
#include "storage/master_data_store.hpp"

namespace takt::service {

struct MasterDataStores {
  storage::Database& database;
  storage::AuditLog& audit;
  storage::MasterDataStore<Skill>& skills;
  storage::MasterDataStore<WorkCenter>& work_centers;
  storage::MasterDataStore<Calendar>& calendars;
  storage::MasterDataStore<Machine>& machines;
  storage::MasterDataStore<Operator>& operators;
  // Optional: without it, creates carrying an Idempotency-Key are refused (kInternal).
  storage::IdempotencyStore* idempotency = nullptr;

  template <typename E>
  storage::MasterDataStore<E>& StoreOf();
};

template <>
inline storage::MasterDataStore<Skill>& MasterDataStores::StoreOf<Skill>() {
  return skills;
}
template <>
inline storage::MasterDataStore<WorkCenter>& MasterDataStores::StoreOf<WorkCenter>() {
  return work_centers;
}
template <>
inline storage::MasterDataStore<Calendar>& MasterDataStores::StoreOf<Calendar>() {
  return calendars;
}
template <>
inline storage::MasterDataStore<Machine>& MasterDataStores::StoreOf<Machine>() {
  return machines;
}
template <>
inline storage::MasterDataStore<Operator>& MasterDataStores::StoreOf<Operator>() {
  return operators;
}

}  // namespace takt::service
