#include "api/http/http_server.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_set>
#include <vector>

#include "api/http/request_id.hpp"

namespace takt::api {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

class Session;

class HttpServer::Impl {
 public:
  Impl(HttpServerOptions options, RequestHandler handler, RequestMetrics& metrics)
      : options_(std::move(options)),
        handler_(std::move(handler)),
        metrics_(metrics),
        access_log_(spdlog::get("access") ? spdlog::get("access") : spdlog::default_logger()),
        ioc_(std::max(1, options_.io_threads)),
        workers_(static_cast<std::size_t>(std::max(1, options_.worker_threads))),
        write_workers_(static_cast<std::size_t>(std::max(1, options_.write_worker_threads))) {}

  Result<void> Start();
  void Stop();
  void DoAccept();
  Response Handle(Request& request);
  void LogExchange(const Request& request, const Response& response, std::size_t bytes,
                   Clock::time_point received_at);
  void Register(Session* session);
  void Unregister(Session* session);

  HttpServerOptions options_;
  RequestHandler handler_;
  RequestMetrics& metrics_;
  std::shared_ptr<spdlog::logger> access_log_;
  // The session registry outlives ioc_ (declared before it): sessions destroyed while ioc_ shuts
  // down still unregister themselves.
  std::mutex sessions_mutex_;
  std::condition_variable sessions_cv_;
  std::unordered_set<Session*> sessions_;
  std::atomic<int> queued_{0};
  std::atomic<bool> stopping_{false};
  std::uint16_t port_ = 0;
  bool started_ = false;
  bool stopped_ = false;
  net::io_context ioc_;
  // Keeps run() going while a request is with the workers and no socket operation is pending
  // (e.g. the last request during shutdown); released when Stop() stops the loop.
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work_guard_;
  std::optional<tcp::acceptor> acceptor_;
  std::optional<net::steady_timer> accept_pause_;  // on the acceptor's strand
  // Destroyed before ioc_: their pending jobs hold sessions.
  net::thread_pool workers_;        // reads
  net::thread_pool write_workers_;  // every other method
  std::vector<std::thread> io_threads_;
};

// One TCP connection: reads requests one after another (HTTP/1.1 keep-alive, no pipelining in
// parallel), hands each to the worker pool and writes the response. All members are touched only
// on the connection's strand.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, HttpServer::Impl& server)
      : stream_(std::move(socket)), server_(server) {
    beast::error_code ec;
    auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = endpoint.address().to_string();
    server_.Register(this);
  }
  ~Session() { server_.Unregister(this); }

  void Start() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&Session::ReadHeader, shared_from_this()));
  }
  // Graceful shutdown: a connection between requests closes now; one with a request in flight
  // closes after answering it.
  void StopIfIdle() {
    if (!in_flight_) CloseSocket();
  }
  auto executor() { return stream_.get_executor(); }

 private:
  void ReadHeader() {
    if (server_.stopping_) return CloseSocket();
    parser_.emplace();
    // No limit while the header is parsed, so that an oversized Content-Length is answered in
    // OnHeader, where the request id is known; the real limit applies to the body read.
    parser_->body_limit(boost::none);
    parser_->header_limit(16 * 1024);
    stream_.expires_after(requests_served_ == 0 ? server_.options_.read_timeout
                                                : server_.options_.idle_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  void OnHeader(beast::error_code ec, std::size_t) {
    if (ec) return OnReadError(ec);
    in_flight_ = true;
    const auto declared = parser_->content_length();
    if (declared && *declared > server_.options_.body_limit_bytes) {
      return OnReadError(http::error::body_limit);
    }
    parser_->body_limit(server_.options_.body_limit_bytes);
    stream_.expires_after(server_.options_.read_timeout);
    if (beast::iequals(parser_->get()[http::field::expect], "100-continue")) {
      auto interim =
          std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
      http::async_write(stream_, *interim,
                        [self = shared_from_this(), interim](beast::error_code wec, std::size_t) {
                          if (wec) return self->CloseSocket();
                          self->ReadBody();
                        });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnReadError(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      return SendProtocolProblem(413, "PAYLOAD_TOO_LARGE",
                                 "The request body exceeds the limit of " +
                                     std::to_string(server_.options_.body_limit_bytes) + " bytes");
    }
    if (ec == http::error::header_limit) {
      return SendProtocolProblem(431, "HEADERS_TOO_LARGE", "The request header is too large");
    }
    const bool connection_gone =
        ec == http::error::end_of_stream || ec == http::error::partial_message ||
        ec == net::error::operation_aborted || ec == beast::error::timeout ||
        ec == net::error::eof || ec == net::error::connection_reset;
    if (connection_gone) return CloseSocket();
    SendProtocolProblem(400, "BAD_REQUEST", "Malformed HTTP request: " + ec.message());
  }

  void OnRead(beast::error_code ec, std::size_t) {
    if (ec) return OnReadError(ec);
    received_at_ = Clock::now();
    auto request = std::make_shared<Request>();
    http::request<http::string_body>& raw = parser_->get();
    keep_alive_ = raw.keep_alive();
    head_ = raw.method() == http::verb::head;
    request->method = std::string(raw.method_string());
    request->target = std::string(raw.target());
    request->request_id = AcceptOrGenerateRequestId(raw["X-Request-ID"]);
    request->remote_address = remote_;
    for (const auto& field : raw) request->headers.Add(field.name_string(), field.value());
    auto url = boost::urls::parse_origin_form(request->target);
    if (!url) {
      return SendProtocolProblem(400, "BAD_REQUEST", "The request target is not a valid path",
                                 request);
    }
    for (auto segment : url->segments()) {
      // "%2F" inside a segment would change the path's shape once decoded (a different route).
      if (segment.find('/') != std::string::npos) {
        return SendProtocolProblem(400, "BAD_REQUEST",
                                   "An encoded '/' is not allowed inside a path segment", request);
      }
    }
    request->path = url->path();
    for (auto param : url->params()) {
      request->query_params.emplace_back(param.key, param.has_value ? param.value : "");
    }
    request->body = std::move(raw.body());
    stream_.expires_never();  // the handler's time is not the client's fault
    Submit(std::move(request));
  }

  void Submit(std::shared_ptr<Request> request) {
    if (server_.queued_.load() >= server_.options_.max_queued_requests) {
      Response busy = ProblemResponse(503, "OVERLOADED", "The server is overloaded; retry shortly",
                                      request->request_id);
      return Write(request, std::move(busy));
    }
    ++server_.queued_;
    server_.metrics_.BeginRequest();
    const bool reads =
        request->method == "GET" || request->method == "HEAD" || request->method == "OPTIONS";
    auto& pool = reads ? server_.workers_ : server_.write_workers_;
    net::post(pool, [self = shared_from_this(), request = std::move(request)]() {
      --self->server_.queued_;
      Response response = self->server_.Handle(*request);
      self->server_.metrics_.EndRequest();
      net::post(self->executor(), [self, request, response = std::move(response)]() mutable {
        self->Write(request, std::move(response));
      });
    });
  }

  void SendProtocolProblem(int status, std::string_view code, const std::string& detail,
                           std::shared_ptr<Request> request = nullptr) {
    if (!request) {
      request = std::make_shared<Request>();
      request->method = "-";
      request->path = "-";
      if (parser_ && parser_->is_header_done()) {
        const auto& raw = parser_->get();
        request->method = std::string(raw.method_string());
        request->path = std::string(raw.target().substr(0, raw.target().find('?')));
        request->request_id = AcceptOrGenerateRequestId(raw["X-Request-ID"]);
      } else {
        request->request_id = GenerateRequestId();
      }
      request->remote_address = remote_;
    }
    if (received_at_ == Clock::time_point()) received_at_ = Clock::now();
    in_flight_ = true;
    close_after_write_ = true;
    Response problem = ProblemResponse(status, code, detail, request->request_id);
    Write(request, std::move(problem));
  }

  void Write(const std::shared_ptr<Request>& request, Response response) {
    auto raw = std::make_shared<http::response<http::string_body>>();
    raw->version(11);
    raw->result(static_cast<unsigned>(response.status));
    raw->set(http::field::server, "takt");
    if (!response.content_type.empty()) raw->set(http::field::content_type, response.content_type);
    for (const auto& [name, value] : response.headers.fields()) raw->insert(name, value);
    raw->set("X-Request-ID", request->request_id);
    if (!response.headers.Has("X-Content-Type-Options")) {
      raw->set("X-Content-Type-Options", "nosniff");
    }
    // API answers are per user and per moment: never cached by intermediaries unless a handler
    // says otherwise.
    if (request->path.starts_with("/api/") && !response.headers.Has("Cache-Control")) {
      raw->set(http::field::cache_control, "no-store");
    }
    const bool keep = keep_alive_ && !close_after_write_ && !server_.stopping_;
    raw->keep_alive(keep);
    const std::size_t bytes = response.body.size();
    if (head_) {
      raw->content_length(bytes);
    } else {
      raw->body() = std::move(response.body);
      raw->prepare_payload();
    }
    server_.LogExchange(*request, response, bytes, received_at_);
    // A client that stops reading cannot hold the connection forever.
    stream_.expires_after(server_.options_.read_timeout);
    http::async_write(stream_, *raw,
                      [self = shared_from_this(), raw, keep](beast::error_code ec, std::size_t) {
                        self->OnWrite(ec, keep);
                      });
  }

  void OnWrite(beast::error_code ec, bool keep) {
    in_flight_ = false;
    received_at_ = Clock::time_point();
    ++requests_served_;
    if (ec) return CloseSocket();
    if (!keep) return FinishConnection();
    ReadHeader();
  }

  // Closes our sending side, then drains what the client still sends (e.g. the rest of an
  // oversized body) for a moment, so that it reads our response instead of a connection reset.
  void FinishConnection() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return CloseSocket();
    stream_.expires_after(std::chrono::milliseconds(500));
    drain_ = std::make_unique<std::array<char, 4096>>();
    Drain();
  }
  void Drain() {
    stream_.async_read_some(net::buffer(*drain_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec) return self->CloseSocket();
                              self->Drain();
                            });
  }

  void CloseSocket() {
    if (closed_) return;
    closed_ = true;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  HttpServer::Impl& server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::unique_ptr<std::array<char, 4096>> drain_;
  std::string remote_;
  Clock::time_point received_at_;
  std::uint64_t requests_served_ = 0;
  bool in_flight_ = false;
  bool keep_alive_ = false;
  bool head_ = false;
  bool close_after_write_ = false;
  bool closed_ = false;
};

void HttpServer::Impl::Register(Session* session) {
  std::lock_guard lock(sessions_mutex_);
  sessions_.insert(session);
}

void HttpServer::Impl::Unregister(Session* session) {
  std::lock_guard lock(sessions_mutex_);
  sessions_.erase(session);
  if (sessions_.empty()) sessions_cv_.notify_all();
}

Response HttpServer::Impl::Handle(Request& request) {
  try {
    return handler_(request);
  } catch (const std::exception& e) {
    spdlog::error("unhandled exception for {} {} request_id={}: {}", request.method, request.path,
                  request.request_id, e.what());
  } catch (...) {
    spdlog::error("unhandled exception for {} {} request_id={}", request.method, request.path,
                  request.request_id);
  }
  return ErrorResponse(Error::Internal("An unexpected error occurred; quote the request id"),
                       request.request_id);
}

void HttpServer::Impl::LogExchange(const Request& request, const Response& response,
                                   std::size_t bytes, Clock::time_point received_at) {
  const double seconds = std::chrono::duration<double>(Clock::now() - received_at).count();
  const std::string_view route =
      request.route_pattern.empty() ? std::string_view("(unmatched)") : request.route_pattern;
  // Label values stay bounded whatever clients send: unknown methods count as "OTHER".
  std::string_view method = "OTHER";
  for (std::string_view known : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
    if (request.method == known) method = known;
  }
  metrics_.Record(method, route, response.status, seconds);
  access_log_->info("{} {} {} {:.2f}ms {}B request_id={} user={} remote={}", request.method,
                    request.path, response.status, seconds * 1000.0, bytes, request.request_id,
                    request.principal ? request.principal->email : "-", request.remote_address);
}

void HttpServer::Impl::DoAccept() {
  acceptor_->async_accept(net::make_strand(ioc_), [this](beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor_->is_open() || stopping_) return;
    if (ec) {
      // Typically out of file descriptors: pause instead of spinning on a failing accept.
      spdlog::warn("accept failed: {}; pausing new connections for 100 ms", ec.message());
      accept_pause_->expires_after(std::chrono::milliseconds(100));
      accept_pause_->async_wait([this](beast::error_code wait_ec) {
        if (!wait_ec && !stopping_) DoAccept();
      });
      return;
    }
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    std::make_shared<Session>(std::move(socket), *this)->Start();
    DoAccept();
  });
}

Result<void> HttpServer::Impl::Start() {
  beast::error_code ec;
  const auto address = net::ip::make_address(options_.host, ec);
  if (ec) return Fail(Error::InvalidArgument("host '" + options_.host + "' is not an IP address"));
  const tcp::endpoint endpoint(address, options_.port);
  acceptor_.emplace(net::make_strand(ioc_));
  accept_pause_.emplace(acceptor_->get_executor());
  const std::string where = options_.host + ":" + std::to_string(options_.port);
  if (acceptor_->open(endpoint.protocol(), ec); ec) {
    return Fail(Error::Unavailable("cannot open a socket for " + where + ": " + ec.message()));
  }
  acceptor_->set_option(net::socket_base::reuse_address(true), ec);
  if (acceptor_->bind(endpoint, ec); ec) {
    return Fail(Error::Unavailable("cannot listen on " + where + ": " + ec.message()));
  }
  if (acceptor_->listen(net::socket_base::max_listen_connections, ec); ec) {
    return Fail(Error::Unavailable("cannot listen on " + where + ": " + ec.message()));
  }
  port_ = acceptor_->local_endpoint().port();
  DoAccept();
  work_guard_.emplace(ioc_.get_executor());
  for (int i = 0; i < std::max(1, options_.io_threads); ++i) {
    io_threads_.emplace_back([this] {
      for (;;) {
        try {
          ioc_.run();
          return;
        } catch (const std::exception& e) {
          spdlog::error("I/O thread caught: {}", e.what());
        }
      }
    });
  }
  started_ = true;
  return {};
}

void HttpServer::Impl::Stop() {
  if (!started_ || stopped_) return;
  stopped_ = true;
  stopping_ = true;
  net::post(acceptor_->get_executor(), [this] {
    beast::error_code ignored;
    acceptor_->close(ignored);
    accept_pause_->cancel();
  });
  std::vector<std::shared_ptr<Session>> open;
  {
    std::lock_guard lock(sessions_mutex_);
    for (Session* session : sessions_) {
      if (auto alive = session->weak_from_this().lock()) open.push_back(std::move(alive));
    }
  }
  // Posted outside the lock: the last reference to a session may be dropped here, and its
  // destructor takes the lock.
  for (auto& session : open) {
    net::post(session->executor(), [session] { session->StopIfIdle(); });
  }
  open.clear();
  std::unique_lock lock(sessions_mutex_);
  const bool drained =
      sessions_cv_.wait_for(lock, options_.shutdown_timeout, [this] { return sessions_.empty(); });
  const std::size_t left = sessions_.size();
  lock.unlock();
  if (!drained) spdlog::warn("shutdown timeout: closing {} unfinished connection(s)", left);
  work_guard_.reset();
  ioc_.stop();
  for (std::thread& thread : io_threads_) thread.join();
  io_threads_.clear();
  workers_.join();
  write_workers_.join();
}

HttpServer::HttpServer(HttpServerOptions options, RequestHandler handler, RequestMetrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), metrics)) {}

HttpServer::~HttpServer() { Stop(); }

Result<void> HttpServer::Start() { return impl_->Start(); }
void HttpServer::Stop() { impl_->Stop(); }
std::uint16_t HttpServer::port() const { return impl_->port_; }
int HttpServer::queued_requests() const { return impl_->queued_.load(); }

}  // namespace takt::api
