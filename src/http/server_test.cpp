// End-to-end tests of the Beast server over real loopback sockets. The client is a
// tiny POSIX-socket one on purpose: it must be able to misbehave (pipelining, partial
// heads, oversized bodies) in ways a proper HTTP client would refuse to.
#include "http/server.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include "core/event_loop.hpp"

namespace soom::http {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

struct Reply final {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

class Client final {
 public:
  explicit Client(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw std::runtime_error("connect");
  }
  ~Client() { ::close(fd_); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool send(std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // One response; a HEAD reply has a Content-Length but no body.
  std::optional<Reply> read_reply(bool head_request = false, std::chrono::milliseconds timeout = 5s) {
    const auto deadline = Clock::now() + timeout;
    std::size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!fill(deadline)) return std::nullopt;
    }
    Reply reply;
    const std::string head = buffer_.substr(0, end);
    buffer_.erase(0, end + 4);
    std::size_t line_end = head.find("\r\n");
    const std::string status_line = head.substr(0, line_end);
    reply.status = std::stoi(status_line.substr(9, 3));
    while (line_end != std::string::npos) {
      const std::size_t start = line_end + 2;
      line_end = head.find("\r\n", start);
      const std::string line = head.substr(start, line_end == std::string::npos ? std::string::npos : line_end - start);
      const auto colon = line.find(':');
      std::string name = line.substr(0, colon);
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      reply.headers[name] = value;
    }
    std::size_t length = 0;
    if (auto it = reply.headers.find("content-length"); it != reply.headers.end() && !head_request) {
      length = std::stoul(it->second);
    }
    while (buffer_.size() < length) {
      if (!fill(deadline)) return std::nullopt;
    }
    reply.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return reply;
  }

  // Reads until `needle` has arrived (after any earlier reads); false on timeout or EOF.
  bool wait_for(std::string_view needle, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (buffer_.find(needle) == std::string::npos) {
      if (!fill(deadline)) return false;
    }
    return true;
  }
  const std::string& buffered() const { return buffer_; }

  // True when the server closes (EOF or reset) within `timeout`.
  bool closed_within(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
      pollfd p{fd_, POLLIN, 0};
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (::poll(&p, 1, static_cast<int>(std::max<long>(1, left.count()))) <= 0) continue;
      char c[4096];
      const ssize_t n = ::recv(fd_, c, sizeof c, 0);
      if (n <= 0) return true;
      buffer_.append(c, static_cast<std::size_t>(n));
    }
    return false;
  }

 private:
  bool fill(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char c[8192];
    const ssize_t n = ::recv(fd_, c, sizeof c, 0);
    if (n <= 0) return false;
    buffer_.append(c, static_cast<std::size_t>(n));
    return true;
  }

  int fd_ = -1;
  std::string buffer_;
};

std::string get(std::string_view target, std::string_view extra_headers = "") {
  return "GET " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n" + std::string(extra_headers) + "\r\n";
}

// Echoes what the server decoded, so tests can check the Beast → Request conversion.
Response echo_handler(Request& request) {
  if (request.path == "/slow") std::this_thread::sleep_for(400ms);
  if (request.path.rfind("/sleep/", 0) == 0) std::this_thread::sleep_for(std::chrono::milliseconds(std::stoi(request.path.substr(7))));
  if (request.path == "/throw") throw std::runtime_error("handler exploded");
  std::string query;
  for (const auto& [k, v] : request.query) query += k + "=" + v + ";";
  Response response = Response::text(200, request.method_text + " " + request.path + " q:" + query +
                                              " ip:" + request.remote_ip + " body:" + request.body);
  if (request.method == Method::kHead) {
    response.headers.set("content-length", "1234");
    response.body.clear();
  }
  response.headers.set("x-custom-thing", "yes");
  return response;
}

class RunningServer final {
 public:
  explicit RunningServer(ServerLimits limits, RequestHandler handler = echo_handler, int io_threads = 2,
                         RoutePolicyFn policy = {})
      : server_(limits, io_threads, 4) {
    port_ = server_.add_listener("api", "127.0.0.1", 0, std::move(handler), std::move(policy));
    server_.on_shutdown([this] { shutdown_called_ = true; });
    thread_ = std::thread([this] {
      server_.run(false);
      returned_ = true;
    });
  }
  ~RunningServer() { stop_and_join(); }
  void stop_and_join() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  int port() const { return port_; }
  Server& server() { return server_; }
  bool shutdown_called() const { return shutdown_called_; }
  bool returned() const { return returned_; }

 private:
  Server server_;
  int port_ = 0;
  std::atomic<bool> shutdown_called_{false};
  std::atomic<bool> returned_{false};
  std::thread thread_;
};

ServerLimits small_limits() {
  ServerLimits limits;
  limits.body_limit = 1024;
  limits.header_limit = 1024;
  limits.header_timeout_ms = 300;
  limits.body_timeout_ms = 1000;
  limits.idle_timeout_ms = 2000;
  limits.drain_timeout_ms = 3000;
  return limits;
}

TEST(Server, KeepAliveServesTwoRequestsOnOneSocket) {
  RunningServer server(small_limits());
  Client client(server.port());
  ASSERT_TRUE(client.send(get("/first")));
  auto first = client.read_reply();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(first->body.substr(0, 10), "GET /first");
  EXPECT_EQ(first->headers["server"], "soomcare");
  EXPECT_FALSE(first->headers["date"].empty());
  EXPECT_EQ(first->headers["content-length"], std::to_string(first->body.size()));
  EXPECT_EQ(first->headers["x-custom-thing"], "yes");
  EXPECT_EQ(first->headers.count("connection"), 0u);

  ASSERT_TRUE(client.send("POST /second HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello"));
  auto second = client.read_reply();
  ASSERT_TRUE(second);
  EXPECT_NE(second->body.find("POST /second"), std::string::npos);
  EXPECT_NE(second->body.find("body:hello"), std::string::npos);
  EXPECT_NE(second->body.find("ip:127.0.0.1"), std::string::npos);
}

TEST(Server, PipelinedRequestsAreAnsweredInOrder) {
  RunningServer server(small_limits());
  Client client(server.port());
  // The first is slow: a server answering as handlers finish would reorder them.
  ASSERT_TRUE(client.send(get("/sleep/200") + get("/two") + get("/three")));
  for (const char* expected : {"GET /sleep/200", "GET /two", "GET /three"}) {
    auto reply = client.read_reply();
    ASSERT_TRUE(reply) << expected;
    EXPECT_EQ(reply->body.substr(0, std::string(expected).size()), expected);
  }
}

TEST(Server, DecodesPathAndQuery) {
  RunningServer server(small_limits());
  Client client(server.port());
  ASSERT_TRUE(client.send(get("/v1/%ED%99%8D?name=a+b&tag=%2Fx&flag")));
  auto reply = client.read_reply();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->body.substr(0, reply->body.find(" ip:")), "GET /v1/홍 q:flag=;name=a b;tag=/x;");
}

TEST(Server, RejectsBadPercentEncodingAndNul) {
  RunningServer server(small_limits());
  for (const char* target : {"/a%zz", "/a%00b", "/a?x=%00"}) {
    Client client(server.port());
    ASSERT_TRUE(client.send(get(target)));
    auto reply = client.read_reply();
    ASSERT_TRUE(reply) << target;
    EXPECT_EQ(reply->status, 400) << target;
    EXPECT_EQ(reply->headers["content-type"], "application/problem+json");
  }
}

TEST(Server, HeadKeepsDeclaredLengthWithoutBody) {
  RunningServer server(small_limits());
  Client client(server.port());
  ASSERT_TRUE(client.send("HEAD /x HTTP/1.1\r\nHost: t\r\n\r\n" + get("/after")));
  auto head = client.read_reply(/*head_request=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->headers["content-length"], "1234");
  // If the server had sent a body, it would be parsed as the next status line.
  auto next = client.read_reply();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
  EXPECT_EQ(next->body.substr(0, 10), "GET /after");
}

TEST(Server, OversizedBodyGets413AndClose) {
  RunningServer server(small_limits());
  Client client(server.port());
  const std::string body(100'000, 'x');
  client.send("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: " +
              std::to_string(body.size()) + "\r\n\r\n" + body);
  auto reply = client.read_reply();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 413);
  EXPECT_NE(reply->body.find("PAYLOAD_TOO_LARGE"), std::string::npos);
  EXPECT_EQ(reply->headers["connection"], "close");
  EXPECT_TRUE(client.closed_within(2s));
}

TEST(Server, OversizedChunkedBodyGets413) {
  RunningServer server(small_limits());
  Client client(server.port());
  const std::string chunk(2000, 'y');
  client.send("POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n7d0\r\n" + chunk + "\r\n0\r\n\r\n");
  auto reply = client.read_reply();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 413);
  EXPECT_TRUE(client.closed_within(2s));
}

// Only /upload (POST) may send 4000 bytes; everything else keeps the 1024-byte default.
RoutePolicy upload_limit(Method method, std::string_view path) {
  return RoutePolicy{method == Method::kPost && path == "/upload" ? std::size_t{4000} : 0, false};
}

std::string post_with_length(const std::string& target, const std::string& body) {
  return "POST " + target + " HTTP/1.1\r\nHost: t\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
}

TEST(Server, RouteBodyLimitAllowsLargerUploadOnThatRouteOnly) {
  RunningServer server(small_limits(), echo_handler, 2, upload_limit);
  {
    Client client(server.port());
    ASSERT_TRUE(client.send(post_with_length("/upload?x=1", std::string(3000, 'u'))));
    auto reply = client.read_reply();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 200);
    EXPECT_NE(reply->body.find("body:" + std::string(3000, 'u')), std::string::npos);
  }
  {  // Above the route's own limit.
    Client client(server.port());
    client.send(post_with_length("/upload", std::string(4001, 'u')));
    auto reply = client.read_reply();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 413);
    EXPECT_EQ(reply->headers["content-type"], "application/problem+json");
    EXPECT_TRUE(client.closed_within(2s));
  }
  {  // Another path (and another method on the same path) keeps the server default.
    for (const std::string head : {"POST /other", "PUT /upload"}) {
      Client client(server.port());
      const std::string body(3000, 'o');
      client.send(head + " HTTP/1.1\r\nHost: t\r\nContent-Length: 3000\r\n\r\n" + body);
      auto reply = client.read_reply();
      ASSERT_TRUE(reply) << head;
      EXPECT_EQ(reply->status, 413) << head;
    }
  }
  {  // Chunked: counted against the route's limit as the chunks arrive.
    Client client(server.port());
    const std::string chunk(2000, 'c');  // 0x7d0
    client.send("POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n7d0\r\n" + chunk +
                "\r\n7d0\r\n" + chunk + "\r\n7d0\r\n" + chunk + "\r\n0\r\n\r\n");
    auto reply = client.read_reply();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 413);
  }
  {  // Keep-alive: a small request after an allowed upload on the same socket.
    Client client(server.port());
    ASSERT_TRUE(client.send(post_with_length("/upload", std::string(2500, 'k')) + get("/after")));
    auto first = client.read_reply();
    ASSERT_TRUE(first);
    EXPECT_EQ(first->status, 200);
    auto second = client.read_reply();
    ASSERT_TRUE(second);
    EXPECT_EQ(second->body.substr(0, 10), "GET /after");
  }
}

TEST(Server, InlineRoutesRunOnTheIoThreadOthersOnTheWorkerPool) {
  std::mutex mutex;
  std::map<std::string, std::thread::id> ran_on;  // path → thread of its handler
  std::map<std::string, bool> on_event_loop;      // path → whether that thread is marked as one
  auto recording = [&](Request& request) {
    std::lock_guard lock(mutex);
    ran_on[request.path] = std::this_thread::get_id();
    on_event_loop[request.path] = on_event_loop_thread();
    return Response::text(200, request.path);
  };
  auto policy = [](Method, std::string_view path) { return RoutePolicy{0, path.starts_with("/inline")}; };
  RunningServer server(small_limits(), recording, /*io_threads=*/1, policy);
  for (const std::string path : {"/inline-a", "/inline-b", "/pooled"}) {
    Client client(server.port());  // one connection each: all on the single I/O context
    ASSERT_TRUE(client.send(get(path)));
    auto reply = client.read_reply();
    ASSERT_TRUE(reply) << path;
    EXPECT_EQ(reply->body, path);
  }
  std::lock_guard lock(mutex);
  ASSERT_EQ(ran_on.size(), 3u);
  EXPECT_EQ(ran_on["/inline-a"], ran_on["/inline-b"]);  // the one I/O thread
  EXPECT_NE(ran_on["/pooled"], ran_on["/inline-a"]);    // a worker-pool thread
  EXPECT_NE(ran_on["/pooled"], std::this_thread::get_id());
  // The database layer takes its non-queueing path only on I/O threads.
  EXPECT_TRUE(on_event_loop["/inline-a"]);
  EXPECT_FALSE(on_event_loop["/pooled"]);
}

TEST(Server, OversizedHeadGets431AndClose) {
  RunningServer server(small_limits());
  Client client(server.port());
  client.send(get("/x", "X-Big: " + std::string(2000, 'a') + "\r\n"));
  auto reply = client.read_reply();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 431);
  EXPECT_TRUE(client.closed_within(2s));
}

TEST(Server, SyntaxErrorGets400AndClose) {
  RunningServer server(small_limits());
  Client client(server.port());
  client.send("THIS IS NOT HTTP\r\n\r\n");
  auto reply = client.read_reply();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 400);
  EXPECT_TRUE(client.closed_within(2s));
}

TEST(Server, SlowlorisIsCutOffAtHeaderTimeout) {
  RunningServer server(small_limits());  // header_timeout 300 ms, idle 2 s
  Client client(server.port());
  const auto start = Clock::now();
  ASSERT_TRUE(client.send("GET /x HTTP/1.1\r\nHost: t\r\n"));
  // Keep trickling header bytes: each byte must not extend the deadline.
  bool closed = false;
  while (!closed && Clock::now() - start < 3s) {
    client.send("X");
    closed = client.closed_within(50ms);
  }
  const auto elapsed = Clock::now() - start;
  EXPECT_TRUE(closed);
  EXPECT_GE(elapsed, 250ms);
  EXPECT_LT(elapsed, 1500ms);
}

TEST(Server, IdleKeepAliveConnectionIsClosedAfterIdleTimeout) {
  ServerLimits limits = small_limits();
  limits.idle_timeout_ms = 300;
  RunningServer server(limits);
  Client client(server.port());
  ASSERT_TRUE(client.send(get("/x")));
  ASSERT_TRUE(client.read_reply());
  const auto start = Clock::now();
  EXPECT_TRUE(client.closed_within(2s));
  EXPECT_GE(Clock::now() - start, 250ms);
}

TEST(Server, HandlerExceptionIs500) {
  RunningServer server(small_limits());
  Client client(server.port());
  ASSERT_TRUE(client.send(get("/throw")));
  auto reply = client.read_reply();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 500);
  EXPECT_EQ(reply->body.find("exploded"), std::string::npos);
}

TEST(Server, ExtraConnectionsBeyondTheLimitAreClosed) {
  ServerLimits limits = small_limits();
  limits.max_connections = 2;
  limits.header_timeout_ms = 5000;
  limits.idle_timeout_ms = 5000;
  RunningServer server(limits);
  auto a = std::make_unique<Client>(server.port());
  Client b(server.port());
  // A completed exchange proves each connection holds a slot.
  ASSERT_TRUE(a->send(get("/a")));
  ASSERT_TRUE(a->read_reply());
  ASSERT_TRUE(b.send(get("/b")));
  ASSERT_TRUE(b.read_reply());

  Client refused(server.port());
  EXPECT_TRUE(refused.closed_within(2s));

  a.reset();  // frees a slot (asynchronously), so a later client gets in
  std::optional<Reply> reply;
  for (int attempt = 0; attempt < 50 && !reply; ++attempt) {
    Client c(server.port());
    if (c.send(get("/c"))) reply = c.read_reply(false, 500ms);
  }
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200);
}

TEST(Server, GracefulStopFinishesInFlightRequestAndClosesIdleOnes) {
  RunningServer server(small_limits());
  Client idle(server.port());
  ASSERT_TRUE(idle.send(get("/warmup")));
  ASSERT_TRUE(idle.read_reply());

  Client busy(server.port());
  ASSERT_TRUE(busy.send(get("/slow")));  // handler sleeps 400 ms
  std::this_thread::sleep_for(100ms);
  std::thread stopper([&] { server.stop_and_join(); });

  auto reply = busy.read_reply();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body.substr(0, 9), "GET /slow");
  EXPECT_EQ(reply->headers["connection"], "close");
  EXPECT_TRUE(busy.closed_within(2s));
  EXPECT_TRUE(idle.closed_within(2s));
  stopper.join();
  EXPECT_TRUE(server.returned());
  EXPECT_TRUE(server.shutdown_called());
  // The listener is gone.
  EXPECT_THROW(Client late(server.port()), std::runtime_error);
}

TEST(Server, ExpectContinueGetsInterimResponse) {
  RunningServer server(small_limits());
  Client client(server.port());
  ASSERT_TRUE(client.send("PUT /x HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n"));
  auto interim = client.read_reply(/*head_request=*/true);
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(client.send("abc"));
  auto reply = client.read_reply();
  ASSERT_TRUE(reply);
  EXPECT_NE(reply->body.find("body:abc"), std::string::npos);
}

TEST(Server, SigtermStopsRunWhenSignalsAreHandled) {
  Server server(small_limits(), 1, 1);
  const int port = server.add_listener("api", "127.0.0.1", 0, echo_handler);
  std::atomic<bool> returned{false};
  std::thread runner([&] {
    server.run(/*handle_signals=*/true);
    returned = true;
  });
  {
    // An answered request proves run() is up and its signal handler installed.
    std::optional<Reply> reply;
    for (int attempt = 0; attempt < 50 && !reply; ++attempt) {
      Client c(port);
      if (c.send(get("/ping"))) reply = c.read_reply(false, 200ms);
    }
    ASSERT_TRUE(reply);
  }
  std::raise(SIGTERM);
  runner.join();
  EXPECT_TRUE(returned);
}

TEST(Server, StopBeforeRunReturnsAndUnusedServerDestructsCleanly) {
  {
    Server unused(small_limits(), 2, 2);
    unused.add_listener("api", "127.0.0.1", 0, echo_handler);
  }
  Server server(small_limits(), 2, 2);
  server.add_listener("api", "127.0.0.1", 0, echo_handler);
  bool called = false;
  server.on_shutdown([&] { called = true; });
  server.stop();
  server.run(false);
  EXPECT_TRUE(called);
}

TEST(Server, AddListenerReportsBindFailure) {
  RunningServer first(small_limits());
  Server second(small_limits(), 1, 1);
  EXPECT_THROW(second.add_listener("api", "127.0.0.1", first.port(), echo_handler), std::system_error);
}

// ---- Event streams (Server-Sent Events) ---------------------------------------------------

// A stream whose events the test pushes; its poll interval is long on purpose, so an event
// that arrives quickly proves the waker works.
class QueueSource final : public StreamSource {
 public:
  void push(std::string event) {
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(std::move(event));
    }
    wake();
  }
  void finish() {
    {
      std::lock_guard lock(mutex_);
      finished_ = true;
    }
    wake();
  }
  std::optional<std::string> poll() override {
    std::lock_guard lock(mutex_);
    ++polls_;
    if (finished_ && queue_.empty()) return std::nullopt;
    std::string out;
    for (auto& e : queue_) out += e;
    queue_.clear();
    return out;
  }
  void set_waker(std::function<void()> wake) override {
    std::lock_guard lock(mutex_);
    wake_ = std::move(wake);
  }
  std::chrono::milliseconds poll_interval() const override { return 30s; }
  int polls() {
    std::lock_guard lock(mutex_);
    return polls_;
  }

 private:
  void wake() {
    std::function<void()> w;
    {
      std::lock_guard lock(mutex_);
      w = wake_;
    }
    if (w) w();
  }
  std::mutex mutex_;
  std::deque<std::string> queue_;
  bool finished_ = false;
  int polls_ = 0;
  std::function<void()> wake_;
};

RequestHandler stream_handler(std::shared_ptr<QueueSource> source) {
  return [source](Request& request) {
    if (request.path == "/events") return Response::event_stream(source);
    return echo_handler(request);
  };
}

ServerLimits stream_limits() {
  ServerLimits limits = small_limits();
  limits.stream_heartbeat_ms = 300;
  limits.drain_timeout_ms = 10'000;  // a stream must not make shutdown wait this long
  return limits;
}

TEST(ServerStream, SendsHeadThenWokenEventsThenHeartbeats) {
  auto source = std::make_shared<QueueSource>();
  RunningServer server(stream_limits(), stream_handler(source));
  Client client(server.port());
  ASSERT_TRUE(client.send(get("/events")));
  ASSERT_TRUE(client.wait_for("\r\n\r\n", 2s));
  const std::string head = client.buffered();
  EXPECT_EQ(head.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << head;
  EXPECT_NE(head.find("Content-Type: text/event-stream"), std::string::npos) << head;
  EXPECT_EQ(head.find("Content-Length"), std::string::npos) << head;
  EXPECT_NE(head.find("Connection: close"), std::string::npos) << head;

  source->push("id: 1\ndata: first\n\n");
  ASSERT_TRUE(client.wait_for("data: first", 2s));  // well before the 30 s poll interval
  source->push("id: 2\ndata: second\n\n");
  ASSERT_TRUE(client.wait_for("data: second", 2s));
  ASSERT_TRUE(client.wait_for(": keep-alive\n\n", 2s));
}

TEST(ServerStream, EndsWhenTheSourceEnds) {
  auto source = std::make_shared<QueueSource>();
  RunningServer server(stream_limits(), stream_handler(source));
  Client client(server.port());
  ASSERT_TRUE(client.send(get("/events")));
  ASSERT_TRUE(client.wait_for("\r\n\r\n", 2s));
  source->push("data: last\n\n");
  source->finish();
  ASSERT_TRUE(client.wait_for("data: last", 2s));
  EXPECT_TRUE(client.closed_within(2s));
}

TEST(ServerStream, GracefulStopClosesOpenStreamsPromptly) {
  auto source = std::make_shared<QueueSource>();
  RunningServer server(stream_limits(), stream_handler(source));
  Client client(server.port());
  ASSERT_TRUE(client.send(get("/events")));
  ASSERT_TRUE(client.wait_for("\r\n\r\n", 2s));
  // Other requests still work while a stream is open.
  Client other(server.port());
  ASSERT_TRUE(other.send(get("/ping")));
  auto reply = other.read_reply();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200);

  const auto started = Clock::now();
  server.stop_and_join();
  EXPECT_LT(Clock::now() - started, 3s);  // not the 10 s drain timeout
  EXPECT_TRUE(client.closed_within(1s));
  EXPECT_TRUE(server.returned());
}

TEST(ServerStream, HeadRequestGetsNoStream) {
  auto source = std::make_shared<QueueSource>();
  RunningServer server(stream_limits(), stream_handler(source));
  Client client(server.port());
  ASSERT_TRUE(client.send("HEAD /events HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto reply = client.read_reply(/*head_request=*/true);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(source->polls(), 0);
}

}  // namespace
}  // namespace soom::http
