// JSON Schemas (OpenAPI 3.1) of the master-data documents, for the route table and thus the
// served OpenAPI document: the entity as returned (`EntitySchema`), the body a POST accepts
// (`CreateSchema`: the same members minus the server-assigned ones, key fields required, no other
// members), the PATCH body (every member optional, plus `version`), and the list envelope.
// Pure functions; thread-safe.
#pragma once

#include <boost/json/value.hpp>
#include <string_view>

namespace takt::api::master_data {

enum class SchemaEntity { kSkill, kWorkCenter, kCalendar, kMachine, kOperator };

boost::json::value EntitySchema(SchemaEntity entity);
boost::json::value CreateSchema(SchemaEntity entity);
boost::json::value PatchSchema(SchemaEntity entity);
boost::json::value ListSchema(boost::json::value item);

}  // namespace takt::api::master_data
