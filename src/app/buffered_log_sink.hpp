// BufferedLogSink: an spdlog sink for high-volume lines (the HTTP access log) that formats each
// line into a memory buffer and writes the buffer to a file descriptor (stderr by default) in one
// write(2) when it passes kFlushBytes, at most kFlushInterval after a line was logged (its own
// flusher thread, idle when there is nothing to write), on flush(), and when the sink is destroyed
// (spdlog::shutdown or process exit), so nothing logged before a clean shutdown is lost. Lines
// written through other sinks to the same descriptor can appear up to kFlushInterval out of order
// with these. A crash loses at most the last kFlushInterval of lines.
//
// Thread-safety: safe to log from any number of threads (spdlog base_sink with a mutex).
#pragma once

#include <spdlog/sinks/base_sink.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>

namespace takt::app {

class BufferedLogSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  static constexpr std::size_t kFlushBytes = std::size_t{32} * 1024;
  static constexpr std::chrono::milliseconds kFlushInterval{100};

  explicit BufferedLogSink(int fd = 2);
  ~BufferedLogSink() override;
  BufferedLogSink(const BufferedLogSink&) = delete;
  BufferedLogSink& operator=(const BufferedLogSink&) = delete;

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override;
  void flush_() override;

 private:
  void WriteOut();  // caller holds mutex_
  void FlushLoop();

  int fd_;
  spdlog::memory_buf_t buffer_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread flusher_;
};

}  // namespace takt::app
