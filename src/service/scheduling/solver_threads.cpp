#include "service/scheduling/solver_threads.hpp"

#include <algorithm>

namespace takt::service {

SolverThreads::SolverThreads(int threads, std::size_t max_queued) : max_queued_(max_queued) {
  const int count = std::max(1, threads);
  workers_.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) workers_.emplace_back([this] { Loop(); });
}

SolverThreads::~SolverThreads() {
  std::deque<Work> dropped;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    dropped.swap(queue_);
  }
  wake_.notify_all();
  for (Work& work : dropped) {
    if (work.abandon) work.abandon();
  }
  for (std::thread& worker : workers_) worker.join();
}

Result<void> SolverThreads::Submit(Work work) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return Fail(Error::Unavailable("the server is shutting down"));
    if (queue_.size() >= max_queued_) {
      return Fail(Error::Unavailable("every solver thread is busy and " +
                                     std::to_string(max_queued_) +
                                     " optimizations are already waiting; retry later"));
    }
    queue_.push_back(std::move(work));
  }
  wake_.notify_one();
  return {};
}

std::size_t SolverThreads::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

int SolverThreads::running() const {
  std::lock_guard lock(mutex_);
  return running_;
}

void SolverThreads::Loop() {
  while (true) {
    Work work;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping
      work = std::move(queue_.front());
      queue_.pop_front();
      ++running_;
    }
    work.run();
    std::lock_guard lock(mutex_);
    --running_;
  }
}

}  // namespace takt::service
