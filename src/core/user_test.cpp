#include "core/user.hpp"

#include <gtest/gtest.h>

namespace takt {
namespace {

TEST(UserTest, NormalizesEmailToTrimmedLowerCase) {
  EXPECT_EQ(NormalizeEmail("  Ada.Lovelace@Example.COM \n"), "ada.lovelace@example.com");
}

TEST(UserTest, AcceptsOrdinaryEmails) {
  for (const char* e :
       {"a@b.co", "first.last+tag@shop.example.com", "x_y-z@sub-domain.example.org"}) {
    EXPECT_EQ(EmailProblem(e), std::nullopt) << e;
  }
}

TEST(UserTest, RejectsMalformedEmails) {
  for (const char* e :
       {"", "plain", "a@b", "@example.com", "a@@example.com", "a@b@example.com", "a..b@example.com",
        ".a@example.com", "a.@example.com", "a@-x.com", "a@x-.com", "a@example..com",
        "a b@example.com", "a@exa mple.com", "a@example.com.", "\xc3\xa9@example.com"}) {
    EXPECT_NE(EmailProblem(e), std::nullopt) << e;
  }
  EXPECT_NE(EmailProblem(std::string(250, 'a') + "@b.co"), std::nullopt);
}

TEST(UserTest, ValidateNewUserDefaultsDisplayNameAndNormalizes) {
  auto user = ValidateNewUser({" Planner@Shop.Example ", std::nullopt, {"production_planner"}});
  ASSERT_TRUE(user.has_value()) << user.error().message;
  EXPECT_EQ(user->email, "planner@shop.example");
  EXPECT_EQ(user->display_name, "planner");
}

TEST(UserTest, ValidateNewUserReportsEveryBadField) {
  auto user = ValidateNewUser({"nope", std::string("\x01"), {"admin", "Bad Role", "admin"}});
  ASSERT_FALSE(user.has_value());
  EXPECT_EQ(user.error().code, ErrorCode::kInvalidArgument);
  std::vector<std::string> fields;
  for (const auto& f : user.error().field_errors) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"email", "display_name", "roles[1]", "roles[2]"}));

  auto no_roles = ValidateNewUser({"a@b.co", std::nullopt, {}});
  ASSERT_FALSE(no_roles.has_value());
  EXPECT_EQ(no_roles.error().field_errors.at(0).field, "roles");
}

TEST(UserTest, DisplayNamesAreShortValidUtf8WithoutControlCharacters) {
  EXPECT_EQ(DisplayNameProblem("  Jürgen Müller-Ødegård  "), std::nullopt);
  std::string hundred(50, 'a');
  for (int i = 0; i < 50; ++i) hundred += "\xc3\xa9";  // e-acute: 100 characters, 150 bytes
  EXPECT_EQ(DisplayNameProblem(hundred), std::nullopt);
  EXPECT_NE(DisplayNameProblem(hundred + "a"), std::nullopt);
  EXPECT_NE(DisplayNameProblem(std::string(101, 'a')), std::nullopt);
  EXPECT_NE(DisplayNameProblem("   "), std::nullopt);
  EXPECT_NE(DisplayNameProblem("tab\there"), std::nullopt);
  for (const char* bad :
       {"\xc3", "\xc3(", "\xe2\x82", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xff"}) {
    EXPECT_NE(DisplayNameProblem(std::string("name ") + bad), std::nullopt) << bad;
  }
}

TEST(UserTest, PasswordRules) {
  EXPECT_EQ(PasswordProblem("correct horse battery", "a@b.co"), std::nullopt);
  EXPECT_EQ(PasswordProblem("twelve chars", "a@b.co"), std::nullopt);
  EXPECT_EQ(PasswordProblem("eleven char", "a@b.co"), "must be at least 12 characters");
  EXPECT_NE(PasswordProblem("short", "a@b.co"), std::nullopt);
  EXPECT_EQ(PasswordProblem("Password1234", "a@b.co"), "is a commonly used password");
  EXPECT_EQ(PasswordProblem("QWERTY123456", "a@b.co"), "is a commonly used password");
  EXPECT_EQ(PasswordProblem("zzzzzzzzzzzzzz", "a@b.co"), "must not be one repeated character");
  EXPECT_EQ(PasswordProblem("adalovelace1815", "ADALOVELACE1815@example.com"),
            "must not be the email address");
  EXPECT_NE(PasswordProblem("          ", "a@b.co"), std::nullopt);
  EXPECT_NE(PasswordProblem("Ada@Example.com", "ada@example.com"), std::nullopt);
  EXPECT_NE(PasswordProblem(std::string(1025, 'x'), "a@b.co"), std::nullopt);
}

}  // namespace
}  // namespace takt
