// Database: the storage port every use case runs through. A use case hands a body (a callable
// taking Transaction&) to Write or Read; the adapter opens ONE transaction, runs the body, and
// commits when the body returns a value or rolls back when it returns an error or throws. The
// service layer only sees this port and the per-entity store interfaces (skill_store.hpp,
// audit_log.hpp, ...); SQL and connection handles stay inside the adapters (sqlite/, later
// postgres/), which all pass the same contract suite (storage_contract_test.cpp).
//
// Error contract shared by every adapter:
//   - the database is busy, locked, read-only or failing I/O  -> ErrorCode::kUnavailable
//     ("database is busy, retry"), which the API answers with 503 and Retry-After;
//   - a unique key is violated -> kConflict with a FieldError naming the column (e.g. "code");
//   - a row is still referenced by a foreign key -> kConflict;
//   - an exception escaping the body -> rollback, then kInternal carrying its what().
// Optimistic locking convention: every mutable row has an integer `version` starting at 1; an
// update runs `... WHERE id = ? AND version = ?` and increments it; zero rows changed on an
// existing row -> kConflict with detail {"current_version", "<n>"}.
//
// Thread-safety: a Database is shared by all request threads. Write bodies are serialised (one
// writer at a time, as SQLite and most uses need); Read bodies run concurrently with each other and
// with the writer, each on a consistent snapshot. Bodies must be short: no network calls, no solver
// runs inside a transaction.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/actor.hpp"
#include "core/error.hpp"
#include "storage/transaction.hpp"

namespace takt::storage {

// One applied schema step, as recorded in schema_migrations.
struct AppliedMigration {
  int version = 0;
  std::string name;
};

// One operational figure of an adapter, exported on /metrics as `takt_db_<name>`: a counter
// (monotonic since start) or a gauge (current value).
struct DatabaseStatistic {
  enum class Kind { kCounter, kGauge };
  std::string name;  // snake_case, e.g. "write_transactions_total"
  std::string help;
  Kind kind = Kind::kCounter;
  double value = 0;
};

class Database {
 public:
  virtual ~Database() = default;

  // Runs `body(Transaction&) -> Result<T>` in one write transaction on behalf of `actor` and
  // returns its result: committed on a value, rolled back on an error or an exception.
  template <typename Body>
  auto Write(const Actor& actor, Body&& body) -> std::invoke_result_t<Body&, Transaction&> {
    return Run<std::invoke_result_t<Body&, Transaction&>>(&actor, body);
  }

  // Runs `body(Transaction&) -> Result<T>` in one read-only transaction (a snapshot).
  template <typename Body>
  auto Read(Body&& body) -> std::invoke_result_t<Body&, Transaction&> {
    return Run<std::invoke_result_t<Body&, Transaction&>>(nullptr, body);
  }

  // Applies every schema migration not yet recorded, each in its own transaction, in version
  // order; returns the ones applied now (empty when the schema is current). Idempotent.
  virtual Result<std::vector<AppliedMigration>> Migrate() = 0;

  // The migrations recorded as applied, in version order.
  virtual Result<std::vector<AppliedMigration>> AppliedMigrations() = 0;

  // Cheap liveness check for /health/ready: kUnavailable when the database cannot be reached.
  virtual Result<void> Ping() = 0;

  // A short name of the backend for diagnostics, e.g. "sqlite".
  virtual std::string BackendName() const = 0;

  // The adapter's operational figures, always the same names in the same order (an adapter
  // without any returns none). Thread-safe and cheap: /metrics calls it on every scrape.
  virtual std::vector<DatabaseStatistic> Statistics() const { return {}; }

 protected:
  using Body = std::function<Result<void>(Transaction&)>;
  // Adapter hooks: `actor` null means a read transaction.
  virtual Result<void> RunTransaction(const Actor* actor, const Body& body) = 0;

 private:
  template <typename R, typename F>
  R Run(const Actor* actor, F& body) {
    std::optional<R> out;
    Result<void> status = RunTransaction(actor, [&](Transaction& tx) -> Result<void> {
      out.emplace(body(tx));
      if (!out->has_value()) return Fail(out->error());
      return {};
    });
    if (!status) return R(tl::unexpected<Error>(std::move(status.error())));
    return std::move(*out);
  }
};

}  // namespace takt::storage
