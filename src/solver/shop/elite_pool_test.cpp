#include "solver/shop/elite_pool.hpp"

#include <gtest/gtest.h>

#include <utility>

namespace takt::solver {
namespace {

// Two machines, four operations each (the pool never evaluates, so any permutation will do).
ShopSequencing Sequencing(std::vector<int> first, std::vector<int> second, std::int64_t makespan) {
  ShopSequencing s;
  s.option.assign(8, 0);
  s.sequence = {std::move(first), std::move(second)};
  s.makespan = makespan;
  return s;
}

std::int64_t MakespanOf(const ElitePool& pool, int member) {
  ShopSequencing out;
  pool.Pick(static_cast<std::uint64_t>(member), out);
  return out.makespan;
}

TEST(ElitePoolTest, DistanceCountsOperationsOutOfPlace) {
  ElitePool pool(4);
  const ShopSequencing a = Sequencing({0, 1, 2, 3}, {4, 5, 6, 7}, 10);
  EXPECT_EQ(pool.Distance(a, a), 0);
  EXPECT_EQ(pool.Distance(a, Sequencing({1, 0, 2, 3}, {4, 5, 6, 7}, 10)), 2);
  EXPECT_EQ(pool.Distance(a, Sequencing({1, 2, 3, 0}, {7, 5, 6, 4}, 10)), 6);
  ShopSequencing other_option = a;
  other_option.option[5] = 1;
  EXPECT_EQ(pool.Distance(a, other_option), 1);
}

TEST(ElitePoolTest, KeepsEveryDistinctSolutionWhileThereIsRoom) {
  ElitePool pool(3);
  EXPECT_TRUE(pool.Offer(Sequencing({0, 1, 2, 3}, {4, 5, 6, 7}, 20)));
  EXPECT_FALSE(pool.Offer(Sequencing({0, 1, 2, 3}, {4, 5, 6, 7}, 20)));  // the same solution
  EXPECT_TRUE(pool.Offer(Sequencing({1, 0, 2, 3}, {4, 5, 6, 7}, 25)));
  EXPECT_TRUE(pool.Offer(Sequencing({3, 2, 1, 0}, {7, 6, 5, 4}, 15)));
  EXPECT_EQ(pool.Size(), 3);
  EXPECT_EQ(MakespanOf(pool, 0), 15);
  EXPECT_EQ(MakespanOf(pool, 1), 20);
  EXPECT_EQ(MakespanOf(pool, 2), 25);
}

TEST(ElitePoolTest, WhenFullTheLeastGoodLeaves) {
  ElitePool pool(3);
  const ShopSequencing a = Sequencing({0, 1, 2, 3}, {4, 5, 6, 7}, 10);
  const ShopSequencing b = Sequencing({1, 0, 2, 3}, {4, 5, 6, 7}, 11);  // 2 away from a
  const ShopSequencing c = Sequencing({3, 2, 1, 0}, {7, 6, 5, 4}, 12);  // 8 from a and b
  ASSERT_TRUE(pool.Offer(a));
  ASSERT_TRUE(pool.Offer(b));
  ASSERT_TRUE(pool.Offer(c));
  // d is the worst but 8 away from everything, while b crowds a: goodness (weight 0.6 on
  // makespan) b 0.6 * 2/4 = 0.30, c 0.6 * 1/4 + 0.4 * 6/7 = 0.49, d 0.4 * 6/7 = 0.34.
  EXPECT_TRUE(pool.Offer(Sequencing({2, 3, 0, 1}, {6, 7, 4, 5}, 13)));
  EXPECT_EQ(pool.Size(), 3);
  EXPECT_EQ(MakespanOf(pool, 0), 10);
  EXPECT_EQ(MakespanOf(pool, 1), 12);
  EXPECT_EQ(MakespanOf(pool, 2), 13);
  // A worse near-copy of a member has the least goodness and is refused.
  EXPECT_FALSE(pool.Offer(Sequencing({0, 1, 3, 2}, {4, 5, 6, 7}, 14)));
  // A new best always enters, even next to a member.
  EXPECT_TRUE(pool.Offer(Sequencing({0, 1, 2, 3}, {5, 4, 6, 7}, 5)));
  EXPECT_EQ(MakespanOf(pool, 0), 5);
  EXPECT_EQ(pool.Size(), 3);
}

TEST(ElitePoolTest, FarBetterCandidateReplacesACrowdingMember) {
  ElitePool pool(2);
  ASSERT_TRUE(pool.Offer(Sequencing({0, 1, 2, 3}, {4, 5, 6, 7}, 10)));
  ASSERT_TRUE(pool.Offer(Sequencing({0, 1, 3, 2}, {4, 5, 6, 7}, 30)));
  // Far from both and better than the second: the second leaves, the best stays.
  EXPECT_TRUE(pool.Offer(Sequencing({3, 2, 1, 0}, {7, 6, 5, 4}, 20)));
  EXPECT_EQ(MakespanOf(pool, 0), 10);
  EXPECT_EQ(MakespanOf(pool, 1), 20);
}

}  // namespace
}  // namespace takt::solver
