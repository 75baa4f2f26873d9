#include "api/json_text.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <limits>

namespace takt::api {
namespace {

TEST(JsonTextTest, DoublesAreWrittenAsPlainDecimals) {
  EXPECT_EQ(JsonText(boost::json::value(100.0)), "100");
  EXPECT_EQ(JsonText(boost::json::value(33.33)), "33.33");
  EXPECT_EQ(JsonText(boost::json::value(0.5)), "0.5");
  EXPECT_EQ(JsonText(boost::json::value(-2.25)), "-2.25");
  EXPECT_EQ(JsonText(boost::json::value(1.0 / 3.0)), "0.3333333333333333");
}

TEST(JsonTextTest, NonFiniteDoublesBecomeNull) {
  EXPECT_EQ(JsonText(boost::json::value(std::numeric_limits<double>::quiet_NaN())), "null");
  EXPECT_EQ(JsonText(boost::json::value(std::numeric_limits<double>::infinity())), "null");
}

TEST(JsonTextTest, EverythingElseMatchesBoostJson) {
  const boost::json::value value = boost::json::parse(
      R"({"job":"J-1 \"rush\"\n\ttab\\","n":-7,"big":18446744073709551615,"ok":true,)"
      R"("none":null,"list":[1,"\u0001",{"a":[]}],"empty":{},"unicode":"Fräs"})");
  EXPECT_EQ(JsonText(value), boost::json::serialize(value));
}

TEST(JsonTextTest, EscapesAnywhereInAStringMatchBoostJson) {
  // Every ASCII byte at the start, in the middle and at the end of a string, and runs of them.
  for (int byte = 0; byte < 128; ++byte) {
    const char c = static_cast<char>(byte);
    for (const std::string& text :
         {std::string(1, c), std::string(1, c) + "abc", "ab" + std::string(1, c) + "cd",
          "abc" + std::string(1, c), std::string(3, c) + "x" + std::string(2, c)}) {
      const boost::json::value value(boost::json::string(text.data(), text.size()));
      EXPECT_EQ(JsonText(value), boost::json::serialize(value)) << "byte " << byte;
    }
  }
}

TEST(JsonTextTest, NumbersReadBackUnchanged) {
  const double numbers[] = {100.0, 12.5, 1.25e-7, 1e300, 0.1, -0.0, 123456789.125};
  for (const double number : numbers) {
    const std::string text = JsonText(boost::json::value(number));
    EXPECT_EQ(text.find('E'), std::string::npos) << text;
    EXPECT_EQ(boost::json::parse(text).to_number<double>(), number) << text;
  }
}

}  // namespace
}  // namespace takt::api
