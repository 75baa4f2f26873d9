#include "solver/io/jssp_reader.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace takt::solver {
namespace {

std::string InstancePath(const std::string& relative) {
  const char* root = std::getenv("TAKT_SOURCE_DIR");
  return std::string(root != nullptr ? root : ".") + "/bench/instances/" + relative;
}

TEST(JsspReaderTest, ReadsFt06) {
  auto instance = ReadJsspFile(InstancePath("jssp/ft06.txt"));
  ASSERT_TRUE(instance.has_value()) << instance.error().message;
  EXPECT_EQ(instance->name, "ft06");
  EXPECT_EQ(instance->machine_count, 6);
  ASSERT_EQ(instance->jobs.size(), 6u);
  EXPECT_EQ(instance->OperationCount(), 36);
  // First line of ft06: 2 1 0 3 1 6 3 7 5 3 4 6
  const ShopOperation& first = instance->jobs[0].operations[0];
  ASSERT_EQ(first.options.size(), 1u);
  EXPECT_EQ(first.options[0].machine, 2);
  EXPECT_EQ(first.options[0].duration, 1);
  EXPECT_EQ(instance->jobs[0].operations[5].options[0].machine, 4);
  EXPECT_EQ(instance->jobs[0].operations[5].options[0].duration, 6);
}

TEST(JsspReaderTest, ParsesSmallText) {
  auto instance = ParseJssp("2 2\n0 3 1 2\n1 4 0 1\n", "tiny");
  ASSERT_TRUE(instance.has_value());
  EXPECT_EQ(instance->jobs[1].operations[0].options[0].machine, 1);
  EXPECT_EQ(instance->jobs[1].operations[1].options[0].duration, 1);
}

struct MalformedCase {
  const char* text;
  const char* expected_fragment;
};

class JsspMalformedTest : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(JsspMalformedTest, RejectsWithLineAndExpectation) {
  auto instance = ParseJssp(GetParam().text, "bad");
  ASSERT_FALSE(instance.has_value());
  EXPECT_EQ(instance.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(instance.error().message.find(GetParam().expected_fragment), std::string::npos)
      << instance.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, JsspMalformedTest,
    ::testing::Values(MalformedCase{"", "line 1: expected the number of jobs"},
                      MalformedCase{"2", "expected the number of machines"},
                      MalformedCase{"2 2\n0 3 1 2\n1 4 0",
                                    "line 3: expected the duration of operation 2 of job 2"},
                      MalformedCase{"2 2\n0 3 1 -2\n1 4 0 1\n", "line 2: expected the duration"},
                      MalformedCase{"2 2\n0 3 1 2\n5 4 0 1\n",
                                    "line 3: expected the machine (0-based)"},
                      MalformedCase{"2 2\n0 3 1 2x\n1 4 0 1\n", "found '2x'"},
                      MalformedCase{"2 2\n0 3 1 2\n1 4 0 1\n7\n", "line 4: expected end of file"},
                      MalformedCase{"-1 2\n", "the number of jobs in [1,"},
                      MalformedCase{"abc def", "found 'abc'"},
                      MalformedCase{"1 2\n0 99999999999999999999 1 1\n", "expected the duration"}));

TEST(JsspReaderTest, MissingFileIsNotFound) {
  auto instance = ReadJsspFile(InstancePath("jssp/no_such_file.txt"));
  ASSERT_FALSE(instance.has_value());
  EXPECT_EQ(instance.error().code, ErrorCode::kNotFound);
}

TEST(JsspReaderTest, InstanceNameFromPath) {
  EXPECT_EQ(InstanceNameFromPath("a/b/ta01.txt"), "ta01");
  EXPECT_EQ(InstanceNameFromPath("mk01.fjs"), "mk01");
  EXPECT_EQ(InstanceNameFromPath("plain"), "plain");
}

}  // namespace
}  // namespace takt::solver
