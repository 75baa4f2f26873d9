#include "service/identity/security_audit.hpp"

#include <algorithm>

namespace takt::identity {

Result<SecurityEventPage> SecurityAudit::List(const SecurityEventQuery& query) {
  const int limit = std::clamp(query.limit, 1, kMaxLimit);
  return database_.Read([&](storage::Transaction& tx) -> Result<SecurityEventPage> {
    std::vector<storage::AuditEntry> merged;
    // Events about users and about roles, each up to `limit` after the cursor; the first `limit`
    // of their union in sequence order is exactly the next page.
    for (const char* entity_type : {"user", "role"}) {
      if (query.user_id && std::string_view(entity_type) == "role") continue;
      storage::AuditQuery q;
      q.entity_type = entity_type;
      q.entity_id = query.user_id;
      q.action = query.action;
      q.actor_user_id = query.actor_user_id;
      q.from = query.from;
      q.to = query.to;
      q.after_sequence = query.after_sequence;
      q.limit = limit + 1;
      auto entries = audit_.List(tx, q);
      if (!entries) return Fail(entries.error());
      merged.insert(merged.end(), std::make_move_iterator(entries->begin()),
                    std::make_move_iterator(entries->end()));
    }
    std::sort(merged.begin(), merged.end(),
              [](const auto& a, const auto& b) { return a.sequence < b.sequence; });
    SecurityEventPage page;
    const bool more = merged.size() > static_cast<std::size_t>(limit);
    if (more) merged.resize(static_cast<std::size_t>(limit));
    if (more && !merged.empty()) page.next_cursor = merged.back().sequence;
    page.items = std::move(merged);
    return page;
  });
}

}  // namespace takt::identity
