#include "http/response_head.hpp"

#include <boost/beast/http/status.hpp>

#include <charconv>
#include <optional>
#include <utility>

namespace soom::http {
namespace {

namespace bhttp = boost::beast::http;  // reason phrases

bool bodyless_status(int status) { return status / 100 == 1 || status == 204 || status == 304; }

bool is_transport_field(std::string_view name) {
  return name == "content-length" || name == "connection" || name == "transfer-encoding" || name == "keep-alive" ||
         name == "date" || name == "server";
}

// A plain loop: find_first_of with a set calls memchr once per character.
bool splits_head(std::string_view text) {
  for (const char c : text) {
    if (c == '\r' || c == '\n' || c == '\0') return true;
  }
  return false;
}

// Fields whose registered spelling is not one capital per hyphen-separated word.
constexpr std::pair<std::string_view, std::string_view> kIrregularNames[] = {
    {"etag", "ETag"}, {"www-authenticate", "WWW-Authenticate"}, {"content-md5", "Content-MD5"},
    {"x-xss-protection", "X-XSS-Protection"}, {"te", "TE"}, {"dnt", "DNT"}};

// Names are stored lower-case (Headers); the wire gets the usual spelling ("X-Request-Id").
void append_name(std::string& out, std::string_view lower) {
  for (const auto& [name, spelling] : kIrregularNames) {
    if (lower == name) {
      out += spelling;
      return;
    }
  }
  bool start = true;
  for (const char c : lower) {
    out += start && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    start = c == '-';
  }
}

void append_number(std::string& out, std::size_t n) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  out.append(digits, end);
}

void append_field(std::string& out, std::string_view name, std::string_view value) {
  out += name;
  out += ": ";
  out += value;
  out += "\r\n";
}

}  // namespace

bool sends_body(const Response& response, const HeadOptions& options) {
  if (options.framing == Framing::kUntilClose) return !options.head_request;
  return !options.head_request && !bodyless_status(response.status);
}

std::string response_head(const Response& response, const HeadOptions& options, std::string_view date) {
  std::string out;
  out.reserve(256 + response.headers.all().size() * 48);
  out += options.version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  append_number(out, static_cast<std::size_t>(response.status));
  out += ' ';
  const auto reason = bhttp::obsolete_reason(static_cast<bhttp::status>(response.status));
  out.append(reason.data(), reason.size());
  out += "\r\n";

  std::optional<std::string_view> declared_length;
  for (const auto& [name, value] : response.headers.all()) {
    if (name == "content-length") {
      declared_length = value;  // a HEAD answer declares the GET's length
      continue;
    }
    if (is_transport_field(name) || splits_head(name) || splits_head(value)) continue;
    append_name(out, name);
    out += ": ";
    out += value;
    out += "\r\n";
  }
  append_field(out, "Server", kServerName);
  append_field(out, "Date", date);

  if (options.framing == Framing::kUntilClose) {
    append_field(out, "Connection", "close");
  } else {
    if (!bodyless_status(response.status)) {
      out += "Content-Length: ";
      if (options.head_request && declared_length && !splits_head(*declared_length)) {
        out += *declared_length;
      } else {
        append_number(out, response.body.size());
      }
      out += "\r\n";
    }
    // HTTP/1.1 connections persist unless closed; HTTP/1.0 ones close unless kept.
    if (options.version >= 11 && !options.keep_alive) append_field(out, "Connection", "close");
    if (options.version < 11 && options.keep_alive) append_field(out, "Connection", "keep-alive");
  }
  out += "\r\n";
  return out;
}

}  // namespace soom::http
