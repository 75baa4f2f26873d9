// HttpServer: the HTTP/1.1 server of `takt serve`, on Boost.Beast/Asio (which stay inside
// http_server.cpp; nothing else in Takt sees them).
//
// Threading: `io_threads` run the Asio event loop (accept, read, parse, write; never application
// code). Each complete request is handed to a bounded pool that runs the RequestHandler (routing,
// auth, handlers, database work), so a slow database call never stalls reading, writing or
// accepting on other connections: reads (GET, HEAD, OPTIONS) to `worker_threads`, everything else
// to `write_worker_threads`. Writes mostly wait for a shared commit (group commit in the SQLite
// adapter), so they get a larger pool of their own: many creates share each commit, while reads
// keep a small pool without the context switches of a large one. When more than
// `max_queued_requests` (both pools together) wait for a worker the server sheds load at once with
// 503 + Retry-After (code OVERLOADED).
//
// Protocol behaviour: keep-alive; `X-Request-ID` accepted when valid (see request_id.hpp) or
// generated, and echoed on every response; a body over `body_limit_bytes` -> 413 problem+json
// (PAYLOAD_TOO_LARGE) and the connection closes; a malformed request -> 400 (BAD_REQUEST) and
// close; a request whose header and body do not arrive within `read_timeout`, or a response the
// client does not read within it -> the connection closes; an idle keep-alive connection closes
// after `idle_timeout`. Every response carries X-Content-Type-Options: nosniff, and /api/ responses
// Cache-Control: no-store unless the handler set their own. Every answered request is
// written to the access log (spdlog, logger "access") and recorded in RequestMetrics.
//
// Lifecycle: Start() binds and starts the threads (a bind failure is returned, not thrown); Stop()
// is graceful: it stops accepting, closes idle connections, lets in-flight requests finish and
// answer (with Connection: close) for up to `shutdown_timeout`, then stops all threads. Start and
// Stop are called from one controlling thread; Stop is idempotent and also run by the destructor.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "api/http/request.hpp"
#include "api/http/response.hpp"
#include "api/request_metrics.hpp"
#include "core/error.hpp"

namespace takt::api {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 picks a free port (see HttpServer::port())
  int io_threads = 2;
  int worker_threads = 8;         // reads: GET, HEAD, OPTIONS
  int write_worker_threads = 32;  // every other method
  int max_queued_requests = 1024;
  std::size_t body_limit_bytes = std::size_t{1024} * 1024;
  std::chrono::milliseconds read_timeout{30000};
  std::chrono::milliseconds idle_timeout{60000};
  std::chrono::milliseconds shutdown_timeout{30000};
};

using RequestHandler = std::function<Response(Request&)>;

class HttpServer {
 public:
  // `metrics` must outlive the server; `handler` is called on worker threads concurrently.
  HttpServer(HttpServerOptions options, RequestHandler handler, RequestMetrics& metrics);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  Result<void> Start();
  void Stop();

  // The bound port (useful when options.port was 0); valid after a successful Start().
  std::uint16_t port() const;
  // Requests waiting for a worker right now.
  int queued_requests() const;

 private:
  class Impl;
  friend class Session;  // the per-connection state machine in http_server.cpp
  std::unique_ptr<Impl> impl_;
};

}  // namespace takt::api
