#pragma once
// HTTP/1.1 server on Boost.Beast with C++20 coroutines. This header deliberately
// hides Beast/Asio (pimpl) so that only server.cpp instantiates them.
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace soom::http {

struct ServerLimits final {
  std::size_t body_limit = 1 << 20;
  std::size_t header_limit = 16 << 10;
  int header_timeout_ms = 10'000;
  int body_timeout_ms = 30'000;
  int idle_timeout_ms = 60'000;
  int max_connections = 10'000;  // per listener; extra connections are closed at accept
  int drain_timeout_ms = 10'000;
  int stream_heartbeat_ms = 15'000;  // comment line on an idle event stream (keeps proxies open)
};

// Runs handlers off the I/O threads (they do blocking database work).
using RequestHandler = std::function<Response(Request&)>;
// The policy for a request, asked once its head is read (before any body byte): lets an upload
// route accept more than the default body limit and a non-blocking route skip the worker pool.
using RoutePolicyFn = std::function<RoutePolicy(Method method, std::string_view path)>;

class Server final {
 public:
  // io_threads: I/O threads (one io_context each, 0 = hardware concurrency);
  // worker_threads: pool that runs RequestHandlers.
  Server(ServerLimits limits, int io_threads, int worker_threads);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds now (throws std::system_error on failure); returns the bound port.
  int add_listener(const std::string& name, const std::string& host, int port, RequestHandler handler,
                   RoutePolicyFn policy = {});
  // Runs until stop() or SIGINT/SIGTERM (when handle_signals); then stops accepting,
  // lets in-flight requests finish (bounded by drain_timeout_ms) and returns.
  // One-shot: a second call throws std::logic_error. stop() before run() is honoured.
  void run(bool handle_signals = true);
  // Thread-safe.
  void stop();
  // Called once after listeners are closed and in-flight requests finished (e.g. to stop workers).
  void on_shutdown(std::function<void()> callback);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace soom::http
