#pragma once
// A small outgoing HTTP/1.1 client for webhooks and Web Push: http:// (tests, when
// allowed) and https:// (TLS with the system CAs and host name verification). Beast
// stays inside outbound_http.cpp.
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace soom::notification {

struct EndpointUrl final {
  bool tls = true;
  std::string host;
  std::string port;
  std::string target;  // path and query
};

// Accepts https:// URLs; http:// only when `allow_insecure`.
Result<EndpointUrl> parse_endpoint_url(const std::string& url, bool allow_insecure);

struct OutboundRequest final {
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  int timeout_ms = 10'000;
  // Tests only: permits http:// and loopback/private addresses (otherwise refused, so
  // that a user-supplied URL cannot reach the internal network).
  bool allow_insecure = false;
};

struct OutboundResponse final {
  int status = 0;     // 0: no HTTP answer (see error)
  std::string error;  // transport failure, for the delivery log
  std::string body;   // first bytes of the answer
};

OutboundResponse post(const OutboundRequest& request);

}  // namespace soom::notification
