// SqliteTransaction: the SQLite adapter's Transaction. It lends the connection the transaction
// runs on to the SQLite stores; `ConnectionOf(tx)` is how a store reaches it. Only SQLite stores
// call ConnectionOf; handing them another backend's Transaction is a wiring bug and throws
// std::logic_error (caught by SqliteDatabase as kInternal).
//
// Thread-safety: as Transaction (owned by the thread running the body).
#pragma once

#include <functional>
#include <vector>

#include "storage/sqlite/sqlite_connection.hpp"
#include "storage/transaction.hpp"

namespace takt::storage::sqlite {

class SqliteTransaction final : public Transaction {
 public:
  SqliteTransaction(Connection& connection, const Actor* actor)
      : connection_(connection), actor_(actor) {}

  const Actor* actor() const override { return actor_; }
  void OnCommit(std::function<void()> hook) override { hooks_.push_back(std::move(hook)); }

  Connection& connection() { return connection_; }
  std::vector<std::function<void()>>& hooks() { return hooks_; }

 private:
  Connection& connection_;
  const Actor* actor_;
  std::vector<std::function<void()>> hooks_;
};

// The connection behind a SQLite transaction.
Connection& ConnectionOf(Transaction& tx);

}  // namespace takt::storage::sqlite
