// Outgoing HTTP for the notification channels. Each call runs its own io_context on the
// calling (worker) thread, so timeouts are Beast's per-operation expiries.
#include "modules/notification/outbound_http.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <chrono>

namespace soom::notification {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

constexpr std::size_t kMaxResponseBody = 64 << 10;
constexpr std::size_t kKeptBody = 512;

bool is_internal(const asio::ip::address& address) {
  if (address.is_loopback() || address.is_unspecified() || address.is_multicast()) return true;
  if (address.is_v6()) {
    const auto v6 = address.to_v6();
    if (v6.is_v4_mapped()) return is_internal(asio::ip::make_address_v4(asio::ip::v4_mapped, v6));
    const auto b = v6.to_bytes();
    return v6.is_link_local() || v6.is_site_local() || (b[0] & 0xfe) == 0xfc;  // fc00::/7 unique local
  }
  const auto b = address.to_v4().to_bytes();
  return b[0] == 10 || b[0] == 0 || (b[0] == 172 && (b[1] & 0xf0) == 16) || (b[0] == 192 && b[1] == 168) ||
         (b[0] == 169 && b[1] == 254) || (b[0] == 100 && (b[1] & 0xc0) == 64);
}

auto on_error(beast::error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

template <typename Stream>
asio::awaitable<void> exchange(Stream& stream, beast::tcp_stream& lowest, const EndpointUrl& url,
                               const OutboundRequest& request, std::chrono::milliseconds timeout,
                               OutboundResponse& out) {
  beast::error_code ec;
  bhttp::request<bhttp::string_body> req{bhttp::verb::post, url.target, 11};
  const bool default_port = (url.tls && url.port == "443") || (!url.tls && url.port == "80");
  req.set(bhttp::field::host, default_port ? url.host : url.host + ":" + url.port);
  req.set(bhttp::field::user_agent, "SoomCare-Notifications/1");
  for (const auto& [name, value] : request.headers) req.set(name, value);
  req.body() = request.body;
  req.prepare_payload();
  req.keep_alive(false);
  lowest.expires_after(timeout);
  co_await bhttp::async_write(stream, req, on_error(ec));
  if (ec) {
    out.error = "write: " + ec.message();
    co_return;
  }
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(kMaxResponseBody);
  co_await bhttp::async_read(stream, buffer, parser, on_error(ec));
  if (ec) {
    out.error = "read: " + ec.message();
    co_return;
  }
  out.status = static_cast<int>(parser.get().result_int());
  out.body = parser.get().body().substr(0, kKeptBody);
}

asio::awaitable<void> run(asio::io_context& io, const EndpointUrl& url, const OutboundRequest& request,
                          OutboundResponse& out) {
  const std::chrono::milliseconds timeout(request.timeout_ms);
  beast::error_code ec;
  tcp::resolver resolver(io);
  auto results = co_await resolver.async_resolve(url.host, url.port, on_error(ec));
  if (ec) {
    out.error = "resolve: " + ec.message();
    co_return;
  }
  std::vector<tcp::endpoint> endpoints;
  for (const auto& entry : results) {
    if (!request.allow_insecure && is_internal(entry.endpoint().address())) continue;
    endpoints.push_back(entry.endpoint());
  }
  if (endpoints.empty()) {
    out.error = "refused: the host resolves only to internal addresses";
    co_return;
  }
  if (!url.tls) {
    beast::tcp_stream stream(io);
    stream.expires_after(timeout);
    co_await stream.async_connect(endpoints, on_error(ec));
    if (ec) {
      out.error = "connect: " + ec.message();
      co_return;
    }
    co_await exchange(stream, stream, url, request, timeout, out);
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    co_return;
  }
  asio::ssl::context tls(asio::ssl::context::tls_client);
  tls.set_default_verify_paths();
  tls.set_verify_mode(asio::ssl::verify_peer);
  tls.set_options(asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
  beast::ssl_stream<beast::tcp_stream> stream(io, tls);
  if (!SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str())) {
    out.error = "tls: cannot set SNI";
    co_return;
  }
  stream.set_verify_callback(asio::ssl::host_name_verification(url.host));
  auto& lowest = beast::get_lowest_layer(stream);
  lowest.expires_after(timeout);
  co_await lowest.async_connect(endpoints, on_error(ec));
  if (ec) {
    out.error = "connect: " + ec.message();
    co_return;
  }
  co_await stream.async_handshake(asio::ssl::stream_base::client, on_error(ec));
  if (ec) {
    out.error = "tls handshake: " + ec.message();
    co_return;
  }
  co_await exchange(stream, lowest, url, request, timeout, out);
  lowest.expires_after(timeout);
  co_await stream.async_shutdown(on_error(ec));  // peers often just close: ignore errors
}

}  // namespace

Result<EndpointUrl> parse_endpoint_url(const std::string& text, bool allow_insecure) {
  auto bad = [](std::string message) { return Error::validation("url", "invalid", std::move(message)); };
  if (text.size() > 2048) return bad("URL이 너무 깁니다");
  auto parsed = boost::urls::parse_absolute_uri(text);
  if (!parsed) return bad("올바른 URL이 아닙니다");
  const auto& u = *parsed;
  EndpointUrl out;
  if (u.scheme() == "https") {
    out.tls = true;
  } else if (u.scheme() == "http" && allow_insecure) {
    out.tls = false;
  } else {
    return bad("https:// 주소만 사용할 수 있습니다");
  }
  if (u.has_userinfo()) return bad("URL에 사용자 정보를 넣을 수 없습니다");
  out.host = u.host_address();
  if (out.host.empty()) return bad("호스트가 없습니다");
  if (!out.host.empty() && out.host.front() == '[') out.host = out.host.substr(1, out.host.size() - 2);
  out.port = u.has_port() ? std::string(u.port()) : (out.tls ? "443" : "80");
  out.target = std::string(u.encoded_path());
  if (out.target.empty()) out.target = "/";
  if (u.has_query()) out.target += "?" + std::string(u.encoded_query());
  return out;
}

OutboundResponse post(const OutboundRequest& request) {
  OutboundResponse out;
  auto url = parse_endpoint_url(request.url, request.allow_insecure);
  if (!url) {
    out.error = "bad url";
    return out;
  }
  try {
    asio::io_context io(1);
    asio::co_spawn(io, run(io, *url, request, out), [&out](std::exception_ptr e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        out.error = ex.what();
      }
    });
    io.run();
  } catch (const std::exception& e) {
    out.error = e.what();
  }
  return out;
}

}  // namespace soom::notification
