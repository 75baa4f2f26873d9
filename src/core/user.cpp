#include "core/user.hpp"

#include <algorithm>
#include <cstdint>
#include <string>

#include "core/common_passwords.hpp"
#include "core/permissions.hpp"

namespace takt {

namespace {

bool IsSpace(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && IsSpace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool IsLocalChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  return std::string_view(".!#$%&'*+/=?^_`{|}~-").find(c) != std::string_view::npos;
}

bool IsLabelChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

// True for well-formed UTF-8 (no overlong forms, surrogates or code points above U+10FFFF).
bool IsValidUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t extra = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= text.size()) return false;  // truncated sequence
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr std::uint32_t kMinimum[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMinimum[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += extra + 1;
  }
  return true;
}

}  // namespace

std::string NormalizeEmail(std::string_view email) {
  std::string out(Trim(email));
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  return out;
}

std::optional<std::string> EmailProblem(std::string_view email) {
  if (email.empty()) return "is required";
  if (email.size() > kMaxEmailLength) return "must be at most 254 characters";
  const auto at = email.find('@');
  if (at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos) {
    return "must be an email address with exactly one '@'";
  }
  const std::string_view local = email.substr(0, at);
  const std::string_view domain = email.substr(at + 1);
  if (local.empty() || local.size() > 64) return "the part before '@' must be 1-64 characters";
  if (!std::all_of(local.begin(), local.end(), IsLocalChar)) {
    return "the part before '@' contains a character not allowed in an email address";
  }
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    return "the part before '@' must not start or end with '.' or contain '..'";
  }
  if (domain.empty() || domain.size() > 253) return "the domain after '@' must be 1-253 characters";
  std::size_t labels = 0;
  std::size_t start = 0;
  while (true) {
    const auto dot = domain.find('.', start);
    const std::string_view label =
        domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63 ||
        !std::all_of(label.begin(), label.end(), IsLabelChar) || label.front() == '-' ||
        label.back() == '-') {
      return "the domain after '@' must be dot-separated labels of letters, digits and '-'";
    }
    ++labels;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (labels < 2) return "the domain after '@' must contain a '.' (e.g. example.com)";
  return std::nullopt;
}

std::optional<std::string> DisplayNameProblem(std::string_view name) {
  const std::string_view trimmed = Trim(name);
  if (trimmed.empty()) return "must not be empty";
  for (unsigned char c : trimmed) {
    if (c < 0x20 || c == 0x7f) return "must not contain control characters";
  }
  if (!IsValidUtf8(trimmed)) return "must be valid UTF-8 text";
  const auto characters = std::count_if(trimmed.begin(), trimmed.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;  // not a continuation byte
  });
  if (static_cast<std::size_t>(characters) > kMaxDisplayNameLength) {
    return "must be at most 100 characters";
  }
  return std::nullopt;
}

std::optional<std::string> PasswordProblem(std::string_view password, std::string_view email) {
  if (password.size() < kMinPasswordLength) return "must be at least 12 characters";
  if (password.size() > kMaxPasswordLength) return "must be at most 1024 bytes";
  if (Trim(password).empty()) return "must not be only whitespace";
  if (password.find_first_not_of(password.front()) == std::string_view::npos) {
    return "must not be one repeated character";
  }
  if (IsCommonPassword(password)) return "is a commonly used password";
  if (!email.empty()) {
    const std::string address = NormalizeEmail(email);
    const std::string candidate = NormalizeEmail(password);
    if (candidate == address || candidate == address.substr(0, address.find('@'))) {
      return "must not be the email address";
    }
  }
  return std::nullopt;
}

std::string TrimDisplayName(std::string_view name) { return std::string(Trim(name)); }

std::vector<FieldError> RoleListProblems(const std::vector<std::string>& roles) {
  std::vector<FieldError> errors;
  if (roles.empty()) errors.push_back({"roles", "must name at least one role"});
  for (std::size_t i = 0; i < roles.size(); ++i) {
    const std::string field = "roles[" + std::to_string(i) + "]";
    const auto earlier = roles.begin() + static_cast<std::ptrdiff_t>(i);
    if (!IsWellFormedRoleName(roles[i])) {
      errors.push_back(
          {field, "must be a role name of 2-40 characters [a-z0-9_] starting with a letter"});
    } else if (std::find(roles.begin(), earlier, roles[i]) != earlier) {
      errors.push_back({field, "is listed twice"});
    }
  }
  return errors;
}

Result<NewUser> ValidateNewUser(NewUser input) {
  std::vector<FieldError> errors;
  input.email = NormalizeEmail(input.email);
  if (auto problem = EmailProblem(input.email)) errors.push_back({"email", *problem});

  const bool email_ok = errors.empty();
  if (!input.display_name) {
    // Defaulted from the email; only meaningful (and only checked) when the email is valid.
    if (email_ok) input.display_name = input.email.substr(0, input.email.find('@'));
  } else {
    input.display_name = TrimDisplayName(*input.display_name);
  }
  if (input.display_name) {
    if (auto problem = DisplayNameProblem(*input.display_name)) {
      errors.push_back({"display_name", *problem});
    }
  }

  for (auto& problem : RoleListProblems(input.roles)) errors.push_back(std::move(problem));
  if (!errors.empty()) return Fail(Error::InvalidArgument("invalid user", std::move(errors)));
  return input;
}

}  // namespace takt
