#include "service/identity/signing_key.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "service/identity/access_token_codec.hpp"

namespace takt::identity {

namespace {

constexpr std::size_t kGeneratedKeyBytes = 32;

std::string Describe(const std::filesystem::path& path) {
  return "token key file " + path.string();
}

Result<std::string> ReadKeyFile(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return Fail(Error::Unavailable("cannot read " + Describe(path) + ": " + std::strerror(errno)));
  }
  if (!S_ISREG(st.st_mode)) {
    return Fail(Error::InvalidArgument(Describe(path) + " is not a regular file"));
  }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return Fail(Error::InvalidArgument(
        Describe(path) + " must be accessible by its owner only; run: chmod 600 " + path.string()));
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) {
    return Fail(Error::Unavailable("cannot read " + Describe(path)));
  }
  std::string hex = text.str();
  while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r' || hex.back() == ' ')) {
    hex.pop_back();
  }
  std::string key(hex.size() / 2, '\0');
  std::size_t length = 0;
  const char* end = nullptr;
  if (hex.size() % 2 != 0 ||
      sodium_hex2bin(reinterpret_cast<unsigned char*>(key.data()), key.size(), hex.data(),
                     hex.size(), nullptr, &length, &end) != 0 ||
      end != hex.data() + hex.size()) {
    return Fail(Error::InvalidArgument(Describe(path) + " must contain the key as hexadecimal"));
  }
  key.resize(length);
  if (key.size() < AccessTokenCodec::kMinKeyLength) {
    return Fail(Error::InvalidArgument(Describe(path) + " holds fewer than 32 key bytes"));
  }
  return key;
}

}  // namespace

Result<std::string> SigningKeyFromText(std::string_view secret, std::string_view source) {
  if (secret.size() < AccessTokenCodec::kMinKeyLength) {
    return Fail(Error::InvalidArgument(std::string(source) +
                                       " must be at least 32 bytes long (e.g. 64 hex digits)"));
  }
  return std::string(secret);
}

Result<std::string> LoadOrCreateSigningKeyFile(const std::filesystem::path& path) {
  if (sodium_init() < 0) return Fail(Error::Internal("libsodium failed to initialise"));
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) return ReadKeyFile(path);
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);

  unsigned char key[kGeneratedKeyBytes];
  randombytes_buf(key, sizeof key);
  char hex[kGeneratedKeyBytes * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, key, sizeof key);
  sodium_memzero(key, sizeof key);

  // O_EXCL: when another process creates the file first, use theirs.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return ReadKeyFile(path);
    return Fail(
        Error::Unavailable("cannot create " + Describe(path) + ": " + std::strerror(errno)));
  }
  std::string line = std::string(hex) + "\n";
  sodium_memzero(hex, sizeof hex);
  const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
                       ::fsync(fd) == 0;
  ::close(fd);
  sodium_memzero(line.data(), line.size());
  if (!written) {
    std::filesystem::remove(path, ec);
    return Fail(Error::Unavailable("cannot write " + Describe(path)));
  }
  return ReadKeyFile(path);
}

}  // namespace takt::identity
