// User: a person who signs in to Takt. The email is the login name: it is stored normalised
// (trimmed, lower-case) and unique. A user holds one or more roles (names of rows in the roles
// table, see core/permissions.hpp for the shipped ones); their permissions are the union of the
// roles' grants. `password_hash` is a libsodium Argon2id string ("$argon2id$..."), never a
// plaintext password. An inactive user cannot sign in and their tokens stop working.
//
// The functions here are pure validation and normalisation (no I/O); every one reports all bad
// fields at once. A User is a plain value, safe to copy between threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/instant.hpp"
#include "core/strong_id.hpp"

namespace takt {

struct UserTag;
using UserId = StrongId<UserTag>;

struct User {
  UserId id;
  std::string email;         // normalised lower-case, unique
  std::string display_name;  // 1-100 characters
  std::vector<std::string> roles;
  std::string password_hash;  // "$argon2id$..."
  bool active = true;
  Instant created_at{};
  std::int64_t version = 1;
};

// What a caller supplies to create a user (before hashing the password).
struct NewUser {
  std::string email;
  std::optional<std::string> display_name;  // defaults to the email's local part
  std::vector<std::string> roles;
};

inline constexpr std::size_t kMaxEmailLength = 254;
inline constexpr std::size_t kMaxDisplayNameLength = 100;
inline constexpr std::size_t kMinPasswordLength = 12;
inline constexpr std::size_t kMaxPasswordLength = 1024;

// Trims surrounding whitespace and lower-cases ASCII letters.
std::string NormalizeEmail(std::string_view email);

// Checks an already normalised email: one '@', a local part of 1-64 characters of
// [a-z0-9.!#$%&'*+/=?^_`{|}~-] without leading, trailing or doubled dots, and a domain of at least
// two dot-separated labels of [a-z0-9-] (no label starts or ends with '-'). Returns the reason, or
// nullopt when valid.
std::optional<std::string> EmailProblem(std::string_view normalised_email);

// Checks a display name: 1-100 characters after trimming, no control characters.
std::optional<std::string> DisplayNameProblem(std::string_view name);

// The display name as stored: surrounding whitespace removed.
std::string TrimDisplayName(std::string_view name);

// Checks a role list: at least one role, each well-formed (IsWellFormedRoleName), none listed
// twice. Returns one FieldError per defect ("roles" or "roles[i]"); empty when valid. Whether the
// roles exist is the store's business.
std::vector<FieldError> RoleListProblems(const std::vector<std::string>& roles);

// Checks a new password: 12-1024 bytes, not only whitespace nor one repeated character, not on
// the common-password list (core/common_passwords.hpp), not equal to the email (nor its local
// part).
std::optional<std::string> PasswordProblem(std::string_view password, std::string_view email);

// Normalises and validates a NewUser: email, display_name (defaulted), and roles (at least one,
// each well-formed, no duplicates). Whether the roles exist is the store's business. On failure
// the error is kInvalidArgument naming every bad field ("email", "display_name", "roles[1]").
Result<NewUser> ValidateNewUser(NewUser input);

}  // namespace takt
