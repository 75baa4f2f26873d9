// Actor: who performs a state-changing use case. Every mutating service call takes an Actor and
// hands it to Database::Write, which stamps it on the audit entries appended in that transaction.
// `user_id` is 0 (invalid) for the system itself (migrations, start-up seeding, CLI tools run by an
// operator of the host); `email` is then a descriptive name such as "system" or "cli". `request_id`
// is the X-Request-ID of the HTTP request (empty outside HTTP). A plain value type; thread-safe to
// copy.
#pragma once

#include <string>
#include <utility>

#include "core/strong_id.hpp"

namespace takt {

struct UserTag;
using UserId = StrongId<UserTag>;

struct Actor {
  UserId user_id;
  std::string email;
  std::string request_id;

  // The server or a command-line tool acting on its own behalf.
  static Actor System(std::string name = "system", std::string request_id = {}) {
    return Actor{UserId(), std::move(name), std::move(request_id)};
  }
  bool is_system() const { return !user_id.valid(); }
};

}  // namespace takt
