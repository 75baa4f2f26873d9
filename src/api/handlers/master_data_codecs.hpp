// Request-body readers of the master-data entities (the response documents are
// service/master_data/master_data_json.hpp, shared with the audit trail). `ReadEntity(reader, e,
// mode)` applies a JSON body onto an entity: in kCreate mode the entity's key fields are required
// and missing optional fields keep their defaults; in kPatch mode every field is optional, only
// the present ones change, an explicit null clears an optional reference, and a present list
// replaces the whole list. Every type or format problem is recorded on the reader (so all bad
// fields are reported at once); rules that span fields are the core validators' job.
//
// The same body is applied twice for a PATCH: once to a default entity before the transaction
// (to answer 422 without touching the database), then inside the transaction onto the current
// entity. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/json_reader.hpp"
#include "core/calendar.hpp"
#include "core/machine.hpp"
#include "core/shop_operator.hpp"
#include "core/skill.hpp"
#include "core/work_center.hpp"

namespace takt::api {

enum class ReadMode { kCreate, kPatch };

void ReadEntity(JsonReader& r, Skill& e, ReadMode mode);
void ReadEntity(JsonReader& r, WorkCenter& e, ReadMode mode);
void ReadEntity(JsonReader& r, Calendar& e, ReadMode mode);
void ReadEntity(JsonReader& r, Machine& e, ReadMode mode);
void ReadEntity(JsonReader& r, Operator& e, ReadMode mode);

// Sub-resource bodies: {kind?, start, end, reason?} and {skill_id, level, certified_on?,
// expires_on?}.
void ReadDowntime(JsonReader& r, Downtime& d);
void ReadAbsence(JsonReader& r, Absence& a);
void ReadOperatorSkill(JsonReader& r, OperatorSkill& s);

}  // namespace takt::api
