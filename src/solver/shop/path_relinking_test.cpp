#include "solver/shop/path_relinking.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <string>

#include "solver/io/fjsp_reader.hpp"
#include "solver/io/jssp_reader.hpp"
#include "solver/shop/dispatch_constructive.hpp"
#include "solver/shop/elite_pool.hpp"

namespace takt::solver {
namespace {

std::string InstancePath(const std::string& relative) {
  const char* root = std::getenv("TAKT_SOURCE_DIR");
  return std::string(root != nullptr ? root : ".") + "/bench/instances/" + relative;
}

ShopSequencing RandomDispatch(const ShopInstance& instance, std::uint64_t seed) {
  DisjunctiveGraph graph(instance);
  graph.Load(BuildDispatchSchedule(instance, DispatchRule::kRandom, seed));
  EXPECT_TRUE(graph.Evaluate());
  ShopSequencing out;
  graph.Save(out);
  return out;
}

// The child must be a complete, acyclic sequencing whose stated makespan is its real one.
::testing::AssertionResult IsSoundChild(const ShopInstance& instance, const ShopSequencing& s) {
  DisjunctiveGraph graph(instance);
  std::vector<int> seen(graph.OperationCount(), 0);
  for (int k = 0; k < static_cast<int>(s.sequence.size()); ++k) {
    for (const int op : s.sequence[k]) {
      if (graph.OptionMachine(op, s.option[op]) != k) {
        return ::testing::AssertionFailure() << "operation " << op << " on the wrong machine";
      }
      ++seen[op];
    }
  }
  for (int op = 0; op < graph.OperationCount(); ++op) {
    if (seen[op] != 1) return ::testing::AssertionFailure() << "operation " << op << " not once";
  }
  graph.Load(s);
  if (!graph.Evaluate()) return ::testing::AssertionFailure() << "cyclic";
  if (graph.Makespan() != s.makespan) {
    return ::testing::AssertionFailure()
           << "makespan " << s.makespan << " but evaluates to " << graph.Makespan();
  }
  return ::testing::AssertionSuccess();
}

TEST(PathRelinkingTest, JobShopChildLiesBetweenTheParents) {
  auto instance = ReadJsspFile(InstancePath("jssp/ft10.txt"));
  ASSERT_TRUE(instance.has_value()) << instance.error().message;
  const ShopSequencing a = RandomDispatch(*instance, 1);
  const ShopSequencing b = RandomDispatch(*instance, 2);
  ElitePool measure(2);
  const int d0 = measure.Distance(a, b);
  ASSERT_GT(d0, 20);
  PathRelinking relinking(*instance);
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    std::mt19937_64 random(seed);
    ShopSequencing child;
    ASSERT_TRUE(relinking.Relink(a, b, 5, random, child));
    EXPECT_TRUE(IsSoundChild(*instance, child));
    // Each exchange changes the distance by one or two; the child is taken after 30 % and
    // before 60 % of the distance is covered.
    const int to_guiding = measure.Distance(child, b);
    EXPECT_LE(to_guiding, d0 - d0 * 3 / 10);
    EXPECT_GE(to_guiding, d0 - d0 * 6 / 10 - 1);
    EXPECT_GT(measure.Distance(child, a), 0);
    EXPECT_GT(relinking.work(), 0);
  }
}

TEST(PathRelinkingTest, FlexibleChildIsSound) {
  auto instance = ReadFjspFile(InstancePath("fjsp/mk01.fjs"));
  ASSERT_TRUE(instance.has_value()) << instance.error().message;
  const ShopSequencing a = RandomDispatch(*instance, 3);
  const ShopSequencing b = RandomDispatch(*instance, 4);
  ElitePool measure(2);
  const int d0 = measure.Distance(a, b);
  ASSERT_GT(d0, 10);
  PathRelinking relinking(*instance);
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    std::mt19937_64 random(seed);
    ShopSequencing child;
    ASSERT_TRUE(relinking.Relink(a, b, 5, random, child));
    EXPECT_TRUE(IsSoundChild(*instance, child));
    EXPECT_LT(measure.Distance(child, b), d0);
  }
}

TEST(PathRelinkingTest, SameSeedSameChild) {
  auto instance = ReadJsspFile(InstancePath("jssp/ft10.txt"));
  ASSERT_TRUE(instance.has_value()) << instance.error().message;
  const ShopSequencing a = RandomDispatch(*instance, 5);
  const ShopSequencing b = RandomDispatch(*instance, 6);
  PathRelinking relinking(*instance);
  std::mt19937_64 first_random(7);
  std::mt19937_64 second_random(7);
  ShopSequencing first;
  ShopSequencing second;
  ASSERT_TRUE(relinking.Relink(a, b, 5, first_random, first));
  ASSERT_TRUE(relinking.Relink(a, b, 5, second_random, second));
  EXPECT_EQ(first.sequence, second.sequence);
  EXPECT_EQ(first.option, second.option);
  EXPECT_EQ(first.makespan, second.makespan);
}

TEST(PathRelinkingTest, RefusesParentsCloserThanTheMinimum) {
  auto instance = ReadJsspFile(InstancePath("jssp/ft06.txt"));
  ASSERT_TRUE(instance.has_value()) << instance.error().message;
  const ShopSequencing a = RandomDispatch(*instance, 1);
  const ShopSequencing b = RandomDispatch(*instance, 2);
  ElitePool measure(2);
  const int d0 = measure.Distance(a, b);
  PathRelinking relinking(*instance);
  std::mt19937_64 random(1);
  ShopSequencing child;
  EXPECT_FALSE(relinking.Relink(a, a, 1, random, child));
  EXPECT_FALSE(relinking.Relink(a, b, d0 + 1, random, child));
}

}  // namespace
}  // namespace takt::solver
