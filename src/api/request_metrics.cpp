#include "api/request_metrics.hpp"

#include <fmt/format.h>

namespace takt::api {

namespace {

// Label values are route patterns and method names, but escape anyway: the format requires it.
std::string Escape(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

RequestMetrics::RequestMetrics(std::string version)
    : version_(std::move(version)), started_(std::chrono::steady_clock::now()) {}

void RequestMetrics::Record(std::string_view method, std::string_view route, int status,
                            double seconds) {
  std::size_t bucket = 0;
  while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
  std::lock_guard lock(mutex_);
  auto it = series_.find(std::forward_as_tuple(method, route, status));
  if (it == series_.end()) {
    it = series_.emplace(Key(std::string(method), std::string(route), status), Series{}).first;
  }
  Series& series = it->second;
  ++series.count;
  series.sum += seconds;
  if (bucket < kBuckets.size()) ++series.buckets[bucket];
}

void RequestMetrics::AddGauge(std::string name, std::string help, std::function<double()> read) {
  std::lock_guard lock(mutex_);
  gauges_.push_back({std::move(name), std::move(help), std::move(read), false});
}

void RequestMetrics::AddCounter(std::string name, std::string help, std::function<double()> read) {
  std::lock_guard lock(mutex_);
  gauges_.push_back({std::move(name), std::move(help), std::move(read), true});
}

std::string RequestMetrics::Render() const {
  std::string out;
  out += "# HELP takt_build_info Build information of the running takt server.\n";
  out += "# TYPE takt_build_info gauge\n";
  out += fmt::format("takt_build_info{{version=\"{}\"}} 1\n", Escape(version_));
  const double uptime =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  out += "# HELP takt_process_uptime_seconds Seconds since the server started.\n";
  out += "# TYPE takt_process_uptime_seconds gauge\n";
  out += fmt::format("takt_process_uptime_seconds {:.3f}\n", uptime);
  out += "# HELP takt_http_requests_in_flight Requests received and not yet answered.\n";
  out += "# TYPE takt_http_requests_in_flight gauge\n";
  out += fmt::format("takt_http_requests_in_flight {}\n", in_flight_.load());

  std::lock_guard lock(mutex_);
  for (const Gauge& gauge : gauges_) {
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n{} {}\n", gauge.name, gauge.help, gauge.name,
                       gauge.counter ? "counter" : "gauge", gauge.name, gauge.read());
  }
  out += "# HELP takt_http_requests_total HTTP requests answered, by method, route and status.\n";
  out += "# TYPE takt_http_requests_total counter\n";
  for (const auto& [key, series] : series_) {
    const auto& [method, route, status] = key;
    out += fmt::format("takt_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n",
                       Escape(method), Escape(route), status, series.count);
  }
  out +=
      "# HELP takt_http_request_duration_seconds Time from a complete request to its response.\n";
  out += "# TYPE takt_http_request_duration_seconds histogram\n";
  for (const auto& [key, series] : series_) {
    const auto& [method, route, status] = key;
    const std::string labels = fmt::format("method=\"{}\",route=\"{}\",status=\"{}\"",
                                           Escape(method), Escape(route), status);
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += series.buckets[i];
      out += fmt::format("takt_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n", labels,
                         kBuckets[i], cumulative);
    }
    out += fmt::format("takt_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n", labels,
                       series.count);
    out += fmt::format("takt_http_request_duration_seconds_sum{{{}}} {:.6f}\n", labels, series.sum);
    out += fmt::format("takt_http_request_duration_seconds_count{{{}}} {}\n", labels, series.count);
  }
  return out;
}

}  // namespace takt::api
