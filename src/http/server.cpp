// THIS IS THE ONLY TRANSLATION UNIT THAT INCLUDES Boost.Beast / Boost.Asio.
// They dominate compile time, so everything else speaks soom::http::Request and
// Response; keep it that way (server.hpp hides Beast behind a pimpl).
#include "http/server.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <ctime>
#include <mutex>
#include <optional>
#include <spdlog/spdlog.h>
#include <system_error>
#include <thread>
#include <unordered_map>

#include "core/event_loop.hpp"
#include "core/random.hpp"
#include "http/problem.hpp"
#include "http/response_head.hpp"

namespace soom::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using std::chrono::milliseconds;
using BeastRequest = bhttp::request<bhttp::string_body>;

constexpr std::size_t kReadChunk = 4096;
// After an error reply we half-close and drain what the client is still sending:
// closing a socket with unread data makes the kernel send RST, and the client may
// then lose the error response we just wrote.
constexpr milliseconds kLingerTimeout{500};
constexpr std::size_t kLingerMaxBytes = 1 << 20;
constexpr milliseconds kAcceptErrorBackoff{50};

auto on_error(beast::error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

void log_coroutine_exception(const char* what, std::exception_ptr e) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    spdlog::error("{} failed: {}", what, ex.what());
  } catch (...) {
    spdlog::error("{} failed with a non-standard exception", what);
  }
}

// The Date header changes once a second; each I/O thread formats it once per second.
const std::string& http_date() {
  thread_local std::time_t formatted_at = -1;
  thread_local std::string text;
  const std::time_t now = std::time(nullptr);
  if (now != formatted_at) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[64];
    const std::size_t n = std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    text.assign(buf, n);
    formatted_at = now;
  }
  return text;
}

// Errors that just mean "the peer went away or was too slow": close without a reply.
bool is_silent_close(const beast::error_code& ec) {
  return ec == beast::error::timeout || ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
         ec == asio::error::eof || ec == asio::error::connection_reset || ec == asio::error::operation_aborted ||
         ec == asio::error::broken_pipe || ec == asio::error::bad_descriptor;
}

// Transport-level failures happen before the pipeline runs, so they carry a request
// id of their own and the same basic protections.
Response transport_error(int status, std::string_view title) {
  Request request;
  request.request_id = new_uuid_v7();
  Response response;
  if (status == 413) {
    response = problem_response(Error::make(ErrorCode::kPayloadTooLarge), request);
  } else {
    // Constant texts only, so building the JSON by hand needs no escaping.
    response = Response::text(status,
                              std::string(R"({"type":"about:blank","title":")") + std::string(title) +
                                  R"(","status":)" + std::to_string(status) + R"(,"request_id":")" +
                                  request.request_id + "\"}",
                              "application/problem+json");
  }
  response.headers.set("x-request-id", request.request_id);
  response.headers.set("x-content-type-options", "nosniff");
  response.headers.set("cache-control", "no-store");
  return response;
}

// Beast message → transport-neutral Request. nullopt when the target cannot be decoded.
std::optional<Request> to_request(BeastRequest& msg, const std::string& remote_ip) {
  Request request;
  request.method_text = std::string(msg.method_string());
  request.method = parse_method(request.method_text);
  request.target = std::string(msg.target());
  auto parsed = boost::urls::parse_origin_form(request.target);  // rejects bad %-escapes
  if (!parsed) return std::nullopt;
  const boost::urls::url_view& url = *parsed;
  request.path = url.path();
  if (request.path.find('\0') != std::string::npos) return std::nullopt;
  for (const auto& param : url.params()) {
    if (param.key.find('\0') != std::string::npos || param.value.find('\0') != std::string::npos) {
      return std::nullopt;
    }
    request.query.emplace(param.key, param.value);
  }
  for (const auto& field : msg) request.headers.add(field.name_string(), std::string(field.value()));
  request.body = std::move(msg.body());
  request.remote_ip = remote_ip;
  return request;
}

struct Listener final {
  Listener(asio::io_context& context, std::string listener_name, RequestHandler request_handler)
      : name(std::move(listener_name)), acceptor(context), handler(std::move(request_handler)) {}
  std::string name;
  tcp::acceptor acceptor;
  RequestHandler handler;
  RoutePolicyFn policy;  // empty: ServerLimits::body_limit and the worker pool for every request
  std::atomic<int> connections{0};
};

// One accepted connection; only its own io_context thread touches it.
struct Connection final {
  explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  bool idle = true;  // waiting for (the head of) the next request: shutdown may close it
  // Set while an event stream waits between polls: shutdown cancels it to end the stream.
  std::shared_ptr<asio::steady_timer> stream_timer;
  const RoutePolicyFn* policy = nullptr;  // the listener's (it outlives its connections)
  bool run_inline = false;                // the current request's handler never blocks
};

// Head and body in one gather write (one sendmsg for a small response).
asio::awaitable<void> write_response(beast::tcp_stream& stream, const Response& response, const HeadOptions& options,
                                     beast::error_code& ec) {
  const std::string head = response_head(response, options, http_date());
  if (sends_body(response, options) && !response.body.empty()) {
    const std::array<asio::const_buffer, 2> buffers{asio::buffer(head), asio::buffer(response.body)};
    co_await asio::async_write(stream, buffers, on_error(ec));
  } else {
    co_await asio::async_write(stream, asio::buffer(head), on_error(ec));
  }
}

std::optional<std::string> poll_stream(StreamSource& source) {
  try {
    return source.poll();
  } catch (const std::exception& e) {
    spdlog::error("event stream source failed: {}", e.what());
  } catch (...) {
    spdlog::error("event stream source failed with a non-standard exception");
  }
  return std::nullopt;
}

Response invoke_handler(const RequestHandler& handler, Request& request) {
  try {
    return handler(request);
  } catch (const std::exception& e) {
    spdlog::error("request_id={} request handler threw: {}", request.request_id, e.what());
  } catch (...) {
    spdlog::error("request_id={} request handler threw a non-standard exception", request.request_id);
  }
  return problem_response(Error::internal({}), request);
}

// Runs the handler on the worker pool and resumes the calling coroutine on its own I/O
// thread: two plain posts, without the coroutine frame and bookkeeping a co_spawn costs.
asio::awaitable<Response> run_on_pool(asio::thread_pool& pool, const RequestHandler& handler, Request& request) {
  co_return co_await asio::async_initiate<const asio::use_awaitable_t<>, void(Response)>(
      [&pool, &handler, &request](auto completion) {
        asio::post(pool, [&handler, &request, completion = std::move(completion)]() mutable {
          Response response = invoke_handler(handler, request);
          const auto io = asio::get_associated_executor(completion);
          asio::post(io, [completion = std::move(completion), response = std::move(response)]() mutable {
            std::move(completion)(std::move(response));
          });
        });
      },
      asio::use_awaitable);
}

}  // namespace

struct Server::Impl {
  Impl(ServerLimits server_limits, int io_threads, int worker_threads)
      : limits(server_limits), workers(static_cast<std::size_t>(std::max(1, worker_threads))) {
    int n = io_threads > 0 ? io_threads : static_cast<int>(std::thread::hardware_concurrency());
    n = std::max(1, n);
    for (int i = 0; i < n; ++i) contexts.push_back(std::make_unique<asio::io_context>(1));
  }

  // Releases a connection's slot when its coroutine frame dies, however it dies.
  class Ticket final {
   public:
    Ticket(Impl* impl, std::shared_ptr<Listener> listener, Connection* connection)
        : impl_(impl), listener_(std::move(listener)), connection_(connection) {}
    Ticket(Ticket&& other) noexcept
        : impl_(std::exchange(other.impl_, nullptr)),
          listener_(std::move(other.listener_)),
          connection_(other.connection_) {}
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;
    Ticket& operator=(Ticket&&) = delete;
    ~Ticket() {
      if (impl_ == nullptr) return;
      listener_->connections.fetch_sub(1);
      std::lock_guard lock(impl_->mutex);
      impl_->open_connections.erase(connection_);
      if (impl_->open_connections.empty()) impl_->changed.notify_all();
    }

   private:
    Impl* impl_;
    std::shared_ptr<Listener> listener_;
    Connection* connection_;
  };

  asio::io_context& next_connection_context() {
    // Round-robin over every context, the acceptors' too: leaving context 0 to accept only
    // put every connection on one thread when there are two.
    return *contexts[next_context.fetch_add(1) % contexts.size()];
  }

  asio::awaitable<void> accept_loop(std::shared_ptr<Listener> listener);
  asio::awaitable<void> serve(std::shared_ptr<Listener> listener, std::shared_ptr<Connection> connection,
                              Ticket ticket);
  asio::awaitable<bool> read_request(Connection& connection, beast::flat_buffer& buffer,
                                     bhttp::request_parser<bhttp::string_body>& parser, bool first);
  asio::awaitable<void> reply_and_close(Connection& connection, Response response);
  asio::awaitable<void> run_stream(Connection& connection, std::shared_ptr<StreamSource> source, std::string head);
  void close_idle_connections();
  void shutdown_and_wait();

  ServerLimits limits;
  // Declaration order matters for destruction: listeners (acceptors) and connections
  // must die before the io_contexts they are bound to.
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  asio::thread_pool workers;
  std::vector<std::shared_ptr<Listener>> listeners;
  std::vector<std::function<void()>> shutdown_callbacks;
  std::atomic<std::size_t> next_context{0};
  std::atomic<bool> stopping{false};

  std::mutex mutex;
  std::condition_variable changed;
  bool stop_requested = false;                                                  // guarded by mutex
  std::unordered_map<Connection*, std::weak_ptr<Connection>> open_connections;  // guarded by mutex
  bool has_run = false;
};

asio::awaitable<void> Server::Impl::accept_loop(std::shared_ptr<Listener> listener) {
  while (true) {
    tcp::socket socket(next_connection_context());
    beast::error_code ec;
    co_await listener->acceptor.async_accept(socket, on_error(ec));
    if (ec == asio::error::operation_aborted || !listener->acceptor.is_open() || stopping.load()) co_return;
    if (ec) {
      // Typically EMFILE: back off instead of spinning on a failing accept.
      spdlog::warn("listener {}: accept failed: {}", listener->name, ec.message());
      asio::steady_timer timer(listener->acceptor.get_executor(), kAcceptErrorBackoff);
      co_await timer.async_wait(on_error(ec));
      continue;
    }
    if (listener->connections.load() >= limits.max_connections) {
      socket.close(ec);  // over the limit: refuse cheaply rather than queue work
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    listener->connections.fetch_add(1);
    auto connection = std::make_shared<Connection>(std::move(socket));
    if (listener->policy) connection->policy = &listener->policy;
    {
      std::lock_guard lock(mutex);
      open_connections.emplace(connection.get(), connection);
    }
    Ticket ticket(this, listener, connection.get());
    auto executor = connection->stream.get_executor();
    asio::co_spawn(executor, serve(listener, std::move(connection), std::move(ticket)),
                   [](std::exception_ptr e) { log_coroutine_exception("connection", e); });
  }
}

// Reads one request head (and body). Returns false when the connection must close;
// error replies have then already been sent.
asio::awaitable<bool> Server::Impl::read_request(Connection& connection, beast::flat_buffer& buffer,
                                                 bhttp::request_parser<bhttp::string_body>& parser, bool first) {
  beast::error_code ec;
  auto& stream = connection.stream;
  connection.idle = true;
  if (!first && buffer.size() == 0) {
    // Between keep-alive requests the client may think as long as idle_timeout;
    // once it starts a request, the head must arrive within header_timeout.
    stream.expires_after(milliseconds(limits.idle_timeout_ms));
    const std::size_t n = co_await stream.async_read_some(buffer.prepare(kReadChunk), on_error(ec));
    if (ec) co_return false;
    buffer.commit(n);
  }
  parser.header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(limits.header_limit, UINT32_MAX)));
  // With per-route limits the head is read without one: the route is known only afterwards.
  connection.run_inline = false;
  if (connection.policy == nullptr) {
    parser.body_limit(limits.body_limit);
  } else {
    parser.body_limit(boost::none);
  }
  stream.expires_after(milliseconds(limits.header_timeout_ms));
  co_await bhttp::async_read_header(stream, buffer, parser, on_error(ec));
  connection.idle = false;
  if (ec) {
    if (ec == bhttp::error::body_limit) {
      co_await reply_and_close(connection, transport_error(413, "Payload Too Large"));
    } else if (ec == bhttp::error::header_limit) {
      co_await reply_and_close(connection, transport_error(431, "Request Header Fields Too Large"));
    } else if (!is_silent_close(ec)) {
      co_await reply_and_close(connection, transport_error(400, "Bad Request"));
    }
    co_return false;
  }
  if (connection.policy != nullptr) {
    const auto& msg = parser.get();
    const std::string_view target(msg.target().data(), msg.target().size());
    const RoutePolicy policy = (*connection.policy)(
        parse_method(std::string_view(msg.method_string().data(), msg.method_string().size())),
        target.substr(0, target.find('?')));
    connection.run_inline = policy.runs_inline;
    const std::size_t body_limit = policy.body_limit > 0 ? policy.body_limit : limits.body_limit;
    // A declared length is refused before any of the body is read; chunked bodies are
    // counted as they arrive.
    if (parser.content_length() && *parser.content_length() > body_limit) {
      co_await reply_and_close(connection, transport_error(413, "Payload Too Large"));
      co_return false;
    }
    parser.body_limit(body_limit);
  }

  if (parser.is_done()) co_return true;
  const auto expect = parser.get()[bhttp::field::expect];
  if (beast::iequals(expect, "100-continue")) {
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    stream.expires_after(milliseconds(limits.body_timeout_ms));
    co_await asio::async_write(stream, asio::buffer(kContinue.data(), kContinue.size()), on_error(ec));
    if (ec) co_return false;
  }
  stream.expires_after(milliseconds(limits.body_timeout_ms));
  co_await bhttp::async_read(stream, buffer, parser, on_error(ec));
  if (ec) {
    if (ec == bhttp::error::body_limit) {
      co_await reply_and_close(connection, transport_error(413, "Payload Too Large"));
    } else if (!is_silent_close(ec)) {
      co_await reply_and_close(connection, transport_error(400, "Bad Request"));
    }
    co_return false;
  }
  co_return true;
}

asio::awaitable<void> Server::Impl::reply_and_close(Connection& connection, Response response) {
  auto& stream = connection.stream;
  beast::error_code ec;
  stream.expires_after(milliseconds(limits.body_timeout_ms));
  co_await write_response(stream, response, HeadOptions{11, false, false, Framing::kContentLength}, ec);
  if (!ec) {
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    std::array<char, kReadChunk> sink{};
    std::size_t drained = 0;
    stream.expires_after(kLingerTimeout);
    while (!ec && drained < kLingerMaxBytes) {
      drained += co_await stream.async_read_some(asio::buffer(sink), on_error(ec));
    }
  }
  stream.close();
}

asio::awaitable<void> Server::Impl::serve(std::shared_ptr<Listener> listener, std::shared_ptr<Connection> connection,
                                          Ticket /*ticket: released when this frame dies*/) {
  beast::error_code ec;
  const tcp::endpoint peer = connection->stream.socket().remote_endpoint(ec);
  const std::string remote_ip = ec ? std::string() : peer.address().to_string();
  auto& stream = connection->stream;
  beast::flat_buffer buffer;
  bool first = true;

  // One request at a time: pipelined requests wait in `buffer`, so replies stay in order.
  while (!stopping.load()) {
    bhttp::request_parser<bhttp::string_body> parser;
    if (!co_await read_request(*connection, buffer, parser, first)) co_return;
    first = false;
    stream.expires_never();  // the handler may take its time; the next write re-arms

    BeastRequest& msg = parser.get();
    const unsigned version = msg.version();
    bool keep_alive = msg.keep_alive();
    const bool head = msg.method() == bhttp::verb::head;
    std::optional<Request> request = to_request(msg, remote_ip);
    Response response;
    if (!request) {
      response = transport_error(400, "Bad Request");
    } else if (connection->run_inline) {
      response = invoke_handler(listener->handler, *request);
    } else {
      // Handlers block on the database: run them on the worker pool, then resume here.
      response = co_await run_on_pool(workers, listener->handler, *request);
    }
    keep_alive = keep_alive && !stopping.load();  // draining: finish this one, then close

    if (response.stream && !head) {
      auto source = std::move(response.stream);
      co_await run_stream(*connection, std::move(source),
                          response_head(response, HeadOptions{version, false, false, Framing::kUntilClose}, http_date()));
      break;
    }
    response.stream.reset();
    stream.expires_after(milliseconds(limits.body_timeout_ms));
    co_await write_response(stream, response, HeadOptions{version, head, keep_alive, Framing::kContentLength}, ec);
    if (ec || !keep_alive) break;
  }
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream.close();
}

// Streams events: poll the source on the handler pool, write what it returns, then wait
// on a timer that the source's waker (or shutdown) cancels. Heartbeat comments keep
// idle streams alive and reveal a vanished client (the write fails).
asio::awaitable<void> Server::Impl::run_stream(Connection& connection, std::shared_ptr<StreamSource> source,
                                               std::string head) {
  auto& stream = connection.stream;
  beast::error_code ec;
  stream.expires_after(milliseconds(limits.body_timeout_ms));
  co_await asio::async_write(stream, asio::buffer(head), on_error(ec));
  if (ec) co_return;
  auto timer = std::make_shared<asio::steady_timer>(stream.get_executor());
  auto woken = std::make_shared<std::atomic<bool>>(false);
  connection.stream_timer = timer;
  source->set_waker([weak = std::weak_ptr<asio::steady_timer>(timer), woken, executor = stream.get_executor()] {
    woken->store(true);
    asio::post(executor, [weak] {
      if (auto t = weak.lock()) t->cancel();
    });
  });
  const milliseconds heartbeat(std::max(1, limits.stream_heartbeat_ms));
  auto last_write = std::chrono::steady_clock::now();
  while (!stopping.load()) {
    woken->store(false);
    std::optional<std::string> chunk = co_await asio::co_spawn(
        workers.get_executor(),
        [&source]() -> asio::awaitable<std::optional<std::string>> { co_return poll_stream(*source); },
        asio::use_awaitable);
    if (!chunk || stopping.load()) break;
    const auto now = std::chrono::steady_clock::now();
    if (chunk->empty() && now - last_write >= heartbeat) *chunk = ": keep-alive\n\n";
    if (!chunk->empty()) {
      stream.expires_after(milliseconds(limits.body_timeout_ms));
      co_await asio::async_write(stream, asio::buffer(*chunk), on_error(ec));
      if (ec) break;
      stream.expires_never();
      last_write = std::chrono::steady_clock::now();
    }
    if (woken->load()) continue;
    const auto until_heartbeat =
        std::chrono::duration_cast<milliseconds>(heartbeat - (std::chrono::steady_clock::now() - last_write));
    timer->expires_after(std::clamp(std::min(source->poll_interval(), until_heartbeat), milliseconds(1), heartbeat));
    co_await timer->async_wait(on_error(ec));  // operation_aborted: woken or shutting down
  }
  connection.stream_timer.reset();
}

void Server::Impl::close_idle_connections() {
  std::lock_guard lock(mutex);
  for (const auto& [raw, weak] : open_connections) {
    if (auto connection = weak.lock()) {
      asio::post(connection->stream.get_executor(), [connection] {
        if (connection->idle) connection->stream.close();  // cancels the pending read
        // An event stream never finishes by itself: wake it so that it sees `stopping`.
        if (connection->stream_timer) connection->stream_timer->cancel();
      });
    }
  }
}

void Server::Impl::shutdown_and_wait() {
  stopping.store(true);
  asio::post(*contexts.front(), [this] {
    for (auto& listener : listeners) {
      beast::error_code ec;
      listener->acceptor.close(ec);
    }
  });
  close_idle_connections();
  std::unique_lock lock(mutex);
  const bool drained = changed.wait_for(lock, milliseconds(limits.drain_timeout_ms),
                                        [this] { return open_connections.empty(); });
  if (!drained) {
    spdlog::warn("server shutdown: {} connection(s) still open after {} ms drain timeout", open_connections.size(),
                 limits.drain_timeout_ms);
  }
}

Server::Server(ServerLimits limits, int io_threads, int worker_threads)
    : impl_(std::make_unique<Impl>(limits, io_threads, worker_threads)) {}

Server::~Server() {
  stop();
  // Frames still parked on a context reference the pool's completions: join it first.
  impl_->workers.join();
}

int Server::add_listener(const std::string& name, const std::string& host, int port, RequestHandler handler,
                         RoutePolicyFn policy) {
  auto listener = std::make_shared<Listener>(*impl_->contexts.front(), name, std::move(handler));
  listener->policy = std::move(policy);
  boost::system::error_code ec;
  tcp::resolver resolver(*impl_->contexts.front());
  auto endpoints = resolver.resolve(host, std::to_string(port), tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  auto fail = [&](const char* step) {
    throw std::system_error(static_cast<std::error_code>(ec),
                            "listener " + name + " " + host + ":" + std::to_string(port) + ": " + step);
  };
  if (ec) fail("resolve");
  if (endpoints.empty()) fail("no address");
  const tcp::endpoint endpoint = endpoints.begin()->endpoint();
  auto& acceptor = listener->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (ec) fail("open");
  acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (ec) fail("reuse_address");
  acceptor.bind(endpoint, ec);
  if (ec) fail("bind");
  acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) fail("listen");
  const int bound = acceptor.local_endpoint().port();
  impl_->listeners.push_back(std::move(listener));
  return bound;
}

void Server::on_shutdown(std::function<void()> callback) { impl_->shutdown_callbacks.push_back(std::move(callback)); }

void Server::stop() {
  std::lock_guard lock(impl_->mutex);
  impl_->stop_requested = true;
  impl_->changed.notify_all();
}

void Server::run(bool handle_signals) {
  Impl& impl = *impl_;
  if (impl.has_run) throw std::logic_error("Server::run may be called only once");
  impl.has_run = true;

  std::optional<asio::signal_set> signals;
  if (handle_signals) {
    signals.emplace(*impl.contexts.front(), SIGINT, SIGTERM);
    signals->async_wait([this](const boost::system::error_code& ec, int signal) {
      if (ec) return;
      spdlog::info("received signal {}, shutting down", signal);
      stop();
    });
  }
  for (const auto& listener : impl.listeners) {
    asio::co_spawn(*impl.contexts.front(), impl.accept_loop(listener),
                   [](std::exception_ptr e) { log_coroutine_exception("accept loop", e); });
  }

  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
  std::vector<std::thread> threads;
  for (auto& context : impl.contexts) {
    guards.push_back(asio::make_work_guard(*context));
    threads.emplace_back([&context = *context] {
      const EventLoopThread event_loop;  // inline handlers' reads take the non-queueing path
      while (true) {
        try {
          context.run();
          return;
        } catch (const std::exception& e) {
          spdlog::error("io thread: unhandled exception: {}", e.what());
        }
      }
    });
  }

  {
    std::unique_lock lock(impl.mutex);
    impl.changed.wait(lock, [&] { return impl.stop_requested; });
  }
  if (signals) {
    asio::post(*impl.contexts.front(), [&signals] { signals->cancel(); });
  }
  impl.shutdown_and_wait();

  guards.clear();
  for (auto& context : impl.contexts) context->stop();
  for (auto& thread : threads) thread.join();
  for (auto& callback : impl.shutdown_callbacks) {
    try {
      callback();
    } catch (const std::exception& e) {
      spdlog::error("shutdown callback failed: {}", e.what());
    }
  }
  impl.workers.join();
  signals.reset();
  // Destroy what is bound to the contexts while Impl is intact: acceptors first, then
  // the contexts, whose destruction frees any connection frames still parked on them.
  // Reverse order: connection frames on the later contexts may hold the last
  // reference to a Listener whose acceptor is bound to the first context.
  impl.listeners.clear();
  while (!impl.contexts.empty()) impl.contexts.pop_back();
}

}  // namespace soom::http
