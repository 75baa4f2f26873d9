// The JSON documents of master-data entities: the API's response bodies and the before/after
// images on audit entries are the same document, so an auditor reads exactly what a client saw.
// Ids travel as strings; an unset reference (id 0) is null; enums are upper-case strings; clock
// times "HH:MM", weekdays "MON".."SUN", instants RFC 3339. Pure functions; thread-safe.
#pragma once

#include <boost/json/value.hpp>
#include <string>

#include "core/calendar.hpp"
#include "core/machine.hpp"
#include "core/shop_operator.hpp"
#include "core/skill.hpp"
#include "core/work_center.hpp"

namespace takt::service {

boost::json::value ToJson(const Skill& skill);
boost::json::value ToJson(const WorkCenter& work_center);
boost::json::value ToJson(const Calendar& calendar);
boost::json::value ToJson(const Machine& machine);
boost::json::value ToJson(const Operator& op);
boost::json::value ToJson(const Downtime& downtime);
boost::json::value ToJson(const OperatorSkill& skill);
boost::json::value ToJson(const Absence& absence);

// serialize(ToJson(entity)): the audit image.
template <typename E>
std::string AuditImage(const E& entity);

}  // namespace takt::service
