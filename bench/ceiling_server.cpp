// The machine's ceiling for `make bench`: the least a Beast HTTP/1.1 keep-alive
// server can do per request (parse, answer a fixed small JSON body, no timers, no
// handler hop, no logging). soomcare's numbers are reported as a ratio of this.
//
//   bench_ceiling_server [THREADS]   THREADS io_contexts (default: one per core, like soomcare)
//
// Binds 127.0.0.1:0, prints the port on stdout, runs until SIGINT/SIGTERM.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace soom::bench {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

constexpr std::string_view kBody = R"({"status":"ok"})";

asio::awaitable<void> serve(tcp::socket socket) {
  beast::error_code ec;
  beast::flat_buffer buffer;
  auto on_error = asio::redirect_error(asio::use_awaitable, ec);
  while (true) {
    bhttp::request<bhttp::string_body> request;
    co_await bhttp::async_read(socket, buffer, request, on_error);
    if (ec) break;
    bhttp::response<bhttp::string_body> response{bhttp::status::ok, request.version()};
    response.set(bhttp::field::server, "ceiling");
    response.set(bhttp::field::content_type, "application/json");
    response.body() = kBody;
    response.keep_alive(request.keep_alive());
    response.prepare_payload();
    co_await bhttp::async_write(socket, response, on_error);
    if (ec || !response.keep_alive()) break;
  }
  socket.shutdown(tcp::socket::shutdown_send, ec);
}

// Accepts on the first context; spreads connections over all of them round-robin.
asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, std::vector<std::unique_ptr<asio::io_context>>& contexts) {
  std::size_t next = 0;
  while (true) {
    auto& context = *contexts[next++ % contexts.size()];
    beast::error_code ec;
    tcp::socket socket = co_await acceptor.async_accept(context, asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted) co_return;
    if (ec) continue;
    socket.set_option(tcp::no_delay(true), ec);
    asio::co_spawn(context, serve(std::move(socket)), asio::detached);
  }
}

int run(int threads) {
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  for (int i = 0; i < threads; ++i) contexts.push_back(std::make_unique<asio::io_context>(1));
  auto& first = *contexts.front();

  tcp::acceptor acceptor(first, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  acceptor.listen(asio::socket_base::max_listen_connections);
  std::cout << acceptor.local_endpoint().port() << std::endl;  // the bench script waits for this line

  asio::signal_set signals(first, SIGINT, SIGTERM);
  signals.async_wait([&](const beast::error_code&, int) {
    for (auto& context : contexts) context->stop();
  });
  asio::co_spawn(first, accept_loop(acceptor, contexts), asio::detached);

  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
  std::vector<std::thread> pool;
  for (std::size_t i = 1; i < contexts.size(); ++i) {
    guards.push_back(asio::make_work_guard(*contexts[i]));
    pool.emplace_back([&context = *contexts[i]] { context.run(); });
  }
  first.run();
  for (auto& context : contexts) context->stop();
  for (auto& thread : pool) thread.join();
  return 0;
}

}  // namespace
}  // namespace soom::bench

int main(int argc, char** argv) {
  int threads = argc > 1 ? std::atoi(argv[1]) : 0;
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  try {
    return soom::bench::run(threads);
  } catch (const std::exception& e) {
    std::cerr << "bench_ceiling_server: " << e.what() << "\n";
    return 1;
  }
}
