#include "api/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace takt::api {

namespace {

char ClassLetter(RouteClass route_class) {
  switch (route_class) {
    case RouteClass::kAuth: return 'a';
    case RouteClass::kWrite: return 'w';
    case RouteClass::kRead: return 'r';
    case RouteClass::kSolve: return 's';
    case RouteClass::kExempt: return 'x';
  }
  return '?';
}

}  // namespace

RouteClass RateLimiter::Classify(std::string_view method, std::string_view path) {
  if (path.starts_with("/health/") || path == "/metrics") return RouteClass::kExempt;
  if (path.starts_with("/api/v1/auth/") && method == "POST") return RouteClass::kAuth;
  if (method == "GET" || method == "HEAD") return RouteClass::kRead;
  if (path == "/api/v1/solve" || path.ends_with("/optimize")) return RouteClass::kSolve;
  return RouteClass::kWrite;
}

int RateLimiter::RateOf(RouteClass route_class) const {
  switch (route_class) {
    case RouteClass::kAuth: return limits_.auth_per_minute;
    case RouteClass::kWrite: return limits_.write_per_minute;
    case RouteClass::kRead: return limits_.read_per_minute;
    case RouteClass::kSolve: return limits_.solve_per_minute;
    case RouteClass::kExempt: return 0;
  }
  return 0;
}

double RateLimiter::Refill(Bucket& bucket, double per_second, double capacity,
                           Clock::time_point now) {
  const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
  if (elapsed > 0) {
    bucket.tokens = std::min(capacity, bucket.tokens + elapsed * per_second);
    bucket.updated = now;
  }
  return bucket.tokens >= 1.0 ? 0.0 : (1.0 - bucket.tokens) / per_second;
}

RateLimiter::Bucket& RateLimiter::BucketFor(const std::string& key, double capacity,
                                            Clock::time_point now) {
  auto [it, inserted] = buckets_.try_emplace(key);
  if (inserted) it->second = Bucket{capacity, now};
  return it->second;
}

void RateLimiter::DropIdle(Clock::time_point now) {
  // A bucket idle for 10 minutes is full again for every class; forgetting it changes nothing.
  std::erase_if(buckets_, [&](const auto& entry) {
    return now - entry.second.updated > std::chrono::minutes(10);
  });
}

std::optional<int> RateLimiter::Admit(RouteClass route_class, std::string_view ip,
                                      std::string_view user_key, Clock::time_point now) {
  const int rate = RateOf(route_class);
  if (rate <= 0) return std::nullopt;
  const double capacity = rate;
  const double per_second = rate / 60.0;
  const char letter = ClassLetter(route_class);
  std::lock_guard lock(mutex_);
  if (buckets_.size() > kMaxBuckets) DropIdle(now);
  Bucket& by_ip = BucketFor(std::string(1, letter) + "i:" + std::string(ip), capacity, now);
  double wait = Refill(by_ip, per_second, capacity, now);
  Bucket* by_user = nullptr;
  if (!user_key.empty()) {
    by_user = &BucketFor(std::string(1, letter) + "u:" + std::string(user_key), capacity, now);
    wait = std::max(wait, Refill(*by_user, per_second, capacity, now));
  }
  if (wait > 0) return std::max(1, static_cast<int>(std::ceil(wait)));
  by_ip.tokens -= 1;
  if (by_user != nullptr) by_user->tokens -= 1;
  return std::nullopt;
}

}  // namespace takt::api
