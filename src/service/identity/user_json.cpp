#include "service/identity/user_json.hpp"

#include <boost/json.hpp>

namespace takt::identity {

std::string UserAuditJson(const User& user) {
  boost::json::array roles;
  for (const auto& r : user.roles) roles.emplace_back(r);
  boost::json::object o;
  o["id"] = user.id.ToString();
  o["email"] = user.email;
  o["display_name"] = user.display_name;
  o["roles"] = std::move(roles);
  o["active"] = user.active;
  o["version"] = user.version;
  return boost::json::serialize(o);
}

}  // namespace takt::identity
