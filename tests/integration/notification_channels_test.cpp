// Notifications end to end against the real binary: inbox, idempotent test sends, IDOR
// on every route, signed webhooks with retries and the dead letter, SSE resume with
// Last-Event-ID, and Web Push decrypted by a local receiver holding the subscription key.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <deque>
#include <mutex>
#include <thread>

#include "core/encoding.hpp"
#include "core/random.hpp"
#include "support/api_helpers.hpp"
#include "support/server_process.hpp"

namespace soom::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

// ---- A local HTTP receiver (webhook endpoint / push service) --------------------------

struct Received final {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  int answered = 0;
};

class Receiver final {
 public:
  // Answers with `statuses` in order, repeating the last one.
  explicit Receiver(std::vector<int> statuses) : statuses_(std::move(statuses)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd_, 16) != 0) {
      throw std::runtime_error("receiver bind");
    }
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { loop(); });
  }
  ~Receiver() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }
  int port() const { return port_; }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  std::vector<Received> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  bool wait_for_count(std::size_t n, std::chrono::milliseconds timeout) {
    const auto deadline = SteadyClock::now() + timeout;
    while (SteadyClock::now() < deadline) {
      if (requests().size() >= n) return true;
      std::this_thread::sleep_for(20ms);
    }
    return requests().size() >= n;
  }

 private:
  void loop() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) continue;
      serve(c);
      ::close(c);
    }
  }
  void serve(int c) {
    std::string buffer;
    const auto deadline = SteadyClock::now() + 5s;
    auto fill = [&] {
      pollfd p{c, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) return SteadyClock::now() < deadline;
      char chunk[8192];
      const ssize_t n = ::recv(c, chunk, sizeof chunk, 0);
      if (n <= 0) return false;
      buffer.append(chunk, static_cast<std::size_t>(n));
      return true;
    };
    std::size_t end;
    while ((end = buffer.find("\r\n\r\n")) == std::string::npos) {
      if (!fill()) return;
    }
    Received r;
    const std::string head = buffer.substr(0, end);
    std::size_t line_end = head.find("\r\n");
    const std::string first = head.substr(0, line_end);
    r.method = first.substr(0, first.find(' '));
    r.target = first.substr(first.find(' ') + 1, first.rfind(' ') - first.find(' ') - 1);
    while (line_end != std::string::npos) {
      const std::size_t start = line_end + 2;
      line_end = head.find("\r\n", start);
      const std::string line = head.substr(start, line_end == std::string::npos ? std::string::npos : line_end - start);
      const auto colon = line.find(':');
      std::string name = line.substr(0, colon);
      for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      r.headers[name] = value;
    }
    const std::size_t length = r.headers.count("content-length") ? std::stoul(r.headers["content-length"]) : 0;
    while (buffer.size() < end + 4 + length) {
      if (!fill()) return;
    }
    r.body = buffer.substr(end + 4, length);
    int status = 0;
    {
      std::lock_guard lock(mutex_);
      status = statuses_[std::min(requests_.size(), statuses_.size() - 1)];
      r.answered = status;
      requests_.push_back(r);
    }
    const std::string reply = "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    ::send(c, reply.data(), reply.size(), MSG_NOSIGNAL);
  }

  std::vector<int> statuses_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::vector<Received> requests_;
  std::thread thread_;
};

// ---- A raw SSE reader ---------------------------------------------------------------------

class EventStreamReader final {
 public:
  EventStreamReader(int port, const std::string& token, const std::string& last_event_id = {}) {
    fd_ = connect_tcp(port);
    std::string request = "GET /v1/notifications/stream HTTP/1.1\r\nHost: t\r\nAccept: text/event-stream\r\n"
                          "Authorization: Bearer " + token + "\r\n";
    if (!last_event_id.empty()) request += "Last-Event-ID: " + last_event_id + "\r\n";
    write_all(fd_, request + "\r\n");
  }
  ~EventStreamReader() { ::close(fd_); }
  bool wait_for(const std::string& needle, std::chrono::milliseconds timeout) {
    const auto deadline = SteadyClock::now() + timeout;
    while (buffer_.find(needle) == std::string::npos) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
      if (left.count() <= 0) return false;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
      char chunk[8192];
      const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) return false;
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
    return true;
  }
  const std::string& text() const { return buffer_; }
  // "id: N" lines of the events received so far.
  std::vector<std::int64_t> ids() const {
    std::vector<std::int64_t> out;
    std::size_t pos = 0;
    while ((pos = buffer_.find("\nid: ", pos)) != std::string::npos) {
      pos += 5;
      out.push_back(std::stoll(buffer_.substr(pos, buffer_.find('\n', pos) - pos)));
    }
    return out;
  }

 private:
  int fd_ = -1;
  std::string buffer_;
};

// ---- Web Push receiver crypto (RFC 8291 user-agent side, RFC 8292 check) --------------------

struct Keypair final {
  EVP_PKEY* key = nullptr;
  std::string public_raw;
  Keypair() {
    key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    unsigned char* out = nullptr;
    const std::size_t n = EVP_PKEY_get1_encoded_public_key(key, &out);
    public_raw.assign(reinterpret_cast<char*>(out), n);
    OPENSSL_free(out);
  }
  ~Keypair() { EVP_PKEY_free(key); }
};

EVP_PKEY* public_key(const std::string& raw) {
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0);
  OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, raw.data(), raw.size());
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr);
  EVP_PKEY* key = nullptr;
  EVP_PKEY_fromdata_init(ctx);
  EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params);
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(bld);
  return key;
}

std::string hkdf(const std::string& salt, const std::string& ikm, const std::string& info, std::size_t n) {
  return hmac_sha256(hmac_sha256(salt, ikm), info + '\x01').substr(0, n);
}

std::optional<std::string> decrypt_push(const std::string& body, const Keypair& ua, const std::string& auth) {
  if (body.size() < 21 + 65 + 16 || static_cast<unsigned char>(body[20]) != 65) return std::nullopt;
  const std::string salt = body.substr(0, 16);
  const std::string as_public = body.substr(21, 65);
  const std::string ciphertext = body.substr(86);
  EVP_PKEY* peer = public_key(as_public);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_pkey(nullptr, ua.key, nullptr);
  std::string shared(32, '\0');
  std::size_t len = 32;
  EVP_PKEY_derive_init(ctx);
  EVP_PKEY_derive_set_peer(ctx, peer);
  const bool derived = EVP_PKEY_derive(ctx, reinterpret_cast<unsigned char*>(shared.data()), &len) == 1;
  EVP_PKEY_CTX_free(ctx);
  EVP_PKEY_free(peer);
  if (!derived) return std::nullopt;
  const std::string ikm = hkdf(auth, shared, std::string("WebPush: info") + '\0' + ua.public_raw + as_public, 32);
  const std::string cek = hkdf(salt, ikm, std::string("Content-Encoding: aes128gcm") + '\0', 16);
  const std::string nonce = hkdf(salt, ikm, std::string("Content-Encoding: nonce") + '\0', 12);
  std::string tag = ciphertext.substr(ciphertext.size() - 16);
  const std::string data = ciphertext.substr(0, ciphertext.size() - 16);
  EVP_CIPHER_CTX* c = EVP_CIPHER_CTX_new();
  std::string plain(data.size(), '\0');
  int n = 0;
  EVP_DecryptInit_ex(c, EVP_aes_128_gcm(), nullptr, reinterpret_cast<const unsigned char*>(cek.data()),
                     reinterpret_cast<const unsigned char*>(nonce.data()));
  EVP_DecryptUpdate(c, reinterpret_cast<unsigned char*>(plain.data()), &n,
                    reinterpret_cast<const unsigned char*>(data.data()), static_cast<int>(data.size()));
  const int total = n;
  EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, 16, tag.data());
  const bool ok = EVP_DecryptFinal_ex(c, reinterpret_cast<unsigned char*>(plain.data()) + total, &n) == 1;
  EVP_CIPHER_CTX_free(c);
  if (!ok) return std::nullopt;
  plain.resize(static_cast<std::size_t>(total + n));
  if (plain.empty() || plain.back() != '\x02') return std::nullopt;
  plain.pop_back();
  return plain;
}

bool verify_es256(const std::string& jwt, const std::string& public_raw) {
  const auto dot = jwt.rfind('.');
  const std::string input = jwt.substr(0, dot);
  const auto raw = base64url_decode(jwt.substr(dot + 1));
  if (!raw || raw->size() != 64) return false;
  ECDSA_SIG* sig = ECDSA_SIG_new();
  ECDSA_SIG_set0(sig, BN_bin2bn(reinterpret_cast<const unsigned char*>(raw->data()), 32, nullptr),
                 BN_bin2bn(reinterpret_cast<const unsigned char*>(raw->data()) + 32, 32, nullptr));
  unsigned char* der = nullptr;
  const int der_len = i2d_ECDSA_SIG(sig, &der);
  ECDSA_SIG_free(sig);
  EVP_PKEY* key = public_key(public_raw);
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  const bool ok = key != nullptr && EVP_DigestVerifyInit(md, nullptr, EVP_sha256(), nullptr, key) == 1 &&
                  EVP_DigestVerify(md, der, static_cast<std::size_t>(der_len),
                                   reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
  EVP_MD_CTX_free(md);
  EVP_PKEY_free(key);
  OPENSSL_free(der);
  return ok;
}

// ---- Fixture -----------------------------------------------------------------------------------

class NotificationChannelsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ServerProcess::Options options;
    options.env = {{"SOOMCARE_NOTIFICATION_ALLOW_INSECURE_ENDPOINTS", "true"},
                   {"SOOMCARE_NOTIFICATION_MAX_ATTEMPTS", "3"},
                   {"SOOMCARE_NOTIFICATION_BACKOFF_BASE_MS", "100"},
                   {"SOOMCARE_NOTIFICATION_HTTP_TIMEOUT_MS", "2000"}};
    server_ = new TestServer(options);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override { SOOM_REQUIRE_ENGINE(engine_under_test()); }
  HttpClient api() const { return server_->api(); }
  static TestServer* server_;

  static std::string send_test(const HttpClient& api, const TestUser& u) {
    auto r = api.call("POST", "/v1/me/notifications/test", {}, u.access_token, "/v1/me/notifications/test");
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(r.json().at("id").as_string());
  }

  // Polls the deliveries list until one with `status` shows up.
  static std::optional<json::object> wait_for_delivery(const HttpClient& api, const TestUser& u,
                                                       const std::string& status, std::chrono::milliseconds timeout) {
    const auto deadline = SteadyClock::now() + timeout;
    while (SteadyClock::now() < deadline) {
      auto r = api.call("GET", "/v1/notification-deliveries?status=" + status, {}, u.access_token,
                        "/v1/notification-deliveries");
      if (r.status == 200 && !r.json().at("items").as_array().empty()) {
        return r.json().at("items").as_array().front().as_object();
      }
      std::this_thread::sleep_for(50ms);
    }
    return std::nullopt;
  }
};
TestServer* NotificationChannelsTest::server_ = nullptr;

TEST_F(NotificationChannelsTest, InboxReadStateAndIdempotentTestSend) {
  auto api = this->api();
  auto u = create_user(api);
  auto first = api.call("POST", "/v1/me/notifications/test", {}, u.access_token, "/v1/me/notifications/test",
                        {{"Idempotency-Key", "check-1"}});
  ASSERT_EQ(first.status, 201) << first.body;
  auto again = api.call("POST", "/v1/me/notifications/test", {}, u.access_token, "/v1/me/notifications/test",
                        {{"Idempotency-Key", "check-1"}});
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json().at("id"), first.json().at("id"));
  EXPECT_FALSE(again.json().at("created").as_bool());

  auto count = api.call("GET", "/v1/notifications/unread-count", {}, u.access_token, "/v1/notifications/unread-count");
  ASSERT_EQ(count.status, 200);
  EXPECT_EQ(count.json().at("unread").as_int64(), 1);

  auto list = api.call("GET", "/v1/notifications", {}, u.access_token, "/v1/notifications");
  ASSERT_EQ(list.status, 200) << list.body;
  const auto list_body = list.json();
  const auto& items = list_body.at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("kind").as_string(), "test");
  EXPECT_EQ(items[0].at("title").as_string(), "테스트 알림");  // Korean by default
  EXPECT_FALSE(items[0].at("read").as_bool());
  const std::string id(items[0].at("id").as_string());

  auto read = api.call("POST", "/v1/notifications/" + id + "/read", {}, u.access_token,
                       "/v1/notifications/{id:uuid}/read");
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_TRUE(read.json().at("read").as_bool());
  EXPECT_EQ(api.call("GET", "/v1/notifications/unread-count", {}, u.access_token).json().at("unread").as_int64(), 0);

  send_test(api, u);
  send_test(api, u);
  auto all = api.call("POST", "/v1/notifications/read-all", {}, u.access_token, "/v1/notifications/read-all");
  ASSERT_EQ(all.status, 200);
  EXPECT_EQ(all.json().at("updated").as_int64(), 2);

  auto page = api.call("GET", "/v1/notifications?limit=2", {}, u.access_token, "/v1/notifications");
  ASSERT_EQ(page.status, 200);
  ASSERT_EQ(page.json().at("items").as_array().size(), 2u);
  const std::string cursor(page.json().at("next_cursor").as_string());
  auto next = api.call("GET", "/v1/notifications?limit=2&cursor=" + cursor, {}, u.access_token);
  ASSERT_EQ(next.status, 200);
  ASSERT_EQ(next.json().at("items").as_array().size(), 1u);
  EXPECT_TRUE(next.json().at("next_cursor").is_null());

  EXPECT_EQ(api.call("GET", "/v1/notifications?limit=0", {}, u.access_token, "/v1/notifications").status, 400);
  EXPECT_EQ(api.call("GET", "/v1/notifications?cursor=bogus", {}, u.access_token).status, 400);
}

TEST_F(NotificationChannelsTest, EnglishProfileGetsEnglishTexts) {
  auto api = this->api();
  auto u = create_user(api);
  ASSERT_EQ(api.call("PATCH", "/v1/me", R"({"locale":"en-US"})", u.access_token).status, 200);
  send_test(api, u);
  auto list = api.call("GET", "/v1/notifications", {}, u.access_token);
  EXPECT_EQ(list.json().at("items").as_array()[0].at("title").as_string(), "Test notification");
}

TEST_F(NotificationChannelsTest, PreferencesRoundTrip) {
  auto api = this->api();
  auto u = create_user(api);
  auto get = api.call("GET", "/v1/notification-preferences", {}, u.access_token, "/v1/notification-preferences");
  ASSERT_EQ(get.status, 200);
  EXPECT_FALSE(get.json().at("show_details").as_bool());  // private by default
  auto put = api.call("PUT", "/v1/notification-preferences", R"({"show_details":true})", u.access_token,
                      "/v1/notification-preferences");
  ASSERT_EQ(put.status, 200);
  EXPECT_TRUE(put.json().at("show_details").as_bool());
  EXPECT_EQ(api.call("PUT", "/v1/notification-preferences", R"({"show_details":"yes"})", u.access_token,
                     "/v1/notification-preferences")
                .status,
            400);
}

TEST_F(NotificationChannelsTest, WebhookFailingTwiceIsDeliveredOnceWithAValidSignature) {
  auto api = this->api();
  auto u = create_user(api);
  Receiver receiver({500, 502, 200});
  auto created = api.call("POST", "/v1/notification-channels/webhooks",
                          json::serialize(json::object{{"url", receiver.url("/hook")}}), u.access_token,
                          "/v1/notification-channels/webhooks");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string secret(created.json().at("secret").as_string());
  auto listed = api.call("GET", "/v1/notification-channels/webhooks", {}, u.access_token,
                         "/v1/notification-channels/webhooks");
  ASSERT_EQ(listed.status, 200);
  EXPECT_FALSE(listed.json().at("items").as_array()[0].as_object().contains("secret"));  // shown once

  const std::string notification_id = send_test(api, u);
  ASSERT_TRUE(receiver.wait_for_count(3, 20s)) << receiver.requests().size();
  auto sent = wait_for_delivery(api, u, "sent", 5s);
  ASSERT_TRUE(sent);
  EXPECT_EQ(sent->at("attempts").as_int64(), 3);
  std::this_thread::sleep_for(700ms);  // nothing more arrives after the success
  const auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 3u);
  int successes = 0;
  for (const auto& r : requests) {
    successes += r.answered == 200 ? 1 : 0;
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.target, "/hook");
    const std::string ts = r.headers.at("x-soomcare-timestamp");
    EXPECT_EQ(r.headers.at("x-soomcare-signature"), "v1=" + hex_encode(hmac_sha256(secret, ts + "." + r.body)));
    EXPECT_EQ(r.headers.at("x-soomcare-delivery"), sent->at("id").as_string());
    auto body = json::parse(r.body);
    EXPECT_EQ(body.at("notification").at("id").as_string(), notification_id);
    EXPECT_EQ(body.at("notification").at("kind").as_string(), "test");
  }
  EXPECT_EQ(successes, 1);
  EXPECT_EQ(api.call("POST", "/v1/notification-channels/webhooks", R"({"url":"ftp://x"})", u.access_token,
                     "/v1/notification-channels/webhooks")
                .status,
            400);
}

TEST_F(NotificationChannelsTest, AlwaysFailingReceiverEndsInTheDeadLetter) {
  auto api = this->api();
  auto u = create_user(api);
  Receiver receiver({503});
  ASSERT_EQ(api.call("POST", "/v1/notification-channels/webhooks",
                     json::serialize(json::object{{"url", receiver.url("/down")}}), u.access_token)
                .status,
            201);
  send_test(api, u);
  auto dead = wait_for_delivery(api, u, "dead", 20s);
  ASSERT_TRUE(dead);
  EXPECT_EQ(dead->at("attempts").as_int64(), 3);  // notification.max_attempts
  EXPECT_EQ(dead->at("last_status").as_int64(), 503);
  EXPECT_EQ(dead->at("channel").as_string(), "webhook");
  EXPECT_EQ(receiver.requests().size(), 3u);
  auto retry = api.call("POST", "/v1/notification-deliveries/" + std::string(dead->at("id").as_string()) + "/retry",
                        {}, u.access_token, "/v1/notification-deliveries/{id:uuid}/retry");
  EXPECT_EQ(retry.status, 202) << retry.body;
  EXPECT_TRUE(receiver.wait_for_count(4, 10s));
  EXPECT_EQ(api.call("GET", "/v1/notification-deliveries?status=bogus", {}, u.access_token,
                     "/v1/notification-deliveries")
                .status,
            400);
}

TEST_F(NotificationChannelsTest, StreamResumesWithLastEventId) {
  auto api = this->api();
  auto u = create_user(api);
  std::vector<std::int64_t> seen;
  {
    EventStreamReader stream(api.port(), u.access_token);
    ASSERT_TRUE(stream.wait_for("retry: 3000\n\n", 5s)) << stream.text();
    EXPECT_EQ(stream.text().rfind("HTTP/1.1 200", 0), 0u) << stream.text();
    EXPECT_NE(stream.text().find("text/event-stream"), std::string::npos);
    send_test(api, u);
    send_test(api, u);
    ASSERT_TRUE(stream.wait_for("id: 2\n", 5s)) << stream.text();
    seen = stream.ids();
    EXPECT_NE(stream.text().find("event: notification\ndata: {"), std::string::npos);
  }
  ASSERT_EQ(seen, (std::vector<std::int64_t>{1, 2}));
  const std::string missed = send_test(api, u);  // while disconnected
  {
    EventStreamReader stream(api.port(), u.access_token, "2");
    ASSERT_TRUE(stream.wait_for("id: 3\n", 5s)) << stream.text();
    EXPECT_EQ(stream.ids(), (std::vector<std::int64_t>{3}));  // replayed from the inbox, nothing twice
    EXPECT_NE(stream.text().find(missed), std::string::npos);
    send_test(api, u);  // then live
    ASSERT_TRUE(stream.wait_for("id: 4\n", 5s)) << stream.text();
  }
  {
    EventStreamReader bad(api.port(), u.access_token, "abc");
    ASSERT_TRUE(bad.wait_for("\r\n\r\n", 5s));
    EXPECT_EQ(bad.text().rfind("HTTP/1.1 400", 0), 0u) << bad.text();
  }
  {
    EventStreamReader anonymous(api.port(), "not-a-token");
    ASSERT_TRUE(anonymous.wait_for("\r\n\r\n", 5s));
    EXPECT_EQ(anonymous.text().rfind("HTTP/1.1 401", 0), 0u) << anonymous.text();
  }
}

TEST_F(NotificationChannelsTest, WebPushIsEncryptedForTheSubscriptionAndSignedWithVapid) {
  auto api = this->api();
  auto u = create_user(api);
  auto vapid = api.call("GET", "/v1/notification-channels/web-push/vapid-public-key", {}, u.access_token,
                        "/v1/notification-channels/web-push/vapid-public-key");
  ASSERT_EQ(vapid.status, 200) << vapid.body;
  const std::string server_key(vapid.json().at("public_key").as_string());
  ASSERT_EQ(base64url_decode(server_key)->size(), 65u);

  Receiver push_service({201});
  Keypair browser;
  const auto auth_bytes = random_bytes(16);
  const std::string auth(auth_bytes.begin(), auth_bytes.end());
  auto sub = api.call("POST", "/v1/notification-channels/web-push",
                      json::serialize(json::object{{"endpoint", push_service.url("/push/device-1")},
                                                   {"keys", json::object{{"p256dh", base64url_encode(browser.public_raw)},
                                                                         {"auth", base64url_encode(auth)}}}}),
                      u.access_token, "/v1/notification-channels/web-push");
  ASSERT_EQ(sub.status, 201) << sub.body;
  const auto before = std::chrono::system_clock::now();
  send_test(api, u);
  ASSERT_TRUE(push_service.wait_for_count(1, 15s));
  const auto r = push_service.requests().front();
  EXPECT_EQ(r.target, "/push/device-1");
  EXPECT_EQ(r.headers.at("content-encoding"), "aes128gcm");
  EXPECT_FALSE(r.headers.at("ttl").empty());
  const std::string authorization = r.headers.at("authorization");
  ASSERT_EQ(authorization.rfind("vapid t=", 0), 0u) << authorization;
  const auto comma = authorization.find(", k=");
  ASSERT_NE(comma, std::string::npos);
  const std::string jwt = authorization.substr(8, comma - 8);
  EXPECT_EQ(authorization.substr(comma + 4), server_key);
  EXPECT_TRUE(verify_es256(jwt, *base64url_decode(server_key)));
  auto claims = json::parse(*base64url_decode(jwt.substr(jwt.find('.') + 1, jwt.rfind('.') - jwt.find('.') - 1)));
  EXPECT_EQ(claims.at("aud").as_string(), "http://127.0.0.1:" + std::to_string(push_service.port()));
  const auto exp = claims.at("exp").as_int64();
  const auto now_s = std::chrono::duration_cast<std::chrono::seconds>(before.time_since_epoch()).count();
  EXPECT_GT(exp, now_s);
  EXPECT_LE(exp, now_s + 24 * 3600);  // RFC 8292 §2: at most 24 hours

  auto plain = decrypt_push(r.body, browser, auth);
  ASSERT_TRUE(plain) << "payload did not decrypt with the subscription's private key";
  auto payload = json::parse(*plain);
  EXPECT_EQ(payload.at("kind").as_string(), "test");
  EXPECT_EQ(payload.at("title").as_string(), "테스트 알림");
  EXPECT_TRUE(wait_for_delivery(api, u, "sent", 5s));

  auto bad = api.call("POST", "/v1/notification-channels/web-push",
                      R"({"endpoint":"http://127.0.0.1:1/x","keys":{"p256dh":"AAAA","auth":"AAAA"}})", u.access_token,
                      "/v1/notification-channels/web-push");
  EXPECT_EQ(bad.status, 400);
}

TEST_F(NotificationChannelsTest, GoneSubscriptionIsForgotten) {
  auto api = this->api();
  auto u = create_user(api);
  Receiver push_service({410});
  Keypair browser;
  const std::string auth = "0123456789abcdef";
  ASSERT_EQ(api.call("POST", "/v1/notification-channels/web-push",
                     json::serialize(json::object{{"endpoint", push_service.url("/push/gone")},
                                                  {"keys", json::object{{"p256dh", base64url_encode(browser.public_raw)},
                                                                        {"auth", base64url_encode(auth)}}}}),
                     u.access_token)
                .status,
            201);
  send_test(api, u);
  ASSERT_TRUE(push_service.wait_for_count(1, 15s));
  ASSERT_TRUE(wait_for_delivery(api, u, "failed", 5s));
  auto list = api.call("GET", "/v1/notification-channels/web-push", {}, u.access_token,
                       "/v1/notification-channels/web-push");
  ASSERT_EQ(list.status, 200);
  EXPECT_TRUE(list.json().at("items").as_array().empty());
}

TEST_F(NotificationChannelsTest, NoRouteLetsOneUserTouchAnothersData) {
  auto api = this->api();
  auto owner = create_user(api);
  auto other = create_user(api);
  Receiver receiver({200});
  const std::string notification_id = send_test(api, owner);
  auto hook = api.call("POST", "/v1/notification-channels/webhooks",
                       json::serialize(json::object{{"url", receiver.url("/h")}}), owner.access_token);
  ASSERT_EQ(hook.status, 201);
  const std::string hook_id(hook.json().at("id").as_string());
  Keypair browser;
  auto sub = api.call("POST", "/v1/notification-channels/web-push",
                      json::serialize(json::object{{"endpoint", receiver.url("/p")},
                                                   {"keys", json::object{{"p256dh", base64url_encode(browser.public_raw)},
                                                                         {"auth", base64url_encode("0123456789abcdef")}}}}),
                      owner.access_token);
  ASSERT_EQ(sub.status, 201);
  const std::string sub_id(sub.json().at("id").as_string());
  send_test(api, owner);  // creates deliveries to both channels
  auto delivery = wait_for_delivery(api, owner, "sent", 15s);
  ASSERT_TRUE(delivery);
  const std::string delivery_id(delivery->at("id").as_string());

  const auto& t = other.access_token;
  auto read = api.call("POST", "/v1/notifications/" + notification_id + "/read", {}, t, "/v1/notifications/{id:uuid}/read");
  EXPECT_EQ(read.status, 404);
  auto del_hook = api.call("DELETE", "/v1/notification-channels/webhooks/" + hook_id, {}, t,
                           "/v1/notification-channels/webhooks/{id:uuid}");
  EXPECT_EQ(del_hook.status, 404);
  auto del_sub = api.call("DELETE", "/v1/notification-channels/web-push/" + sub_id, {}, t,
                          "/v1/notification-channels/web-push/{id:uuid}");
  EXPECT_EQ(del_sub.status, 404);
  auto retry = api.call("POST", "/v1/notification-deliveries/" + delivery_id + "/retry", {}, t,
                        "/v1/notification-deliveries/{id:uuid}/retry");
  EXPECT_EQ(retry.status, 404);
  EXPECT_TRUE(api.call("GET", "/v1/notifications", {}, t).json().at("items").as_array().empty());
  EXPECT_EQ(api.call("GET", "/v1/notifications/unread-count", {}, t).json().at("unread").as_int64(), 0);
  EXPECT_EQ(api.call("POST", "/v1/notifications/read-all", {}, t).json().at("updated").as_int64(), 0);
  EXPECT_TRUE(api.call("GET", "/v1/notification-channels/webhooks", {}, t).json().at("items").as_array().empty());
  EXPECT_TRUE(api.call("GET", "/v1/notification-channels/web-push", {}, t).json().at("items").as_array().empty());
  EXPECT_TRUE(api.call("GET", "/v1/notification-deliveries", {}, t).json().at("items").as_array().empty());
  // The owner still has everything, and can delete it.
  EXPECT_EQ(api.call("POST", "/v1/notifications/" + notification_id + "/read", {}, owner.access_token).status, 200);
  EXPECT_EQ(api.call("DELETE", "/v1/notification-channels/webhooks/" + hook_id, {}, owner.access_token,
                     "/v1/notification-channels/webhooks/{id:uuid}")
                .status,
            204);
  EXPECT_EQ(api.call("DELETE", "/v1/notification-channels/web-push/" + sub_id, {}, owner.access_token,
                     "/v1/notification-channels/web-push/{id:uuid}")
                .status,
            204);

  // Without a token every route is 401.
  const std::vector<std::tuple<std::string, std::string, std::string>> routes{
      {"GET", "/v1/notifications", "/v1/notifications"},
      {"GET", "/v1/notifications/unread-count", "/v1/notifications/unread-count"},
      {"POST", "/v1/notifications/" + notification_id + "/read", "/v1/notifications/{id:uuid}/read"},
      {"POST", "/v1/notifications/read-all", "/v1/notifications/read-all"},
      {"GET", "/v1/notifications/stream", "/v1/notifications/stream"},
      {"POST", "/v1/me/notifications/test", "/v1/me/notifications/test"},
      {"GET", "/v1/notification-preferences", "/v1/notification-preferences"},
      {"PUT", "/v1/notification-preferences", "/v1/notification-preferences"},
      {"POST", "/v1/notification-channels/webhooks", "/v1/notification-channels/webhooks"},
      {"GET", "/v1/notification-channels/webhooks", "/v1/notification-channels/webhooks"},
      {"DELETE", "/v1/notification-channels/webhooks/" + hook_id, "/v1/notification-channels/webhooks/{id:uuid}"},
      {"POST", "/v1/notification-channels/web-push", "/v1/notification-channels/web-push"},
      {"GET", "/v1/notification-channels/web-push", "/v1/notification-channels/web-push"},
      {"DELETE", "/v1/notification-channels/web-push/" + sub_id, "/v1/notification-channels/web-push/{id:uuid}"},
      {"GET", "/v1/notification-channels/web-push/vapid-public-key",
       "/v1/notification-channels/web-push/vapid-public-key"},
      {"GET", "/v1/notification-deliveries", "/v1/notification-deliveries"},
      {"POST", "/v1/notification-deliveries/" + delivery_id + "/retry", "/v1/notification-deliveries/{id:uuid}/retry"},
  };
  for (const auto& [method, target, route] : routes) {
    auto r = api.call(method, target, {}, {}, route == "/v1/notifications/stream" ? "" : route);
    EXPECT_EQ(r.status, 401) << method << " " << target;
  }
}

}  // namespace
}  // namespace soom::testing
