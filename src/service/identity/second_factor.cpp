#include "service/identity/second_factor.hpp"

#include <algorithm>
#include <cctype>

#include "service/identity/totp.hpp"
#include "storage/sha256.hpp"

namespace takt::identity {

namespace {

// Recovery codes are compared without case, spaces or dashes.
std::string NormalizeRecoveryCode(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c == ' ' || c == '-') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

Result<void> Audit(storage::AuditLog& audit, storage::Transaction& tx, const char* action,
                   UserId user) {
  auto appended = audit.Append(tx, {action, "user", user.ToString(), "", "{}"});
  if (!appended) return Fail(appended.error());
  return {};
}

std::string UriEscape(std::string_view text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_' || c == '@') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

Result<bool> SecondFactor::Accept(storage::SessionStore& sessions, storage::Transaction& tx,
                                  UserId user, const storage::SecondFactorRecord& factor,
                                  std::string_view code, Instant now) {
  if (code.size() == static_cast<std::size_t>(Totp::kDigits)) {
    auto secret = Totp::Base32Decode(factor.secret_base32);
    if (!secret) return false;
    auto step = Totp::MatchStep(*secret, code, now);
    if (!step) return false;
    return sessions.UseTotpStep(tx, user, *step);
  }
  const std::string normalised = NormalizeRecoveryCode(code);
  if (normalised.empty() || normalised.size() > 64) return false;
  return sessions.UseRecoveryCode(tx, user, storage::Sha256Hex(normalised), now);
}

Result<SecondFactorEnrolment> SecondFactor::Enrol(const Actor& actor) {
  SecondFactorEnrolment enrolment;
  enrolment.secret_base32 = Totp::Base32Encode(Totp::NewSecret());
  enrolment.otpauth_uri = "otpauth://totp/Takt:" + UriEscape(actor.email) +
                          "?secret=" + enrolment.secret_base32 +
                          "&issuer=Takt&algorithm=SHA1&digits=6&period=30";
  auto stored = database_.Write(actor, [&](storage::Transaction& tx) -> Result<void> {
    auto current = sessions_.GetSecondFactor(tx, actor.user_id);
    if (!current) return Fail(current.error());
    if (*current && (*current)->confirmed) {
      return Fail(Error::Conflict("a second factor is already enabled; disable it first"));
    }
    return sessions_.PutSecondFactor(tx, actor.user_id, enrolment.secret_base32);
  });
  if (!stored) return Fail(stored.error());
  return enrolment;
}

Result<std::vector<std::string>> SecondFactor::Confirm(const Actor& actor, std::string_view code) {
  std::vector<std::string> codes;
  std::vector<std::string> digests;
  for (int i = 0; i < kRecoveryCodes; ++i) {
    std::string text = Totp::Base32Encode(Totp::NewSecret().substr(0, 10));  // 80 bits
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    digests.push_back(storage::Sha256Hex(text));
    codes.push_back(text.substr(0, 8) + "-" + text.substr(8));
  }
  const Instant now = clock_();
  auto confirmed = database_.Write(actor, [&](storage::Transaction& tx) -> Result<void> {
    auto factor = sessions_.GetSecondFactor(tx, actor.user_id);
    if (!factor) return Fail(factor.error());
    if (!*factor || (*factor)->confirmed) {
      return Fail(Error::Conflict("there is no pending second-factor enrolment; enrol first"));
    }
    auto secret = Totp::Base32Decode((*factor)->secret_base32);
    auto step = secret ? Totp::MatchStep(*secret, code, now) : std::nullopt;
    if (!step) {
      return Fail(Error::InvalidArgument(
          "the code does not match", {{"code", "must be the current 6-digit code of the app"}}));
    }
    if (auto ok = sessions_.ConfirmSecondFactor(tx, actor.user_id, *step, digests); !ok) {
      return ok;
    }
    return Audit(audit_, tx, "auth.second_factor_enabled", actor.user_id);
  });
  if (!confirmed) return Fail(confirmed.error());
  return codes;
}

Result<void> SecondFactor::Disable(const Actor& actor) {
  return database_.Write(actor, [&](storage::Transaction& tx) -> Result<void> {
    auto factor = sessions_.GetSecondFactor(tx, actor.user_id);
    if (!factor) return Fail(factor.error());
    if (!*factor) return Fail(Error::NotFound("no second factor is set up"));
    if (auto ok = sessions_.DeleteSecondFactor(tx, actor.user_id); !ok) return ok;
    return Audit(audit_, tx, "auth.second_factor_disabled", actor.user_id);
  });
}

Result<bool> SecondFactor::IsEnabled(UserId user) {
  return database_.Read([&](storage::Transaction& tx) -> Result<bool> {
    auto factor = sessions_.GetSecondFactor(tx, user);
    if (!factor) return Fail(factor.error());
    return *factor && (*factor)->confirmed;
  });
}

}  // namespace takt::identity
