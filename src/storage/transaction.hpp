// Transaction: the handle of one open unit of work, passed by Database::Write/Read to the body
// and from there to every store call made inside it. Stores never open transactions themselves;
// everything they do through the same Transaction commits or rolls back together (the mutation
// and its audit entries, for instance).
//
// The handle is opaque to the service layer: it exposes who acts and lets a use case schedule work
// that must only happen after a successful commit (publishing events). Backend adapters downcast it
// to their own transaction type to reach the connection (see sqlite/sqlite_transaction.hpp).
//
// Thread-safety: a Transaction belongs to the thread running the body; it must not escape the body
// or be used from another thread.
#pragma once

#include <functional>

#include "core/actor.hpp"

namespace takt::storage {

class Transaction {
 public:
  virtual ~Transaction() = default;

  // The actor of a write transaction (stamped on audit entries); nullptr in a read transaction.
  virtual const Actor* actor() const = 0;
  bool writable() const { return actor() != nullptr; }

  // Runs `hook` after the transaction has committed; hooks of a rolled-back transaction are
  // dropped. Hooks run on the thread that called Database::Write/Read, in registration order,
  // after the commit and once the database's locks are released (a hook may start another
  // transaction). An adapter that commits several Write bodies together (SQLite group commit)
  // keeps each body's hooks apart: only the hooks of bodies that committed run. Hooks must not
  // throw.
  virtual void OnCommit(std::function<void()> hook) = 0;
};

}  // namespace takt::storage
