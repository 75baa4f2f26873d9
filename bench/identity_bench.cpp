// Identity micro-benchmarks (Google Benchmark): what one request pays for authentication and what
// one sign-in costs. Run: build/release/bench/takt_identity_bench
//   BM_TokenSign / BM_TokenVerify      HS256 access token issue / strict verification
//   BM_AuthenticateBearer/0            a token seen before: security-epoch read + principal cache
//   BM_AuthenticateBearer/1            a token's first use: verify + epoch, revocation, user and
//                                      grants lookup in SQLite (what every request paid before
//                                      the principal cache)
//   BM_PasswordHash/<passes>/<KiB>     Argon2id at the minimum and the default ("interactive") cost
#include <benchmark/benchmark.h>

#include <filesystem>
#include <random>
#include <vector>

#include "service/identity/access_token_codec.hpp"
#include "service/identity/authentication.hpp"
#include "service/identity/password_hasher.hpp"
#include "service/identity/user_accounts.hpp"
#include "storage/sqlite/sqlite_audit_log.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "storage/sqlite/sqlite_session_store.hpp"
#include "storage/sqlite/sqlite_user_store.hpp"

namespace {

using namespace takt;
using namespace takt::identity;

AccessTokenClaims Claims() {
  AccessTokenClaims c;
  c.subject = UserId(42);
  c.email = "planner@shop.example";
  c.roles = {"production_planner"};
  c.issued_at = InstantNow();
  c.expires_at = c.issued_at + std::chrono::seconds(900);
  c.token_id = AccessTokenCodec::NewTokenId();
  return c;
}

void BM_TokenSign(benchmark::State& state) {
  AccessTokenCodec codec(std::string(32, 'k'));
  const AccessTokenClaims claims = Claims();
  while (state.KeepRunning()) benchmark::DoNotOptimize(codec.Sign(claims));
}
BENCHMARK(BM_TokenSign);

void BM_TokenVerify(benchmark::State& state) {
  AccessTokenCodec codec(std::string(32, 'k'));
  const std::string token = codec.Sign(Claims());
  const Instant now = InstantNow();
  while (state.KeepRunning()) benchmark::DoNotOptimize(codec.Verify(token, now));
}
BENCHMARK(BM_TokenVerify);

void BM_AuthenticateBearer(benchmark::State& state) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("takt-identity-bench-" + std::to_string(std::random_device{}()));
  storage::sqlite::SqliteOptions options;
  options.path = (dir / "takt.db").string();
  auto db = storage::sqlite::SqliteDatabase::Open(options);
  if (!db || !(*db)->Migrate()) {
    state.SkipWithError("cannot open a temporary database");
    return;
  }
  storage::sqlite::SqliteUserStore users;
  storage::sqlite::SqliteSessionStore sessions;
  storage::sqlite::SqliteAuditLog audit;
  PasswordHasher hasher(PasswordCost::Minimum());
  AccessTokenCodec codec(std::string(32, 'k'));
  UserAccounts accounts(**db, users, sessions, audit, hasher);
  Authentication auth(**db, users, sessions, audit, hasher, codec, SignInPolicy{});
  (void)accounts.Create(Actor::System("bench"),
                        {"planner@shop.example", std::nullopt, {"production_planner", "viewer"}},
                        "a bench password");
  auto login = auth.Login("planner@shop.example", "a bench password", "bench");
  if (!login) {
    state.SkipWithError("login failed");
    return;
  }
  std::vector<std::string> tokens{login->access_token};
  if (state.range(0) == 1) {
    // Distinct valid tokens of the same user, each presented once.
    tokens.clear();
    AccessTokenClaims claims = Claims();
    claims.subject = login->user.id;
    for (std::int64_t i = 0; i < state.max_iterations; ++i) {
      claims.token_id = AccessTokenCodec::NewTokenId();
      tokens.push_back(codec.Sign(claims));
    }
  }
  std::size_t next = 0;
  for (auto _ : state) {
    auto principal = auth.Authenticate(tokens[next]);
    if (!principal) state.SkipWithError(principal.error().message.c_str());
    benchmark::DoNotOptimize(principal);
    next = (next + 1) % tokens.size();
  }
  db->reset();
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_AuthenticateBearer)->Arg(0);
BENCHMARK(BM_AuthenticateBearer)->Arg(1)->Iterations(20000);

void BM_PasswordHash(benchmark::State& state) {
  PasswordHasher hasher({static_cast<std::uint64_t>(state.range(0)),
                         static_cast<std::size_t>(state.range(1)) * 1024});
  while (state.KeepRunning()) benchmark::DoNotOptimize(hasher.Hash("correct horse battery staple"));
}
BENCHMARK(BM_PasswordHash)->Args({1, 8})->Args({2, 65536})->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
