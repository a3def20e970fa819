#pragma once
// The status line and header block the server writes in front of a response body.
// Built as one string and sent with the body in a single gather write: Beast's serializer
// walks every field through nested buffer views, ≈ 30k instructions for the ten or so
// fields every response carries (security headers, request id, …).
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace soom::http {

inline constexpr std::string_view kServerName = "soomcare";

enum class Framing {
  kContentLength,  // the body's length is declared (none for 1xx/204/304)
  kUntilClose,     // event streams: the body ends when the connection closes (RFC 9112 §6.3)
};

struct HeadOptions final {
  unsigned version = 11;        // HTTP/1.x minor version × 10 + major, as Beast counts (10, 11)
  bool head_request = false;    // answer to HEAD: the GET's length, no body
  bool keep_alive = true;
  Framing framing = Framing::kContentLength;
};

// Framing and identity fields (Content-Length, Connection, Transfer-Encoding, Keep-Alive,
// Date, Server) come from here, never from the response's own headers. A field whose name
// or value holds CR, LF or NUL is dropped: it would split the head.
std::string response_head(const Response& response, const HeadOptions& options, std::string_view date);

// Whether the body follows the head on the wire.
bool sends_body(const Response& response, const HeadOptions& options);

}  // namespace soom::http
