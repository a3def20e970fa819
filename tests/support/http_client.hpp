#pragma once
// A deliberately small HTTP/1.1 client over POSIX sockets for integration tests:
// no Beast here, so the tests exercise the server through a separate implementation.
#include <boost/json.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace soom::testing {

struct HttpResponse final {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  boost::json::value json() const;
  std::string header(const std::string& name) const;
};

struct HttpRequest final {
  std::string method = "GET";
  std::string target = "/";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

class HttpClient final {
 public:
  explicit HttpClient(int port, std::string host = "127.0.0.1") : port_(port), host_(std::move(host)) {}
  // One request on a fresh connection (Connection: close).
  HttpResponse send(const HttpRequest& request) const;
  // Convenience: JSON body, optional bearer token. `route` (the template, e.g.
  // "/v1/records/{id:uuid}") enables capturing the response as a docs example.
  HttpResponse call(const std::string& method, const std::string& target, const std::string& json_body = {},
                    const std::string& token = {}, const std::string& route = {},
                    std::vector<std::pair<std::string, std::string>> extra_headers = {}) const;
  int port() const { return port_; }

 private:
  int port_;
  std::string host_;
};

// Opens a raw TCP connection (for pipelining/slowloris/keep-alive tests). -1 on failure.
int connect_tcp(int port);
// Reads one HTTP response from fd (Content-Length framed). nullopt on EOF/timeout.
// `head_request`: the response to HEAD has Content-Length but no body.
std::optional<HttpResponse> read_response(int fd, int timeout_ms = 10'000, bool head_request = false);
bool write_all(int fd, const std::string& data);

// Saves the response as an example for (method, route, status) when SOOMCARE_CAPTURE_DIR is set.
void capture_example(const std::string& method, const std::string& route, const HttpResponse& response);

}  // namespace soom::testing
