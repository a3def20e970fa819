#include "modules/notification/webhook_signature.hpp"

#include "core/encoding.hpp"

namespace soom::notification {

std::string webhook_signature(std::string_view secret, std::int64_t unix_seconds, std::string_view body) {
  std::string signed_text = std::to_string(unix_seconds);
  signed_text += '.';
  signed_text.append(body);
  return "v1=" + hex_encode(hmac_sha256(secret, signed_text));
}

}  // namespace soom::notification
