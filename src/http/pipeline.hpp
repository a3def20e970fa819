#pragma once
// The request pipeline around the router: request id, CORS, security headers,
// routing (404/405/OPTIONS/HEAD), authentication, role checks, error mapping and
// the access log/metrics hook. Transport-neutral: server.cpp feeds it Requests.
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "http/router.hpp"

namespace soom::http {

// Verifies a bearer token (JWT + revocation); implemented by the identity module's adapter.
class TokenVerifier {
 public:
  virtual ~TokenVerifier() = default;
  virtual Result<Principal> verify(std::string_view bearer_token) = 0;
};

// Observes every finished request (access log, metrics). Never sees bodies.
struct RequestRecord final {
  std::string listener;
  std::string request_id;
  std::string method;
  std::string route;  // template, or "unmatched"
  int status = 0;
  std::chrono::microseconds latency{0};
  std::string user_id;
  std::string remote_ip;
};

class RequestObserver {
 public:
  virtual ~RequestObserver() = default;
  virtual void on_request(const RequestRecord& record) = 0;
};

struct PipelineOptions final {
  std::string listener_name = "api";
  std::vector<std::string> cors_origins;  // empty: CORS off; {"*"}: any
};

class Pipeline final {
 public:
  Pipeline(PipelineOptions options, std::shared_ptr<const Router> router, std::shared_ptr<TokenVerifier> verifier,
           std::vector<std::shared_ptr<RequestObserver>> observers);
  // Never throws: unexpected exceptions become a 500 problem with the request id, logged.
  Response handle(Request& request) const;

 private:
  Response dispatch(Request& request) const;
  void apply_common_headers(const Request& request, Response& response) const;
  PipelineOptions options_;
  std::shared_ptr<const Router> router_;
  std::shared_ptr<TokenVerifier> verifier_;
  std::vector<std::shared_ptr<RequestObserver>> observers_;
};

}  // namespace soom::http
