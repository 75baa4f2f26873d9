#include "service/identity/signing_key.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "storage/storage_test_backends.hpp"

namespace takt::identity {
namespace {

TEST(SigningKeyTest, CreatesAnOwnerOnlyKeyFileOnceAndReusesIt) {
  storage::TempDir dir;
  const auto path = dir.path() / "data" / "token.key";
  auto first = LoadOrCreateSigningKeyFile(path);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  EXPECT_EQ(first->size(), 32u);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  auto second = LoadOrCreateSigningKeyFile(path);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(*first, *second);

  storage::TempDir other;
  auto different = LoadOrCreateSigningKeyFile(other.path() / "token.key");
  ASSERT_TRUE(different.has_value());
  EXPECT_NE(*first, *different);
}

TEST(SigningKeyTest, RefusesLooseBadOrShortFiles) {
  storage::TempDir dir;
  const auto loose = dir.path() / "loose.key";
  std::ofstream(loose) << std::string(64, 'a') << "\n";
  ::chmod(loose.c_str(), 0644);
  auto r = LoadOrCreateSigningKeyFile(loose);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("chmod 600"), std::string::npos);

  const auto not_hex = dir.path() / "bad.key";
  std::ofstream(not_hex) << std::string(64, 'z');
  ::chmod(not_hex.c_str(), 0600);
  EXPECT_FALSE(LoadOrCreateSigningKeyFile(not_hex).has_value());

  const auto short_key = dir.path() / "short.key";
  std::ofstream(short_key) << std::string(62, 'a');
  ::chmod(short_key.c_str(), 0600);
  EXPECT_FALSE(LoadOrCreateSigningKeyFile(short_key).has_value());
}

TEST(SigningKeyTest, ConfiguredSecretNeedsThirtyTwoBytes) {
  EXPECT_FALSE(SigningKeyFromText("too short", "TAKT_TOKEN_KEY").has_value());
  EXPECT_EQ(SigningKeyFromText(std::string(32, 'x'), "TAKT_TOKEN_KEY").value(),
            std::string(32, 'x'));
}

}  // namespace
}  // namespace takt::identity
