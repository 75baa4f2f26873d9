#include "solver/shop/elite_pool.hpp"

#include <algorithm>

namespace takt::solver {

bool ElitePool::Offer(const ShopSequencing& candidate) {
  for (const ShopSequencing& member : members_) {
    if (member.makespan == candidate.makespan && member.option == candidate.option &&
        member.sequence == candidate.sequence) {
      return false;
    }
  }
  if (static_cast<int>(members_.size()) >= capacity_) {
    if (members_.back().makespan <= candidate.makespan) return false;
    members_.pop_back();
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
