// ShopLowerBound (declared in shop_search.hpp). Every operation is given its least duration over
// its options; heads are the release plus the least work before an operation in its job, tails
// the least work after it. The bound is the largest of
//   - the job bounds (release + least route length),
//   - the aggregate bound: earliest release + ceil(total least work / machine count), valid because
//     the machines together process at most machine_count * makespan units of work,
//   - for every machine, Jackson's preemptive one-machine bound over the operations that can only
//     run on that machine (all of them in a JSSP): schedule by largest tail whenever a head is
//     reached, preempting; max(completion + tail) bounds the makespan of the relaxation.
#include <algorithm>
#include <limits>
#include <queue>
#include <utility>
#include <vector>

#include "solver/shop/shop_search.hpp"

namespace takt::solver {
namespace {

struct OneMachineTask {
  std::int64_t head = 0;
  std::int64_t duration = 0;
  std::int64_t tail = 0;
};

std::int64_t PreemptiveJacksonBound(std::vector<OneMachineTask>& tasks) {
  std::sort(tasks.begin(), tasks.end(),
            [](const OneMachineTask& a, const OneMachineTask& b) { return a.head < b.head; });
  // Max-heap by tail of (tail, remaining duration).
  std::priority_queue<std::pair<std::int64_t, std::int64_t>> ready;
  std::int64_t time = 0;
  std::int64_t bound = 0;
  std::size_t i = 0;
  while (i < tasks.size() || !ready.empty()) {
    if (ready.empty()) time = std::max(time, tasks[i].head);
    while (i < tasks.size() && tasks[i].head <= time) {
      ready.emplace(tasks[i].tail, tasks[i].duration);
      ++i;
    }
    auto [tail, remaining] = ready.top();
    ready.pop();
    const std::int64_t next_head =
        i < tasks.size() ? tasks[i].head : std::numeric_limits<std::int64_t>::max();
    const std::int64_t run = std::min(remaining, next_head - time);
    time += run;
    remaining -= run;
    if (remaining == 0) {
      bound = std::max(bound, time + tail);
    } else {
      ready.emplace(tail, remaining);
    }
  }
  return bound;
}

}  // namespace

std::int64_t ShopLowerBound(const ShopInstance& instance) {
  std::int64_t bound = 0;
  std::int64_t total_work = 0;
  std::int64_t earliest_release = std::numeric_limits<std::int64_t>::max();
  std::vector<std::vector<OneMachineTask>> per_machine(std::max(instance.machine_count, 0));
  for (const ShopJob& job : instance.jobs) {
    std::vector<std::int64_t> least;
    std::int64_t route = 0;
    for (const ShopOperation& operation : job.operations) {
      std::int64_t d = std::numeric_limits<std::int64_t>::max();
      for (const ShopOption& option : operation.options) d = std::min(d, option.duration);
      if (operation.options.empty()) d = 0;
      least.push_back(d);
      route += d;
    }
    if (job.operations.empty()) continue;
    earliest_release = std::min(earliest_release, job.release);
    total_work += route;
    bound = std::max(bound, job.release + route);
    std::int64_t head = job.release;
    for (std::size_t o = 0; o < job.operations.size(); ++o) {
      const ShopOperation& operation = job.operations[o];
      const std::int64_t tail = route - (head - job.release) - least[o];
      bool single_machine = !operation.options.empty();
      for (const ShopOption& option : operation.options) {
        single_machine = single_machine && option.machine == operation.options[0].machine;
      }
      const int machine = single_machine ? operation.options[0].machine : -1;
      if (single_machine && machine >= 0 && machine < instance.machine_count) {
        per_machine[machine].push_back({head, least[o], tail});
      }
      head += least[o];
    }
  }
  if (instance.machine_count > 0 && total_work > 0) {
    const std::int64_t m = instance.machine_count;
    bound = std::max(bound, earliest_release + (total_work + m - 1) / m);
  }
  for (std::vector<OneMachineTask>& tasks : per_machine) {
    if (!tasks.empty()) bound = std::max(bound, PreemptiveJacksonBound(tasks));
  }
  return bound;
}

}  // namespace takt::solver
