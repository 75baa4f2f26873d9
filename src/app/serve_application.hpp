// ServeApplication: the composition root of `takt serve`, read top to bottom in Build(): open the
// configured database and apply pending migrations, build the services over it, register every
// route group on one Router, and put the RequestDispatcher behind the HttpServer. It owns every
// object it builds; members are declared so that destruction runs in reverse dependency order
// (HTTP server first, database last), which makes Stop() + destruction a clean shutdown: no request
// is running when the database closes.
//
// Thread-safety: Build/Start/Stop are called from the controlling thread only.
#pragma once

#include <cstdint>
#include <memory>

#include "app/config.hpp"
#include "core/error.hpp"

namespace takt::app {

class ServeApplication {
 public:
  // Opens and migrates the database and wires everything; kUnavailable / kInvalidArgument with a
  // message naming what failed (the database, the token key...).
  static Result<std::unique_ptr<ServeApplication>> Build(const ServerConfig& config);
  ~ServeApplication();

  // Binds the listening socket and starts serving.
  Result<void> Start();
  // Graceful: stops accepting, lets in-flight requests finish, stops the threads.
  void Stop();
  std::uint16_t port() const;

 private:
  struct Parts;
  explicit ServeApplication(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace takt::app
