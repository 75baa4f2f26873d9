#include "api/json_reader.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace takt::api {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;

struct JobTag;
using JobId = StrongId<JobTag>;

std::vector<FieldError> ErrorsOf(const JsonReader& reader) {
  auto result = reader.Finish();
  if (result) return {};
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  return result.error().field_errors;
}

TEST(JsonReaderTest, ReadsTypedMembers) {
  auto body = JsonReader::Parse(
      R"({"job_number":"J-1","quantity":5,"weight":2.5,"rush":true,"owner":"17","tags":["a","b"]})");
  EXPECT_EQ(body.Required<std::string>("job_number"), "J-1");
  EXPECT_EQ(body.Required<int>("quantity"), 5);
  EXPECT_EQ(body.Required<double>("weight"), 2.5);
  EXPECT_EQ(body.Required<bool>("rush"), true);
  EXPECT_EQ(body.Required<JobId>("owner"), JobId(17));
  EXPECT_EQ(body.Required<std::vector<std::string>>("tags"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(body.Optional<std::int64_t>("missing"), std::nullopt);
  body.RejectUnknownFields();
  EXPECT_TRUE(body.Finish());
}

TEST(JsonReaderTest, AccumulatesEveryErrorWithPaths) {
  auto body = JsonReader::Parse(
      R"({"job_number":7,"quantity":"x","tasks":[{"sequence":1},{"sequence":"2"},{},5],"extra":1})");
  EXPECT_FALSE(body.Required<std::string>("job_number"));
  EXPECT_FALSE(body.Required<std::int64_t>("quantity"));
  EXPECT_FALSE(body.Required<std::string>("customer"));
  auto count = body.ForEach("tasks", JsonReader::kRequired, [](JsonReader& task, std::size_t) {
    task.Required<std::int64_t>("sequence");
  });
  EXPECT_EQ(count, 4u);
  body.RejectUnknownFields();
  EXPECT_THAT(ErrorsOf(body), ElementsAre(FieldError{"job_number", "must be a string"},
                                          FieldError{"quantity", "must be an integer"},
                                          FieldError{"customer", "is required"},
                                          FieldError{"tasks[1].sequence", "must be an integer"},
                                          FieldError{"tasks[2].sequence", "is required"},
                                          FieldError{"tasks[3]", "must be an object"},
                                          FieldError{"extra", "is not a known field"}));
}

TEST(JsonReaderTest, UnknownFieldsInNestedObjectsAreRejected) {
  auto body = JsonReader::Parse(R"({"a":{"b":1,"c":2},"list":[{"d":1,"e":2}]})");
  auto a = body.Object("a", JsonReader::kRequired);
  ASSERT_TRUE(a);
  a->Required<int>("b");
  body.ForEach("list", JsonReader::kOptional,
               [](JsonReader& item, std::size_t) { item.Required<int>("d"); });
  body.RejectUnknownFields();
  EXPECT_THAT(ErrorsOf(body), ElementsAre(FieldError{"a.c", "is not a known field"},
                                          FieldError{"list[0].e", "is not a known field"}));
}

TEST(JsonReaderTest, UnknownFieldsAllowedWithoutReject) {
  auto body = JsonReader::Parse(R"({"a":1,"b":2})");
  body.Required<int>("a");
  EXPECT_TRUE(body.Finish());
}

TEST(JsonReaderTest, BadBodies) {
  for (const char* text : {"", "   ", "{", "[1,2]", "\"s\"", "{\"a\":1,}", "nul"}) {
    auto body = JsonReader::Parse(text);
    EXPECT_FALSE(body.Required<int>("a")) << text;
    auto errors = ErrorsOf(body);
    ASSERT_EQ(errors.size(), 1u) << text;
    EXPECT_EQ(errors[0].field, "body") << text;
  }
}

TEST(JsonReaderTest, IntegerRulesAndRanges) {
  auto body = JsonReader::Parse(
      R"({"a":3.0,"b":3.5,"c":4294967296,"d":18446744073709551615,"e":-1,"f":1e300})");
  EXPECT_EQ(body.Required<int>("a"), 3);
  EXPECT_FALSE(body.Required<int>("b"));
  EXPECT_FALSE(body.Required<int>("c"));
  EXPECT_EQ(body.Required<std::int64_t>("c"), 4294967296LL);
  EXPECT_FALSE(body.Required<std::int64_t>("d"));
  EXPECT_EQ(body.Required<int>("e"), -1);
  EXPECT_FALSE(body.Required<std::int64_t>("f"));
  EXPECT_THAT(ErrorsOf(body),
              ElementsAre(FieldError{"b", "must be an integer"}, FieldError{"c", "is out of range"},
                          FieldError{"d", "is out of range"}, FieldError{"f", "is out of range"}));
}

TEST(JsonReaderTest, IdsAreDecimalStrings) {
  auto body = JsonReader::Parse(R"({"a":"12","b":12,"c":"0","d":"1x","ids":["1","z",3]})");
  EXPECT_EQ(body.Required<JobId>("a"), JobId(12));
  EXPECT_FALSE(body.Required<JobId>("b"));
  EXPECT_FALSE(body.Required<JobId>("c"));
  EXPECT_FALSE(body.Required<JobId>("d"));
  EXPECT_FALSE(body.Required<std::vector<JobId>>("ids"));
  EXPECT_THAT(
      ErrorsOf(body),
      ElementsAre(FieldError{"b", "must be an id (a string)"}, FieldError{"c", "is not a valid id"},
                  FieldError{"d", "is not a valid id"}, FieldError{"ids[1]", "is not a valid id"},
                  FieldError{"ids[2]", "must be an id (a string)"}));
}

TEST(JsonReaderTest, NullableDistinguishesAbsentNullAndValue) {
  auto body = JsonReader::Parse(R"({"notes":null,"customer":"ACME"})");
  EXPECT_EQ(body.Nullable<std::string>("absent"), std::nullopt);
  auto notes = body.Nullable<std::string>("notes");
  ASSERT_TRUE(notes.has_value());
  EXPECT_FALSE(notes->has_value());
  auto customer = body.Nullable<std::string>("customer");
  ASSERT_TRUE(customer && *customer);
  EXPECT_EQ(**customer, "ACME");
  EXPECT_EQ(body.Optional<std::string>("notes"), std::nullopt);  // null reads as absent
  body.RejectUnknownFields();
  EXPECT_TRUE(body.Finish());
}

TEST(JsonReaderTest, RequiredNullIsRequiredAndChecksAddErrors) {
  auto body = JsonReader::Parse(R"({"name":null,"qty":0})");
  EXPECT_FALSE(body.Required<std::string>("name"));
  auto qty = body.Required<int>("qty");
  body.Check(qty && *qty >= 1, "qty", "must be at least 1");
  auto nested = JsonReader::Parse(R"({"o":{"x":1}})").Object("o", JsonReader::kRequired);
  ASSERT_TRUE(nested);
  EXPECT_EQ(nested->PathOf("x"), "o.x");
  EXPECT_THAT(ErrorsOf(body), ElementsAre(FieldError{"name", "is required"},
                                          FieldError{"qty", "must be at least 1"}));
}

TEST(JsonReaderTest, WrongContainerTypes) {
  auto body = JsonReader::Parse(R"({"o":[1],"l":{},"s":[1]})");
  EXPECT_FALSE(body.Object("o", JsonReader::kRequired));
  EXPECT_FALSE(body.ForEach("l", JsonReader::kRequired, [](JsonReader&, std::size_t) {}));
  EXPECT_FALSE(body.Required<std::vector<std::string>>("s"));
  EXPECT_THAT(ErrorsOf(body), Contains(FieldError{"o", "must be an object"}));
  EXPECT_THAT(ErrorsOf(body), Contains(FieldError{"l", "must be an array"}));
  EXPECT_THAT(ErrorsOf(body), Contains(FieldError{"s[0]", "must be a string"}));
}

TEST(JsonReaderTest, DeepNestingIsRejectedNotCrashing) {
  std::string deep(10000, '[');
  auto body = JsonReader::Parse("{\"a\":" + deep + "}");
  auto errors = ErrorsOf(body);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "body");
}

}  // namespace
}  // namespace takt::api
