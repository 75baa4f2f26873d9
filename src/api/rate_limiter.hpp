// RateLimiter: token buckets per client IP and per signed-in user for four route classes:
//   kAuth  (sign-in, refresh), kSolve (solver and optimisation runs), kWrite (any other
//   non-GET/HEAD request), kRead (GET/HEAD).
// Each class has a rate in requests per minute; its bucket holds at most that many tokens
// (the allowed burst) and refills continuously. A request takes one token from the IP's bucket
// and, when signed in, one from the user's; an empty bucket refuses the request with 429
// RATE_LIMITED and `Retry-After` = whole seconds until a token is back. A rate of 0 disables the
// class. The dispatcher consults it after routing (per IP) and after authentication (per user).
//
// Thread-safety: Admit may be called concurrently from every request thread (one mutex; the work
// under it is a hash lookup and a little arithmetic). Idle buckets are dropped when the table
// grows past kMaxBuckets.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace takt::api {

// kExempt: health probes and metrics (monitoring must keep working under load).
enum class RouteClass { kAuth, kWrite, kRead, kSolve, kExempt };

struct RateLimits {
  int auth_per_minute = 30;
  int write_per_minute = 600;
  int read_per_minute = 3000;
  int solve_per_minute = 30;
};

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::size_t kMaxBuckets = 100000;

  explicit RateLimiter(RateLimits limits) : limits_(limits) {}

  // The class of a request by method and path.
  static RouteClass Classify(std::string_view method, std::string_view path);

  // nullopt when admitted (a token was taken from each bucket), else the seconds to wait.
  // `user_key` is empty for anonymous requests.
  std::optional<int> Admit(RouteClass route_class, std::string_view ip, std::string_view user_key,
                           Clock::time_point now = Clock::now());

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point updated;
  };
  int RateOf(RouteClass route_class) const;
  // Refills, then reports the wait (0 when a token is available) without taking it.
  double Refill(Bucket& bucket, double per_second, double capacity, Clock::time_point now);
  Bucket& BucketFor(const std::string& key, double capacity, Clock::time_point now);
  void DropIdle(Clock::time_point now);

  RateLimits limits_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace takt::api
