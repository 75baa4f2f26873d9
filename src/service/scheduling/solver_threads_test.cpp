#include "service/scheduling/solver_threads.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

namespace takt::service {
namespace {

TEST(SolverThreads, RunsWorkAndRefusesBeyondTheQueueBound) {
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  std::promise<void> started;
  std::atomic<int> done{0};
  {
    SolverThreads pool(1, 1);
    ASSERT_TRUE(pool.Submit({[&] {
                               started.set_value();
                               gate.wait();
                               ++done;
                             },
                             {}}));
    started.get_future().wait();  // the only thread is busy now
    std::promise<void> second_ran;
    ASSERT_TRUE(pool.Submit({[&] {
                               ++done;
                               second_ran.set_value();
                             },
                             {}}));
    auto refused = pool.Submit({[&] { ++done; }, {}});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(pool.queued(), 1u);
    release.set_value();
    second_ran.get_future().wait();  // queued work runs once the thread is free
  }
  EXPECT_EQ(done.load(), 2);
}

TEST(SolverThreads, QueuedWorkIsAbandonedAtShutdown) {
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  std::promise<void> started;
  std::atomic<int> abandoned{0};
  auto pool = std::make_unique<SolverThreads>(1, 4);
  ASSERT_TRUE(pool->Submit({[&] {
                              started.set_value();
                              gate.wait();
                            },
                            {}}));
  started.get_future().wait();
  ASSERT_TRUE(pool->Submit({[] {}, [&] { ++abandoned; }}));
  std::thread stopper([&] { pool.reset(); });
  // The destructor drops the queue first, then waits for the running work.
  while (abandoned.load() == 0) std::this_thread::yield();
  release.set_value();
  stopper.join();
  EXPECT_EQ(abandoned.load(), 1);
}

}  // namespace
}  // namespace takt::service
