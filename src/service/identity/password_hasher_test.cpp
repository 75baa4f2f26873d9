#include "service/identity/password_hasher.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace takt::identity {
namespace {

TEST(PasswordHasherTest, HashIsArgon2idAndVerifies) {
  PasswordHasher hasher(PasswordCost::Minimum());
  auto hash = hasher.Hash("correct horse battery");
  ASSERT_TRUE(hash.has_value());
  EXPECT_TRUE(hash->starts_with("$argon2id$")) << *hash;
  EXPECT_EQ(hash->find("correct horse"), std::string::npos);
  EXPECT_TRUE(hasher.Verify(*hash, "correct horse battery"));
  EXPECT_FALSE(hasher.Verify(*hash, "correct horse batter"));
  EXPECT_FALSE(hasher.Verify(*hash, ""));
}

TEST(PasswordHasherTest, SaltsEveryHash) {
  PasswordHasher hasher(PasswordCost::Minimum());
  EXPECT_NE(*hasher.Hash("same password"), *hasher.Hash("same password"));
}

TEST(PasswordHasherTest, MalformedHashesNeverVerify) {
  PasswordHasher hasher(PasswordCost::Minimum());
  auto hash = *hasher.Hash("secret password");
  for (const std::string& bad :
       {std::string(), std::string("secret password"), std::string("$argon2i$") + hash.substr(10),
        hash.substr(0, 30), hash + "x", std::string(500, '$')}) {
    EXPECT_FALSE(hasher.Verify(bad, "secret password")) << bad;
  }
}

TEST(PasswordHasherTest, NeedsRehashWhenCostChanges) {
  PasswordHasher weak(PasswordCost::Minimum());
  PasswordHasher stronger({2, std::size_t{16} * 1024});
  const auto hash = *weak.Hash("secret password");
  EXPECT_FALSE(weak.NeedsRehash(hash));
  EXPECT_TRUE(stronger.NeedsRehash(hash));
  EXPECT_TRUE(stronger.Verify(hash, "secret password"));  // the hash carries its own cost
}

TEST(PasswordHasherTest, RefusesCostsOutsideLibsodiumBounds) {
  EXPECT_THROW(PasswordHasher({0, std::size_t{64} * 1024}), std::invalid_argument);
  EXPECT_THROW(PasswordHasher({1, 1024}), std::invalid_argument);
  EXPECT_EQ(PasswordCost::Interactive().ops_limit, 2u);
  EXPECT_EQ(PasswordCost::Interactive().mem_limit_bytes, 64u * 1024 * 1024);
}

TEST(PasswordHasherTest, ConcurrentCallersShareBoundedSlotsAndAllSucceed) {
  PasswordHasher hasher(PasswordCost::Minimum(), 2);
  const std::string hash = *hasher.Hash("shared password");
  std::atomic<int> verified{0};
  std::vector<std::thread> threads;
  threads.reserve(8);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        if (hasher.Verify(hash, "shared password")) ++verified;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(verified.load(), 160);
}

}  // namespace
}  // namespace takt::identity
