#include "solver/search/lns.hpp"

#include <algorithm>
#include <thread>

#include "solver/model/split_mix.hpp"

namespace takt::solver {
namespace {

struct Worker {
  explicit Worker(std::uint64_t seed) : rng(seed) {}
  SplitMix64 rng;
  Schedule current;
  ObjectiveValue value;
  std::int64_t work = 0;
  std::int64_t moves = 0;
  int idle_epochs = 0;
  bool improved = false;
};

struct Elite {
  ObjectiveValue value;
  Schedule schedule;
};

class Search {
 public:
  Search(const Decoder& decoder, const Objective& objective, const LnsParams& params)
      : decoder_(decoder), problem_(decoder.problem()), objective_(objective), params_(params) {}

  bool Stopped() const {
    return (params_.cancel != nullptr && params_.cancel->load()) ||
           std::chrono::steady_clock::now() >= params_.deadline;
  }

  // One destroy-and-repair move from the worker's current schedule.
  void Move(Worker& w) const {
    const int n = static_cast<int>(problem_.operations.size());
    const Schedule& cur = w.current;
    DecodeRequest request;
    request.time_first = false;
    request.keep_sequences = true;
    request.should_stop = [this] { return Stopped(); };
    request.priority.resize(n);
    request.forced_mode.resize(n);
    request.preferred_operators.resize(n);
    for (int o = 0; o < n; ++o) {
      request.priority[o] = static_cast<double>(cur.assignments[o].setup_start);
      request.forced_mode[o] = cur.assignments[o].mode;
      request.preferred_operators[o] = cur.assignments[o].operators;
    }
    const Minutes makespan = std::max<Minutes>(1, Makespan(cur));
    auto release_op = [&](int o, double shift) {
      request.priority[o] += shift;
      request.forced_mode[o] = -1;
      request.preferred_operators[o].clear();
    };
    const int kind = static_cast<int>(w.rng.Between(0, 4));
    if (kind == 0) {  // a time window
      const Minutes width = std::max<Minutes>(1, makespan * w.rng.Between(3, 20) / 100);
      const Minutes from = w.rng.Between(0, makespan - 1);
      for (int o = 0; o < n; ++o) {
        const Minutes s = cur.assignments[o].setup_start;
        if (s >= from && s < from + width) {
          release_op(o, static_cast<double>(w.rng.Between(-width, width)));
        }
      }
    } else if (kind == 1 || kind == 3) {  // random jobs, or the jobs that hurt the objective most
      const int jobs = static_cast<int>(problem_.jobs.size());
      const int count = static_cast<int>(w.rng.Between(1, std::min(5, jobs)));
      for (int c = 0; c < count; ++c) {
        int job = static_cast<int>(w.rng.Between(0, jobs - 1));
        if (kind == 3) job = WorstJob(cur, w.rng);
        const Minutes shift = w.rng.Between(0, makespan / 4 + 1);
        for (int o : problem_.jobs[job].operations) release_op(o, -static_cast<double>(shift));
      }
    } else if (kind == 2) {  // one machine's sequence: swap neighbours
      const int o = static_cast<int>(w.rng.Between(0, n - 1));
      const int machine = cur.assignments[o].machine;
      std::vector<int> seq;
      for (int x = 0; x < n; ++x) {
        if (cur.assignments[x].machine == machine) seq.push_back(x);
      }
      std::sort(seq.begin(), seq.end(), [&](int a, int b) {
        return cur.assignments[a].setup_start < cur.assignments[b].setup_start;
      });
      const int swaps = static_cast<int>(w.rng.Between(1, 3));
      for (int s = 0; s < swaps && seq.size() >= 2; ++s) {
        const std::size_t i =
            static_cast<std::size_t>(w.rng.Between(0, static_cast<std::int64_t>(seq.size()) - 2));
        std::swap(request.priority[seq[i]], request.priority[seq[i + 1]]);
        request.forced_mode[seq[i]] = request.forced_mode[seq[i + 1]] = -1;
        request.preferred_operators[seq[i]].clear();
        request.preferred_operators[seq[i + 1]].clear();
      }
    } else {  // mode reassignment
      const int count = static_cast<int>(w.rng.Between(1, 5));
      for (int c = 0; c < count; ++c) {
        const int o = static_cast<int>(w.rng.Between(0, n - 1));
        const int modes = static_cast<int>(problem_.operations[o].modes.size());
        if (modes > 1) {
          request.forced_mode[o] = static_cast<int>(w.rng.Between(0, modes - 1));
          request.preferred_operators[o].clear();
        }
        request.priority[o] -= static_cast<double>(w.rng.Between(0, makespan / 10 + 1));
      }
    }
    // Operations linked by a max lag are set free together: the decoder places a free pair as a
    // block, while a kept one and a free one would drift apart.
    for (const Precedence& link : problem_.precedences) {
      if (link.max_lag >= kNoTime) continue;
      if ((request.forced_mode[link.before] < 0) != (request.forced_mode[link.after] < 0)) {
        for (int x : {link.before, link.after}) {
          if (request.forced_mode[x] >= 0) release_op(x, 0.0);
        }
      }
    }
    // A kept operation that leads a max lag stays where it was: compressing the rest of the
    // schedule would otherwise pull it away from its successor (on 50,000 operations with 2,000
    // max lags even an unchanged schedule could not be decoded again).
    for (const Precedence& link : problem_.precedences) {
      if (link.max_lag >= kNoTime || request.forced_mode[link.before] < 0) continue;
      if (request.earliest_start.empty()) {
        request.earliest_start.assign(n, 0);
        request.earliest_end.assign(n, 0);
      }
      request.earliest_start[link.before] = cur.assignments[link.before].setup_start;
      request.earliest_end[link.before] = cur.assignments[link.before].end;
    }
    for (int o = 0; o < n; ++o) {
      const Operation& op = problem_.operations[o];
      if (op.pinned || op.in_progress) request.forced_mode[o] = -1;
    }
    DecodeResult result = decoder_.Decode(request);
    w.work += result.work;
    ++w.moves;
    if (!result.feasible) return;
    ObjectiveValue value = Evaluate(objective_, ComputeKpis(problem_, result.schedule));
    if (!Better(w.value, value)) {  // improvements and sideways moves
      if (Better(value, w.value)) w.improved = true;
      w.value = std::move(value);
      w.current = std::move(result.schedule);
    }
  }

  // The job that finishes last, or (for due-date objectives) one of the most tardy, by chance.
  int WorstJob(const Schedule& s, SplitMix64& rng) const {
    int worst = 0;
    double worst_score = -1e300;
    for (int j = 0; j < static_cast<int>(problem_.jobs.size()); ++j) {
      const Job& job = problem_.jobs[j];
      Minutes end = 0;
      for (int o : job.operations) end = std::max(end, s.assignments[o].end);
      double score = static_cast<double>(end);
      if (job.due < kNoTime && end > job.due) score += 1e9 * job.weight;
      score += static_cast<double>(rng.Between(0, 1000));  // tie-break and variety
      if (score > worst_score) {
        worst_score = score;
        worst = j;
      }
    }
    return worst;
  }

  LnsResult Run(const Schedule& initial) {
    LnsResult out;
    out.best = initial;
    out.value = Evaluate(objective_, ComputeKpis(problem_, initial));
    const int n = static_cast<int>(problem_.operations.size());
    if (n == 0) return out;
    const int threads = std::max(1, params_.threads);
    std::vector<Worker> workers;
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back(params_.seed * 0x9E3779B97F4A7C15ULL + static_cast<std::uint64_t>(t));
      workers.back().current = initial;
      workers.back().value = out.value;
    }
    std::vector<Elite> elite{Elite{out.value, initial}};
    const int moves_per_epoch = std::clamp(100000 / std::max(1, n), 1, 64);
    SplitMix64 coordinator(params_.seed);
    while (true) {
      std::int64_t total_work = 0;
      for (const Worker& w : workers) total_work += w.work;
      out.work = total_work;
      if (params_.work_limit > 0 && total_work >= params_.work_limit) break;
      if (!out.value.empty() && out.value.front() <= params_.bound + 1e-9) break;
      if (Stopped()) {
        out.cancelled = params_.cancel != nullptr && params_.cancel->load();
        break;
      }
      auto run = [&](Worker& w) {
        w.improved = false;
        for (int m = 0; m < moves_per_epoch && !Stopped(); ++m) Move(w);
      };
      std::vector<std::thread> pool;
      for (int t = 1; t < threads; ++t) pool.emplace_back(run, std::ref(workers[t]));
      run(workers[0]);
      for (std::thread& t : pool) t.join();
      for (Worker& w : workers) {
        if (Better(w.value, out.value)) {
          out.value = w.value;
          out.best = w.current;
          ++out.improvements;
          if (params_.on_improvement) params_.on_improvement(out.best, out.value);
        }
      }
      for (Worker& w : workers) {
        if (elite.size() < 4 || Better(w.value, elite.back().value)) {
          bool duplicate = false;
          for (const Elite& e : elite) duplicate = duplicate || e.schedule == w.current;
          if (!duplicate) {
            elite.push_back(Elite{w.value, w.current});
            std::stable_sort(elite.begin(), elite.end(), [](const Elite& a, const Elite& b) {
              return Better(a.value, b.value);
            });
            if (elite.size() > 4) elite.pop_back();
          }
        }
        w.idle_epochs = w.improved ? 0 : w.idle_epochs + 1;
        if (w.idle_epochs >= 4) {  // restart from an elite schedule
          const Elite& e = elite[coordinator.Next() % elite.size()];
          w.current = e.schedule;
          w.value = e.value;
          w.idle_epochs = 0;
        }
      }
    }
    for (const Worker& w : workers) out.moves += w.moves;
    return out;
  }

 private:
  const Decoder& decoder_;
  const Problem& problem_;
  const Objective& objective_;
  const LnsParams& params_;
};

}  // namespace

LnsResult ImproveByLns(const Decoder& decoder, const Objective& objective, const Schedule& initial,
                       const LnsParams& params) {
  return Search(decoder, objective, params).Run(initial);
}

}  // namespace takt::solver
