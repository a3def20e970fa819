#include "support/http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "core/encoding.hpp"

namespace soom::testing {
namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

boost::json::value HttpResponse::json() const { return boost::json::parse(body); }

std::string HttpResponse::header(const std::string& name) const {
  auto it = headers.find(lower(name));
  return it == headers.end() ? std::string() : it->second;
}

int connect_tcp(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    return -1;
  }
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  return fd;
}

bool write_all(int fd, const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    const auto n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

std::optional<HttpResponse> read_response(int fd, int timeout_ms, bool head_request) {
  // Reads byte-wise up to the end of the head so that pipelined responses stay in the socket.
  std::string head;
  char c = 0;
  while (head.size() < 4 || head.compare(head.size() - 4, 4, "\r\n\r\n") != 0) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) return std::nullopt;
    if (::recv(fd, &c, 1, 0) != 1) return std::nullopt;
    head.push_back(c);
    if (head.size() > 65536) return std::nullopt;
  }
  HttpResponse r;
  const auto first_end = head.find("\r\n");
  const auto status_line = head.substr(0, first_end);
  r.status = std::atoi(status_line.substr(9, 3).c_str());
  std::size_t pos = first_end + 2;
  while (pos < head.size() - 2) {
    const auto end = head.find("\r\n", pos);
    const auto line = head.substr(pos, end - pos);
    const auto colon = line.find(':');
    if (colon != std::string::npos) {
      auto value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(value.begin());
      r.headers[lower(line.substr(0, colon))] = value;
    }
    pos = end + 2;
  }
  std::size_t length = 0;
  if (auto it = r.headers.find("content-length"); it != r.headers.end() && !head_request) {
    length = std::stoul(it->second);
  }
  r.body.resize(length);
  std::size_t got = 0;
  while (got < length) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) return std::nullopt;
    const auto n = ::recv(fd, r.body.data() + got, length - got, 0);
    if (n <= 0) return std::nullopt;
    got += static_cast<std::size_t>(n);
  }
  return r;
}

HttpResponse HttpClient::send(const HttpRequest& request) const {
  const int fd = connect_tcp(port_);
  if (fd < 0) throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port_));
  std::string wire = request.method + " " + request.target + " HTTP/1.1\r\nHost: " + host_ + "\r\nConnection: close\r\n";
  bool has_length = false;
  for (const auto& [k, v] : request.headers) {
    wire += k + ": " + v + "\r\n";
    if (lower(k) == "content-length") has_length = true;
  }
  if (!has_length && (!request.body.empty() || request.method == "POST" || request.method == "PUT" ||
                      request.method == "PATCH")) {
    wire += "Content-Length: " + std::to_string(request.body.size()) + "\r\n";
  }
  wire += "\r\n" + request.body;
  write_all(fd, wire);
  auto response = read_response(fd, 30'000, request.method == "HEAD");
  ::close(fd);
  if (!response) throw std::runtime_error("no response for " + request.method + " " + request.target);
  return *response;
}

HttpResponse HttpClient::call(const std::string& method, const std::string& target, const std::string& json_body,
                              const std::string& token, const std::string& route,
                              std::vector<std::pair<std::string, std::string>> extra_headers) const {
  HttpRequest r;
  r.method = method;
  r.target = target;
  r.body = json_body;
  r.headers = std::move(extra_headers);
  if (!json_body.empty()) r.headers.emplace_back("Content-Type", "application/json");
  if (!token.empty()) r.headers.emplace_back("Authorization", "Bearer " + token);
  auto response = send(r);
  if (!route.empty()) capture_example(method, route, response);
  return response;
}

namespace {

// Keys of every object, recursively (array: its first element; null: nothing), in order.
std::string shape_signature(const boost::json::value& v) {
  if (v.is_object()) {
    std::string out = "{";
    for (const auto& kv : v.as_object()) {
      out += std::string(kv.key()) + ":" + shape_signature(kv.value()) + ",";
    }
    return out + "}";
  }
  if (v.is_array()) return v.as_array().empty() ? "[]" : "[" + shape_signature(v.as_array().front()) + "]";
  return v.is_null() ? "" : ".";
}

}  // namespace

void capture_example(const std::string& method, const std::string& route, const HttpResponse& response) {
  const char* dir = std::getenv("SOOMCARE_CAPTURE_DIR");
  if (dir == nullptr || *dir == '\0') return;
  const auto type = response.header("content-type");
  if (type.find("json") == std::string::npos) return;
  boost::system::error_code ec;
  auto body = boost::json::parse(response.body, ec);
  if (ec) return;
  const std::string key = method + " " + route + " " + std::to_string(response.status);
  boost::json::object record{{"key", key}, {"body", body}};
  // One file per (route, status, shape): a status can have several shapes (a problem with
  // or without `errors`, a daily or a weekly schedule), and each must match the
  // documentation. The shape is the whole key structure, so one variant never overwrites
  // another depending on which test ran last.
  const auto name = hex_encode(sha256(key + "|" + shape_signature(body))).substr(0, 24) + ".json";
  const auto path = std::filesystem::path(dir) / name;
  // Unique per write: tests call from several threads, and two writers of one name must not
  // share a temporary file (one rename would find it gone).
  static std::atomic<unsigned> writes{0};
  const auto tmp = path.string() + "." + std::to_string(::getpid()) + "." + std::to_string(writes.fetch_add(1)) + ".tmp";
  std::ofstream(tmp) << boost::json::serialize(record);
  std::filesystem::rename(tmp, path);
}

}  // namespace soom::testing
