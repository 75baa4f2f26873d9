#include "storage/audit_chain.hpp"

#include <string_view>
#include <vector>

#include "storage/sha256.hpp"

namespace takt::storage {

namespace {
void AppendField(std::string& out, std::string_view name, std::string_view value) {
  out.append(name);
  out.push_back('=');
  out.append(std::to_string(value.size()));
  out.push_back(':');
  out.append(value);
  out.push_back('\n');
}
}  // namespace

std::string CanonicalAuditText(const AuditEntry& e) {
  std::string out;
  out.reserve(256 + e.before_json.size() + e.after_json.size());
  AppendField(out, "sequence", std::to_string(e.sequence));
  AppendField(out, "occurred_at", e.occurred_at);
  AppendField(out, "actor_user_id", std::to_string(e.actor_user_id));
  AppendField(out, "actor_email", e.actor_email);
  AppendField(out, "request_id", e.request_id);
  AppendField(out, "action", e.action);
  AppendField(out, "entity_type", e.entity_type);
  AppendField(out, "entity_id", e.entity_id);
  AppendField(out, "before", e.before_json);
  AppendField(out, "after", e.after_json);
  AppendField(out, "prev_hash", e.prev_hash);
  return out;
}

std::string ComputeAuditHash(const AuditEntry& entry) {
  return Sha256Hex(CanonicalAuditText(entry));
}

Result<AuditChainReport> VerifyAuditChain(Database& db, AuditLog& log, int page_size) {
  AuditChainReport report;
  std::string expected_prev = kAuditGenesisHash;
  std::int64_t expected_sequence = 1;
  std::int64_t after = 0;
  while (true) {
    auto page = db.Read([&](Transaction& tx) { return log.Page(tx, after, page_size); });
    if (!page) return Fail(page.error());
    for (const AuditEntry& e : *page) {
      std::string reason;
      if (e.sequence != expected_sequence) {
        reason = "sequence " + std::to_string(expected_sequence) + " is missing";
      } else if (e.prev_hash != expected_prev) {
        reason = "prev_hash does not match the previous entry's hash";
      } else if (ComputeAuditHash(e) != e.hash) {
        reason = "stored hash does not match the entry's content";
      }
      if (!reason.empty()) {
        report.valid = false;
        report.first_bad_sequence =
            e.sequence != expected_sequence ? expected_sequence : e.sequence;
        report.reason = std::move(reason);
        return report;
      }
      ++report.entries_checked;
      expected_prev = e.hash;
      ++expected_sequence;
      after = e.sequence;
    }
    if (static_cast<int>(page->size()) < page_size) break;
  }
  return report;
}

}  // namespace takt::storage
