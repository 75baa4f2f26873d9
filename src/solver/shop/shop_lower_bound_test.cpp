#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "solver/io/fjsp_reader.hpp"
#include "solver/io/jssp_reader.hpp"
#include "solver/shop/shop_search.hpp"

namespace takt::solver {
namespace {

std::string InstanceRoot() {
  const char* root = std::getenv("TAKT_SOURCE_DIR");
  return std::string(root != nullptr ? root : ".") + "/bench/instances/";
}

// Three jobs on two machines (job: route of [machine duration]):
//   job 0: [M0 4][M1 0]      on M0: head 0, tail 0
//   job 1: [M1 3][M0 2]      on M0: head 3, tail 0
//   job 2: [M0 2][M1 5]      on M0: head 0, tail 5
// Preemptive Jackson on M0 (largest tail first, preempting at heads):
//   M0: |j2 j2|j0|j0 j0 j0|j1 j1|      j2 ends 2 (+5 = 7), j0 ends 6, j1 ends 8  -> 8
// Job bounds are 4, 5 and 7 and the aggregate bound 16 / 2 = 8, so the bound is 8.
TEST(ShopLowerBoundTest, OneMachineBoundWithHeadsAndTails) {
  auto instance = ParseJssp("3 2\n0 4 1 0\n1 3 0 2\n0 2 1 5\n", "gantt");
  ASSERT_TRUE(instance.has_value()) << instance.error().message;
  EXPECT_EQ(ShopLowerBound(*instance), 8);
}

TEST(ShopLowerBoundTest, JobBoundIncludesRelease) {
  ShopInstance instance;
  instance.machine_count = 2;
  ShopJob job;
  job.release = 10;
  job.operations.push_back({{{0, 3}, {1, 2}}});
  job.operations.push_back({{{1, 4}}});
  instance.jobs.push_back(job);
  EXPECT_EQ(ShopLowerBound(instance), 16);
}

TEST(ShopLowerBoundTest, NeverExceedsBestKnownOnBenchmarks) {
  std::ifstream bounds(InstanceRoot() + "bounds.csv");
  ASSERT_TRUE(bounds.good());
  std::string line;
  std::getline(bounds, line);
  int checked = 0;
  while (std::getline(bounds, line)) {
    std::vector<std::string> cells;
    std::stringstream stream(line);
    std::string cell;
    while (std::getline(stream, cell, ',')) cells.push_back(cell);
    ASSERT_GE(cells.size(), 9u);
    const std::string path = InstanceRoot() + cells[3];
    auto instance = cells[1] == "FJSP" ? ReadFjspFile(path) : ReadJsspFile(path);
    ASSERT_TRUE(instance.has_value()) << instance.error().message;
    const std::int64_t upper = std::stoll(cells[8]);
    EXPECT_LE(ShopLowerBound(*instance), upper) << cells[0];
    EXPECT_GT(ShopLowerBound(*instance), 0) << cells[0];
    ++checked;
  }
  EXPECT_GE(checked, 190);
}

}  // namespace
}  // namespace takt::solver
