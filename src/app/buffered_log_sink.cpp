#include "app/buffered_log_sink.hpp"

#include <unistd.h>

#include <cerrno>

namespace takt::app {

BufferedLogSink::BufferedLogSink(int fd) : fd_(fd), flusher_([this] { FlushLoop(); }) {}

BufferedLogSink::~BufferedLogSink() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  flusher_.join();
  std::lock_guard<std::mutex> lock(mutex_);
  WriteOut();
}

void BufferedLogSink::sink_it_(const spdlog::details::log_msg& msg) {
  const bool was_empty = buffer_.size() == 0;
  formatter_->format(msg, buffer_);
  if (buffer_.size() >= kFlushBytes) {
    WriteOut();
  } else if (was_empty) {
    wake_.notify_one();  // starts the flusher's interval for this line
  }
}

void BufferedLogSink::flush_() { WriteOut(); }

void BufferedLogSink::WriteOut() {
  const char* data = buffer_.data();
  std::size_t left = buffer_.size();
  while (left > 0) {
    const ssize_t n = ::write(fd_, data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      break;  // nowhere to report a failing log descriptor; the lines are dropped
    }
    data += n;
    left -= static_cast<std::size_t>(n);
  }
  buffer_.clear();
}

void BufferedLogSink::FlushLoop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    wake_.wait(lock, [this] { return stopping_ || buffer_.size() > 0; });
    if (stopping_) break;
    // A line is waiting: give others kFlushInterval to join it, then write them together.
    wake_.wait_for(lock, kFlushInterval, [this] { return stopping_; });
    WriteOut();
  }
}

}  // namespace takt::app
