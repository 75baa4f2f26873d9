#include "solver/shop/disjunctive_graph.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <string>

#include "solver/io/jssp_reader.hpp"
#include "solver/shop/dispatch_constructive.hpp"

namespace takt::solver {
namespace {

std::string InstancePath(const std::string& relative) {
  const char* root = std::getenv("TAKT_SOURCE_DIR");
  return std::string(root != nullptr ? root : ".") + "/bench/instances/" + relative;
}

// Random edits within machines: the partial re-evaluation must agree with a full one on every
// head, tail and makespan, and on whether the edit closed a cycle.
void ExpectPartialMatchesFull(const ShopInstance& instance, std::uint64_t seed, int edits) {
  DisjunctiveGraph partial(instance);
  DisjunctiveGraph full(instance);
  const ShopSchedule start = BuildDispatchSchedule(instance, DispatchRule::kRandom, seed);
  partial.Load(start);
  full.Load(start);
  ASSERT_TRUE(partial.Evaluate());
  ASSERT_TRUE(full.Evaluate());
  std::mt19937_64 random(seed);
  int cycles = 0;
  for (int e = 0; e < edits; ++e) {
    const int machine = static_cast<int>(random() % instance.machine_count);
    const int length = static_cast<int>(partial.Sequence(machine).size());
    if (length < 2) continue;
    const int a = static_cast<int>(random() % length);
    // Mostly short moves, as the search makes, sometimes long ones.
    const int reach = random() % 4 == 0 ? length : 3;
    int b = a + static_cast<int>(random() % (2 * reach + 1)) - reach;
    b = std::clamp(b, 0, length - 1);
    const bool swap = random() % 2 == 0;
    if (swap) {
      partial.SwapWithin(machine, a, b);
      full.SwapWithin(machine, a, b);
    } else {
      partial.MoveWithin(machine, a, b);
      full.MoveWithin(machine, a, b);
    }
    const bool partial_ok = partial.EvaluateAfter(machine, std::min(a, b), std::max(a, b));
    const bool full_ok = full.Evaluate();
    ASSERT_EQ(partial_ok, full_ok) << "edit " << e;
    if (!full_ok) {
      ++cycles;
      if (swap) {
        partial.SwapWithin(machine, a, b);
        full.SwapWithin(machine, a, b);
      } else {
        partial.MoveWithin(machine, b, a);
        full.MoveWithin(machine, b, a);
      }
      ASSERT_TRUE(partial.Evaluate());
      ASSERT_TRUE(full.Evaluate());
      continue;
    }
    ASSERT_EQ(partial.Makespan(), full.Makespan()) << "edit " << e;
    for (int op = 0; op < full.OperationCount(); ++op) {
      ASSERT_EQ(partial.Head(op), full.Head(op)) << "edit " << e << " op " << op;
      ASSERT_EQ(partial.Tail(op), full.Tail(op)) << "edit " << e << " op " << op;
    }
  }
  EXPECT_GT(cycles, 0);  // the long edits do close cycles, so that path is exercised too
}

TEST(DisjunctiveGraphTest, PartialEvaluationMatchesFullOnFt10) {
  auto instance = ReadJsspFile(InstancePath("jssp/ft10.txt"));
  ASSERT_TRUE(instance.has_value()) << instance.error().message;
  ExpectPartialMatchesFull(*instance, 1, 3000);
}

TEST(DisjunctiveGraphTest, PartialEvaluationMatchesFullWithZeroDurationsAndReleases) {
  std::mt19937_64 random(11);
  ShopInstance instance;
  instance.machine_count = 4;
  for (int j = 0; j < 6; ++j) {
    ShopJob job;
    job.release = static_cast<std::int64_t>(random() % 5);
    for (int o = 0; o < 4; ++o) {
      ShopOperation operation;
      operation.options.push_back({(j + o) % 4, static_cast<std::int64_t>(random() % 3)});
      job.operations.push_back(operation);
    }
    instance.jobs.push_back(job);
  }
  ExpectPartialMatchesFull(instance, 2, 3000);
}

}  // namespace
}  // namespace takt::solver
