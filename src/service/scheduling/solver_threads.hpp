// SolverThreads: the bounded pool that runs optimizations, so solver work never runs on the HTTP
// I/O or request threads and at most `threads` solves run at once. Work beyond the running ones
// waits in a queue of at most `max_queued` entries; Submit refuses more with kUnavailable (the API
// answers 503 with Retry-After), so a burst of optimize requests cannot grow memory or CPU use
// without bound. Each solve may itself use `threads_per_solve` search threads.
//
// Thread-safety: Submit may be called from any thread. The destructor stops accepting work, lets
// the running jobs finish (they should honour their cancel flags) and drops the queued ones after
// calling their `abandon` callbacks.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "core/error.hpp"

namespace takt::service {

class SolverThreads {
 public:
  struct Work {
    std::function<void()> run;
    std::function<void()> abandon;  // called instead of `run` when the pool shuts down first
  };

  SolverThreads(int threads, std::size_t max_queued);
  ~SolverThreads();
  SolverThreads(const SolverThreads&) = delete;
  SolverThreads& operator=(const SolverThreads&) = delete;

  Result<void> Submit(Work work);

  int threads() const { return static_cast<int>(workers_.size()); }
  std::size_t queued() const;
  int running() const;

 private:
  void Loop();

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Work> queue_;
  std::size_t max_queued_;
  int running_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace takt::service
