#include "solver/io/fjsp_reader.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace takt::solver {
namespace {

std::string InstancePath(const std::string& relative) {
  const char* root = std::getenv("TAKT_SOURCE_DIR");
  return std::string(root != nullptr ? root : ".") + "/bench/instances/" + relative;
}

TEST(FjspReaderTest, ReadsMk01) {
  auto instance = ReadFjspFile(InstancePath("fjsp/mk01.fjs"));
  ASSERT_TRUE(instance.has_value()) << instance.error().message;
  EXPECT_EQ(instance->name, "mk01");
  EXPECT_EQ(instance->machine_count, 6);
  ASSERT_EQ(instance->jobs.size(), 10u);
  EXPECT_EQ(instance->OperationCount(), 55);
  // Job 1, operation 1 of mk01: "2 1 5 3 4": machines 1 and 3 (1-based) -> 0 and 2.
  const ShopOperation& first = instance->jobs[0].operations[0];
  ASSERT_EQ(first.options.size(), 2u);
  EXPECT_EQ(first.options[0].machine, 0);
  EXPECT_EQ(first.options[0].duration, 5);
  EXPECT_EQ(first.options[1].machine, 2);
  EXPECT_EQ(first.options[1].duration, 4);
}

TEST(FjspReaderTest, ReadsEveryBenchmarkFile) {
  for (const char* name :
       {"fjsp/la01_edata.fjs", "fjsp/mk10.fjs", "fjsp/kacem1.fjs", "fjsp/fattahi20.fjs"}) {
    auto instance = ReadFjspFile(InstancePath(name));
    EXPECT_TRUE(instance.has_value()) << name << ": " << instance.error().message;
  }
}

TEST(FjspReaderTest, AverageFlexibilityIsOptional) {
  auto with = ParseFjsp("1 2 1.5\n2 1 1 3 2 1 4 2 5\n", "with");
  auto without = ParseFjsp("1 2\n2 1 1 3 2 1 4 2 5\n", "without");
  ASSERT_TRUE(with.has_value()) << with.error().message;
  ASSERT_TRUE(without.has_value()) << without.error().message;
  EXPECT_EQ(without->jobs[0].operations[1].options[1].machine, 1);
  EXPECT_EQ(without->jobs[0].operations[1].options[1].duration, 5);
}

struct MalformedCase {
  const char* text;
  const char* expected_fragment;
};

class FjspMalformedTest : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(FjspMalformedTest, RejectsWithLineAndExpectation) {
  auto instance = ParseFjsp(GetParam().text, "bad");
  ASSERT_FALSE(instance.has_value());
  EXPECT_EQ(instance.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(instance.error().message.find(GetParam().expected_fragment), std::string::npos)
      << instance.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, FjspMalformedTest,
    ::testing::Values(
        MalformedCase{"", "expected the number of jobs"},
        MalformedCase{"1 2\n", "expected the number of operations of job 1, found end of file"},
        MalformedCase{"1 2\n1 1 0 3\n", "line 2: expected a machine (1-based) of operation 1"},
        MalformedCase{"1 2\n1 1 3 3\n", "a machine (1-based) of operation 1 of job 1 in [1, 2]"},
        MalformedCase{"1 2\n1 0\n", "the number of machines of operation 1 of job 1 in [1, 2]"},
        MalformedCase{"1 2\n1 2 1 3 1 4\n", "machine 1 is listed twice"},
        MalformedCase{"1 2\n1 1 1 -3\n", "the duration on machine 1"},
        MalformedCase{"2 2\n1 1 1 3",
                      "line 2: expected the number of operations of job 2, found end"},
        MalformedCase{"1 2\n1 1 1 3\nextra\n", "line 3: expected end of file"},
        MalformedCase{"1 2\n1 1 1 3.5\n", "found '3.5'"}));

}  // namespace
}  // namespace takt::solver
