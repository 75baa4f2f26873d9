// The audit hash chain, shared by every storage backend. Each entry's hash is
//   hash = hex(SHA-256(CanonicalAuditText(entry)))
// where the canonical text lists every recorded field, each as "<name>=<byte length>:<value>\n"
// (length-prefixed, so no value can imitate a field boundary), ending with prev_hash. Changing
// any stored byte of an entry, or removing or reordering entries, breaks the chain from that entry
// on; VerifyAuditChain reports the first entry whose stored hash or link no longer matches.
//
// Thread-safety: pure functions, except VerifyAuditChain which runs read transactions on the given
// Database and may run concurrently with writers (it checks the snapshot it reads).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "storage/audit_log.hpp"
#include "storage/database.hpp"

namespace takt::storage {

// 64 zeros: the prev_hash of the first entry.
inline constexpr const char* kAuditGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

std::string CanonicalAuditText(const AuditEntry& entry);

// hex SHA-256 of CanonicalAuditText(entry) (ignores entry.hash).
std::string ComputeAuditHash(const AuditEntry& entry);

struct AuditChainReport {
  bool valid = true;
  std::int64_t entries_checked = 0;
  std::optional<std::int64_t> first_bad_sequence;
  std::string reason;  // why the first bad entry fails, empty when valid
};

// Walks the whole log in pages of `page_size` and checks every link and hash.
Result<AuditChainReport> VerifyAuditChain(Database& db, AuditLog& log, int page_size = 1000);

}  // namespace takt::storage
