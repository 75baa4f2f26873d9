// RequestMetrics: the server's Prometheus metrics. The HTTP server records every answered request
// (method, matched route pattern — never the raw path, so label sets stay bounded — status and
// duration); GET /metrics renders the text exposition format (version 0.0.4):
//   takt_http_requests_total{method,route,status}             counter
//   takt_http_request_duration_seconds{method,route,status}   histogram
//   takt_http_requests_in_flight                              gauge
//   takt_build_info{version}                                  1
//   takt_process_uptime_seconds                               gauge
// plus any gauges and counters registered with AddGauge / AddCounter (e.g. the handler queue
// depth, the database's group commit figures).
// Thread-safe: Record and Render may be called from any thread.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace takt::api {

class RequestMetrics {
 public:
  explicit RequestMetrics(std::string version);

  void Record(std::string_view method, std::string_view route, int status, double seconds);
  void BeginRequest() { in_flight_.fetch_add(1, std::memory_order_relaxed); }
  void EndRequest() { in_flight_.fetch_sub(1, std::memory_order_relaxed); }

  // A gauge read at render time; register at start-up only (before requests are served).
  void AddGauge(std::string name, std::string help, std::function<double()> read);
  // The same for a monotonic counter (rendered with `# TYPE <name> counter`).
  void AddCounter(std::string name, std::string help, std::function<double()> read);

  std::string Render() const;

  // Upper bounds of the latency histogram buckets in seconds (+Inf is implicit).
  static constexpr std::array<double, 13> kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0};

 private:
  struct Series {
    std::uint64_t count = 0;
    double sum = 0;
    std::array<std::uint64_t, kBuckets.size()> buckets{};  // non-cumulative
  };
  struct Gauge {
    std::string name;
    std::string help;
    std::function<double()> read;
    bool counter = false;
  };
  using Key = std::tuple<std::string, std::string, int>;  // method, route, status

  std::string version_;
  std::chrono::steady_clock::time_point started_;
  std::atomic<std::int64_t> in_flight_{0};
  mutable std::mutex mutex_;
  std::map<Key, Series, std::less<>> series_;
  std::vector<Gauge> gauges_;
};

}  // namespace takt::api
