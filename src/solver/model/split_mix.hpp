// SplitMix64: a tiny, fast pseudo-random generator whose sequence is the same on every platform
// and standard library (std distributions are not), which deterministic solving needs. Not
// thread-safe; give each thread its own.
#pragma once

#include <cstdint>

namespace takt::solver {

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [lo, hi] (hi >= lo).
  std::int64_t Between(std::int64_t lo, std::int64_t hi) {
    if (hi <= lo) return lo;
    return lo + static_cast<std::int64_t>(Next() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  bool Chance(double p) { return static_cast<double>(Next() % 1000000) < p * 1000000.0; }

 private:
  std::uint64_t state_;
};

}  // namespace takt::solver
