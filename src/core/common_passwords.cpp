#include "core/common_passwords.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace takt {

namespace {

// Lower case. Entries shorter than the minimum length are refused by length already; the list
// holds the long ones people pick to satisfy a 12-character rule.
constexpr std::array<std::string_view, 96> kCommonPasswords = {
    "000000000000",     "0123456789ab",  "1111111111111",    "111111111111",   "11223344556677",
    "123123123123",     "1234512345123", "123456123456",     "1234567890-=",   "12345678900",
    "123456789000",     "123456789012",  "1234567890123",    "12345678901234", "1234567891011",
    "123456789abc",     "123456789qwe",  "1234abcd1234",     "1234qwerasdf",   "1q2w3e4r5t6y",
    "1qaz2wsx3edc",     "1qazxsw23edc",  "987654321098",     "aaaaaaaaaaaa",   "abc123abc123",
    "abc123456789",     "abcd12345678",  "abcdefghijkl",     "adminadmin123",  "administrator",
    "administrator1",   "asdfghjkl123",  "asdfasdfasdf",     "baseball1234",   "changeme1234",
    "changemechangeme", "computer1234",  "dragon123456",     "football1234",   "iloveyou1234",
    "iloveyouiloveyou", "internet1234",  "letmein12345",     "letmeinletmein", "master123456",
    "michael12345",     "monkey123456",  "mypassword12",     "mypassword123",  "p@ssw0rd1234",
    "p@ssword1234",     "passw0rd1234",  "passw0rdpassw0rd", "password0000",   "password1111",
    "password1234",     "password12345", "password123456",   "password123!",   "password!123",
    "passwordpassword", "princess1234",  "q1w2e3r4t5y6",     "qazwsxedcrfv",   "qwerty123456",
    "qwerty1234567",    "qwertyqwerty",  "qwertyuiop12",     "qwertyuiop123",  "qwertyuiopasdf",
    "secret123456",     "shadow123456",  "starwars1234",     "sunshine1234",   "superman1234",
    "takt12345678",     "takttakttakt",  "trustno1trustno1", "welcome12345",   "welcome123456",
    "welcomewelcome",   "zaq12wsxcde3",  "zxcvbnm123456",    "zxcvbnmasdfg",   "letmein123456",
    "admin1234567",     "admin12345678", "password2024",     "password2025",   "password2026",
    "summer202420",     "winter2026!!",  "iloveyou123456",   "qwerty12345678", "1q2w3e4r1q2w3e4r",
    "football123456",
};

}  // namespace

bool IsCommonPassword(std::string_view password) {
  std::string lowered(password);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  return std::find(kCommonPasswords.begin(), kCommonPasswords.end(), lowered) !=
         kCommonPasswords.end();
}

}  // namespace takt
