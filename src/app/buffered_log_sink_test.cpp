// BufferedLogSink writes every line it was given: by itself shortly after logging, on flush, and
// when destroyed; a full buffer goes out at once. Lines are read back through a pipe.
#include "app/buffered_log_sink.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <spdlog/logger.h>
#include <unistd.h>

#include <memory>
#include <string>

namespace takt::app {
namespace {

class BufferedLogSinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(::pipe(fds_), 0);
    ASSERT_EQ(::fcntl(fds_[0], F_SETFL, O_NONBLOCK), 0);
    sink_ = std::make_shared<BufferedLogSink>(fds_[1]);
    logger_ = std::make_shared<spdlog::logger>("test-access", sink_);
    logger_->set_pattern("%v");
  }
  void TearDown() override {
    logger_.reset();
    sink_.reset();
    ::close(fds_[0]);
    ::close(fds_[1]);
  }
  // Everything written to the pipe so far.
  std::string Drain() {
    char chunk[65536];
    for (ssize_t n; (n = ::read(fds_[0], chunk, sizeof chunk)) > 0;) {
      read_.append(chunk, static_cast<std::size_t>(n));
    }
    return read_;
  }

  int fds_[2] = {-1, -1};
  std::shared_ptr<BufferedLogSink> sink_;
  std::shared_ptr<spdlog::logger> logger_;
  std::string read_;
};

TEST_F(BufferedLogSinkTest, FlushWritesEveryLineInOrder) {
  logger_->info("GET /a 200");
  logger_->info("GET /b 404");
  logger_->flush();
  EXPECT_EQ(Drain(), "GET /a 200\nGET /b 404\n");
}

TEST_F(BufferedLogSinkTest, ALineGoesOutByItselfWithoutAFlush) {
  logger_->info("POST /jobs 201");
  // The flusher writes it after kFlushInterval; allow a loaded machine ample time.
  for (int i = 0; i < 500 && Drain().empty(); ++i) ::usleep(10'000);
  EXPECT_EQ(Drain(), "POST /jobs 201\n");
}

TEST_F(BufferedLogSinkTest, AFullBufferIsWrittenAtOnceAndDestructionWritesTheRest) {
  const std::string line(1000, 'x');
  const std::size_t lines = BufferedLogSink::kFlushBytes / line.size() + 3;
  for (std::size_t i = 0; i < lines; ++i) logger_->info(line);
  EXPECT_GE(Drain().size(), BufferedLogSink::kFlushBytes);  // written without any flush or wait
  logger_.reset();
  sink_.reset();
  EXPECT_EQ(Drain().size(), lines * (line.size() + 1));
}

}  // namespace
}  // namespace takt::app
