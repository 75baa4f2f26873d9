// ShopInstance: a flexible job shop in its plainest form, the structure the sequencing search works
// on. Jobs are chains of operations (each operation starts after its predecessor in the job ends);
// each operation runs on exactly one of its eligible machines, with a machine-dependent processing
// time; a machine runs one operation at a time; no calendars, no operators, no setups. A classic
// JSSP is the special case of one option per operation.
//
// The general engine (solver/) maps a Problem onto a ShopInstance when the problem has this shape
// (standard benchmark files always do) and uses the shop search directly; for richer problems the
// shop search still proposes machine sequences that the general decoder turns into timetables.
//
// Plain value types; no I/O. Indices are 0-based and dense.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace takt::solver {

struct ShopOption {
  int machine = 0;            // 0 .. machine_count-1
  std::int64_t duration = 0;  // >= 0, time units (minutes in Takt; abstract in benchmarks)
};

struct ShopOperation {
  std::vector<ShopOption> options;  // at least one; machines distinct
};

struct ShopJob {
  std::vector<ShopOperation> operations;  // in route order
  std::int64_t release = 0;               // earliest start of the first operation
};

struct ShopInstance {
  std::string name;
  int machine_count = 0;
  std::vector<ShopJob> jobs;

  int OperationCount() const;
};

// Checks the structural rules above: machine_count >= 0, every operation has at least one option,
// option machines in range and distinct per operation, durations >= 0. Returns every defect at
// once as field errors ("jobs[2].operations[0].options[1].machine"). SearchShop and
// ShopLowerBound require an instance that passes.
Result<void> CheckShopInstance(const ShopInstance& instance);

// A complete shop schedule: for every job and operation the chosen option and start time, plus
// the processing order on each machine (as (job, operation) pairs) and the makespan.
struct ShopOperationRef {
  int job = 0;
  int operation = 0;
  bool operator==(const ShopOperationRef&) const = default;
};

struct ShopSchedule {
  std::vector<std::vector<int>> option;                      // [job][operation] -> option index
  std::vector<std::vector<std::int64_t>> start;              // [job][operation] -> start time
  std::vector<std::vector<ShopOperationRef>> machine_order;  // [machine] -> operations in order
  std::int64_t makespan = 0;
};

}  // namespace takt::solver
