#include "solver/shop/elite_pool.hpp"

#include <algorithm>
#include <limits>

namespace takt::solver {

int ElitePool::Distance(const ShopSequencing& a, const ShopSequencing& b) {
  position_.assign(a.option.size(), -1);
  for (const std::vector<int>& seq : a.sequence) {
    for (int idx = 0; idx < static_cast<int>(seq.size()); ++idx) position_[seq[idx]] = idx;
  }
  int distance = 0;
  for (const std::vector<int>& seq : b.sequence) {
    for (int idx = 0; idx < static_cast<int>(seq.size()); ++idx) {
      const int op = seq[idx];
      if (position_[op] != idx || a.option[op] != b.option[op]) ++distance;
    }
  }
  return distance;
}

bool ElitePool::Offer(const ShopSequencing& candidate) {
  const int size = static_cast<int>(members_.size());
  // Row `size` of the distance table is the candidate.
  nearest_.assign(size + 1, std::numeric_limits<int>::max());
  for (int i = 0; i < size; ++i) {
    const int distance = Distance(members_[i], candidate);
    if (distance == 0) return false;
    nearest_[i] = std::min(nearest_[i], distance);
    nearest_[size] = std::min(nearest_[size], distance);
  }
  int leaving = -1;  // member to drop; `size` means the candidate itself
  if (size >= capacity_) {
    for (int i = 0; i < size; ++i) {
      for (int k = i + 1; k < size; ++k) {
        const int distance = Distance(members_[i], members_[k]);
        nearest_[i] = std::min(nearest_[i], distance);
        nearest_[k] = std::min(nearest_[k], distance);
      }
    }
    // Goodness: quality and distance to the rest, each scaled to [0, 1), weighted.
    const auto makespan_of = [&](int i) {
      return i < size ? members_[i].makespan : candidate.makespan;
    };
    std::int64_t worst_makespan = 0;
    std::int64_t best_makespan = std::numeric_limits<std::int64_t>::max();
    int far = 0;
    int near = std::numeric_limits<int>::max();
    for (int i = 0; i <= size; ++i) {
      worst_makespan = std::max(worst_makespan, makespan_of(i));
      best_makespan = std::min(best_makespan, makespan_of(i));
      far = std::max(far, nearest_[i]);
      near = std::min(near, nearest_[i]);
    }
    double lowest = std::numeric_limits<double>::max();
    for (int i = 0; i <= size; ++i) {
      // The best solution stays whatever its distance.
      if (makespan_of(i) == best_makespan && (i == size || i == 0)) continue;
      const double quality = static_cast<double>(worst_makespan - makespan_of(i)) /
                             static_cast<double>(worst_makespan - best_makespan + 1);
      const double spread =
          static_cast<double>(nearest_[i] - near) / static_cast<double>(far - near + 1);
      const double goodness = kQualityWeight * quality + (1.0 - kQualityWeight) * spread;
      if (goodness < lowest) {
        lowest = goodness;
        leaving = i;
      }
    }
    if (leaving == size || leaving < 0) return false;
    members_.erase(members_.begin() + leaving);
  }
  const auto at = std::upper_bound(members_.begin(), members_.end(), candidate.makespan,
                                   [](std::int64_t makespan, const ShopSequencing& member) {
                                     return makespan < member.makespan;
                                   });
  members_.insert(at, candidate);
  return true;
}

void ElitePool::Pick(std::uint64_t pick, ShopSequencing& out) const {
  const ShopSequencing& member = members_[pick % members_.size()];
  out.option.assign(member.option.begin(), member.option.end());
  out.sequence.resize(member.sequence.size());
  for (std::size_t k = 0; k < member.sequence.size(); ++k) {
    out.sequence[k].assign(member.sequence[k].begin(), member.sequence[k].end());
  }
  out.makespan = member.makespan;
}

}  // namespace takt::solver
