#include "service/master_data/master_data_rules.hpp"

namespace takt::service {

namespace {

// Adds "<field>: no <what> <id>" unless `id` is unset or exists.
template <typename E>
Result<void> CheckOne(storage::Transaction& tx, storage::MasterDataStore<E>& store,
                      typename storage::MasterDataStore<E>::Id id, const std::string& field,
                      const char* what, std::vector<FieldError>& errors) {
  if (!id.valid()) return {};
  auto exists = store.Exists(tx, id);
  if (!exists) return Fail(exists.error());
  if (!*exists) errors.push_back({field, std::string("no ") + what + " with id " + id.ToString()});
  return {};
}

}  // namespace

std::vector<FieldError> MasterDataRules<Skill>::Validate(const Skill& e) {
  return ValidateSkill(e);
}
Result<std::vector<FieldError>> MasterDataRules<Skill>::CheckReferences(storage::Transaction&,
                                                                        MasterDataStores&,
                                                                        const Skill&) {
  return std::vector<FieldError>{};
}

std::vector<FieldError> MasterDataRules<WorkCenter>::Validate(const WorkCenter& e) {
  return ValidateWorkCenter(e);
}
Result<std::vector<FieldError>> MasterDataRules<WorkCenter>::CheckReferences(
    storage::Transaction& tx, MasterDataStores& stores, const WorkCenter& e) {
  std::vector<FieldError> errors;
  if (auto ok = CheckOne(tx, stores.calendars, e.calendar_id, "calendar_id", "calendar", errors);
      !ok) {
    return Fail(ok.error());
  }
  return errors;
}

std::vector<FieldError> MasterDataRules<Calendar>::Validate(const Calendar& e) {
  return ValidateCalendar(e);
}
Result<std::vector<FieldError>> MasterDataRules<Calendar>::CheckReferences(storage::Transaction&,
                                                                           MasterDataStores&,
                                                                           const Calendar&) {
  return std::vector<FieldError>{};
}

std::vector<FieldError> MasterDataRules<Machine>::Validate(const Machine& e) {
  return ValidateMachine(e);
}
Result<std::vector<FieldError>> MasterDataRules<Machine>::CheckReferences(storage::Transaction& tx,
                                                                          MasterDataStores& stores,
                                                                          const Machine& e) {
  std::vector<FieldError> errors;
  auto ok = CheckOne(tx, stores.calendars, e.calendar_id, "calendar_id", "calendar", errors);
  if (ok) {
    ok = CheckOne(tx, stores.work_centers, e.work_center_id, "work_center_id", "work center",
                  errors);
  }
  for (std::size_t i = 0; ok && i < e.required_skills.size(); ++i) {
    ok = CheckOne(tx, stores.skills, e.required_skills[i].skill_id,
                  "required_skills[" + std::to_string(i) + "].skill_id", "skill", errors);
  }
  if (!ok) return Fail(ok.error());
  return errors;
}

std::vector<FieldError> MasterDataRules<Operator>::Validate(const Operator& e) {
  return ValidateOperator(e);
}
Result<std::vector<FieldError>> MasterDataRules<Operator>::CheckReferences(storage::Transaction& tx,
                                                                           MasterDataStores& stores,
                                                                           const Operator& e) {
  std::vector<FieldError> errors;
  auto ok = CheckOne(tx, stores.calendars, e.calendar_id, "calendar_id", "calendar", errors);
  for (std::size_t i = 0; ok && i < e.skills.size(); ++i) {
    ok = CheckOne(tx, stores.skills, e.skills[i].skill_id,
                  "skills[" + std::to_string(i) + "].skill_id", "skill", errors);
  }
  if (!ok) return Fail(ok.error());
  return errors;
}

}  // namespace takt::service
