#include "solver/shop/disjunctive_graph.hpp"

#include <algorithm>

namespace takt::solver {

DisjunctiveGraph::DisjunctiveGraph(const ShopInstance& instance) {
  const int n = instance.OperationCount();
  job_of_.reserve(n);
  job_pred_.reserve(n);
  job_succ_.reserve(n);
  index_in_job_.reserve(n);
  release_.reserve(n);
  option_begin_.reserve(n + 1);
  for (int j = 0; j < static_cast<int>(instance.jobs.size()); ++j) {
    const ShopJob& job = instance.jobs[j];
    job_first_.push_back(static_cast<int>(job_of_.size()));
    const int count = static_cast<int>(job.operations.size());
    for (int o = 0; o < count; ++o) {
      const int id = static_cast<int>(job_of_.size());
      job_of_.push_back(j);
      index_in_job_.push_back(o);
      job_pred_.push_back(o > 0 ? id - 1 : -1);
      job_succ_.push_back(o + 1 < count ? id + 1 : -1);
      release_.push_back(o == 0 ? job.release : 0);
      option_begin_.push_back(static_cast<int>(option_machine_.size()));
      for (const ShopOption& option : job.operations[o].options) {
        option_machine_.push_back(option.machine);
        option_duration_.push_back(option.duration);
      }
    }
  }
  option_begin_.push_back(static_cast<int>(option_machine_.size()));
  option_.assign(n, 0);
  machine_.assign(n, 0);
  position_.assign(n, 0);
  machine_pred_.assign(n, -1);
  machine_succ_.assign(n, -1);
  duration_.assign(n, 0);
  head_.assign(n, 0);
  tail_.assign(n, 0);
  indegree_.assign(n, 0);
  order_.assign(n, 0);
  order_index_.assign(n, 0);
  queue_.assign(n, 0);
  sequence_.resize(instance.machine_count);
  for (std::vector<int>& seq : sequence_) seq.reserve(n);
}

void DisjunctiveGraph::Load(const ShopSchedule& schedule) {
  for (int op = 0; op < OperationCount(); ++op) {
    option_[op] = schedule.option[job_of_[op]][index_in_job_[op]];
    machine_[op] = OptionMachine(op, option_[op]);
    duration_[op] = OptionDuration(op, option_[op]);
  }
  for (int k = 0; k < MachineCount(); ++k) {
    std::vector<int>& seq = sequence_[k];
    seq.clear();
    for (const ShopOperationRef& ref : schedule.machine_order[k]) {
      seq.push_back(job_first_[ref.job] + ref.operation);
    }
    Reindex(k, 0, static_cast<int>(seq.size()) - 1);
  }
}

void DisjunctiveGraph::Load(const ShopSequencing& sequencing) {
  for (int op = 0; op < OperationCount(); ++op) {
    option_[op] = sequencing.option[op];
    machine_[op] = OptionMachine(op, option_[op]);
    duration_[op] = OptionDuration(op, option_[op]);
  }
  for (int k = 0; k < MachineCount(); ++k) {
    sequence_[k].assign(sequencing.sequence[k].begin(), sequencing.sequence[k].end());
    Reindex(k, 0, static_cast<int>(sequence_[k].size()) - 1);
  }
}

void DisjunctiveGraph::Save(ShopSequencing& out) const {
  out.option.assign(option_.begin(), option_.end());
  out.sequence.resize(sequence_.size());
  for (std::size_t k = 0; k < sequence_.size(); ++k) {
    out.sequence[k].assign(sequence_[k].begin(), sequence_[k].end());
  }
  out.makespan = makespan_;
}

ShopSchedule DisjunctiveGraph::ToSchedule() const {
  ShopSchedule schedule;
  const int jobs = static_cast<int>(job_first_.size());
  schedule.option.resize(jobs);
  schedule.start.resize(jobs);
  for (int op = 0; op < OperationCount(); ++op) {
    schedule.option[job_of_[op]].push_back(option_[op]);
    schedule.start[job_of_[op]].push_back(head_[op]);
  }
  schedule.machine_order.resize(sequence_.size());
  for (std::size_t k = 0; k < sequence_.size(); ++k) {
    for (const int op : sequence_[k]) {
      schedule.machine_order[k].push_back({job_of_[op], index_in_job_[op]});
    }
  }
  schedule.makespan = makespan_;
  return schedule;
}

bool DisjunctiveGraph::Evaluate() {
  const int n = OperationCount();
  int size = 0;
  for (int op = 0; op < n; ++op) {
    indegree_[op] = (job_pred_[op] >= 0 ? 1 : 0) + (machine_pred_[op] >= 0 ? 1 : 0);
    head_[op] = release_[op];
    if (indegree_[op] == 0) order_[size++] = op;
  }
  // Kahn's algorithm; order_ doubles as the queue.
  for (int front = 0; front < size; ++front) {
    const int op = order_[front];
    order_index_[op] = front;
    const std::int64_t end = head_[op] + duration_[op];
    const int js = job_succ_[op];
    if (js >= 0) {
      head_[js] = std::max(head_[js], end);
      if (--indegree_[js] == 0) order_[size++] = js;
    }
    const int ms = machine_succ_[op];
    if (ms >= 0) {
      head_[ms] = std::max(head_[ms], end);
      if (--indegree_[ms] == 0) order_[size++] = ms;
    }
  }
  order_valid_ = size == n;
  if (!order_valid_) return false;
  ComputeTails(n - 1);
  return true;
}

bool DisjunctiveGraph::EvaluateAfter(int machine, int first, int last) {
  if (!order_valid_) return Evaluate();
  const int n = OperationCount();
  const std::vector<int>& seq = sequence_[machine];
  // Only arcs into seq[first..last] and seq[last + 1] changed: every operation before the
  // earliest of seq[first..last] in the old order keeps its predecessors and its head.
  int begin = n;
  for (int i = first; i <= last; ++i) begin = std::min(begin, order_index_[seq[i]]);
  // Kahn's algorithm over the rest, queued in queue_[begin..n), which becomes the new order.
  int size = begin;
  for (int idx = begin; idx < n; ++idx) {
    const int op = order_[idx];
    std::int64_t head = release_[op];
    int indegree = 0;
    const int jp = job_pred_[op];
    if (jp >= 0) {
      if (order_index_[jp] >= begin) {
        ++indegree;
      } else {
        head = std::max(head, head_[jp] + duration_[jp]);
      }
    }
    const int mp = machine_pred_[op];
    if (mp >= 0) {
      if (order_index_[mp] >= begin) {
        ++indegree;
      } else {
        head = std::max(head, head_[mp] + duration_[mp]);
      }
    }
    head_[op] = head;
    indegree_[op] = indegree;
    if (indegree == 0) queue_[size++] = op;
  }
  int front = begin;
  for (; front < size; ++front) {
    const int op = queue_[front];
    const std::int64_t end = head_[op] + duration_[op];
    const int js = job_succ_[op];
    if (js >= 0) {
      head_[js] = std::max(head_[js], end);
      if (--indegree_[js] == 0) queue_[size++] = js;
    }
    const int ms = machine_succ_[op];
    if (ms >= 0) {
      head_[ms] = std::max(head_[ms], end);
      if (--indegree_[ms] == 0) queue_[size++] = ms;
    }
  }
  if (size < n) {
    order_valid_ = false;
    return false;
  }
  // Tails: only operations that reach a changed arc's source (seq[first - 1], seq[first..last])
  // can change; in the new order they all come no later than the last of those sources.
  int end = 0;
  for (int idx = begin; idx < n; ++idx) {
    const int op = queue_[idx];
    order_[idx] = op;
    order_index_[op] = idx;
  }
  for (int i = std::max(first - 1, 0); i <= last; ++i) end = std::max(end, order_index_[seq[i]]);
  ComputeTails(end);
  return true;
}

void DisjunctiveGraph::ComputeTails(int last_index) {
  for (int i = last_index; i >= 0; --i) {
    const int op = order_[i];
    std::int64_t tail = 0;
    const int js = job_succ_[op];
    if (js >= 0) tail = tail_[js] + duration_[js];
    const int ms = machine_succ_[op];
    if (ms >= 0) tail = std::max(tail, tail_[ms] + duration_[ms]);
    tail_[op] = tail;
  }
  std::int64_t makespan = 0;
  for (int op = 0; op < OperationCount(); ++op) {
    makespan = std::max(makespan, head_[op] + duration_[op]);
  }
  makespan_ = makespan;
}

void DisjunctiveGraph::Reindex(int machine, int from, int to) {
  const std::vector<int>& seq = sequence_[machine];
  const int size = static_cast<int>(seq.size());
  const int low = std::max(from - 1, 0);
  const int high = std::min(to + 1, size - 1);
  for (int i = low; i <= high; ++i) {
    const int op = seq[i];
    position_[op] = i;
    machine_pred_[op] = i > 0 ? seq[i - 1] : -1;
    machine_succ_[op] = i + 1 < size ? seq[i + 1] : -1;
  }
}

void DisjunctiveGraph::MoveWithin(int machine, int from, int to) {
  std::vector<int>& seq = sequence_[machine];
  if (from < to) {
    std::rotate(seq.begin() + from, seq.begin() + from + 1, seq.begin() + to + 1);
    Reindex(machine, from, to);
  } else if (to < from) {
    std::rotate(seq.begin() + to, seq.begin() + from, seq.begin() + from + 1);
    Reindex(machine, to, from);
  }
}

void DisjunctiveGraph::SwapWithin(int machine, int a, int b) {
  std::vector<int>& seq = sequence_[machine];
  std::swap(seq[a], seq[b]);
  Reindex(machine, a, a);
  Reindex(machine, b, b);
}

void DisjunctiveGraph::Reassign(int op, int option, int index) {
  const int old_machine = machine_[op];
  std::vector<int>& old_seq = sequence_[old_machine];
  const int old_position = position_[op];
  old_seq.erase(old_seq.begin() + old_position);
  Reindex(old_machine, old_position, static_cast<int>(old_seq.size()) - 1);
  option_[op] = option;
  machine_[op] = OptionMachine(op, option);
  duration_[op] = OptionDuration(op, option);
  std::vector<int>& seq = sequence_[machine_[op]];
  seq.insert(seq.begin() + index, op);
  Reindex(machine_[op], index, static_cast<int>(seq.size()) - 1);
}

void DisjunctiveGraph::CriticalPath(std::uint64_t tie_bits, std::vector<int>& path) const {
  path.clear();
  const int n = OperationCount();
  if (n == 0) return;
  // Last operation on a longest path: ends at the makespan; among several take one by tie_bits.
  int current = -1;
  int seen = 0;
  for (int op = 0; op < n; ++op) {
    if (head_[op] + duration_[op] == makespan_ && tail_[op] == 0) {
      ++seen;
      if (current < 0 || (tie_bits % static_cast<std::uint64_t>(seen)) == 0) current = op;
    }
  }
  while (current >= 0) {
    path.push_back(current);
    const int jp = job_pred_[current];
    const int mp = MachinePred(current);
    const bool via_job = jp >= 0 && head_[jp] + duration_[jp] == head_[current];
    const bool via_machine = mp >= 0 && head_[mp] + duration_[mp] == head_[current];
    tie_bits = tie_bits * 6364136223846793005ULL + 1442695040888963407ULL;
    if (via_job && via_machine) {
      current = (tie_bits >> 61) & 1U ? jp : mp;
    } else if (via_job) {
      current = jp;
    } else if (via_machine) {
      current = mp;
    } else {
      current = -1;
    }
  }
  std::reverse(path.begin(), path.end());
}

}  // namespace takt::solver
