#pragma once
// Byte/text encodings shared by tokens, hashes and validation.
#include <optional>
#include <string>
#include <string_view>

namespace soom {

std::string base64url_encode(std::string_view bytes);
std::optional<std::string> base64url_decode(std::string_view text);
std::string base64_encode(std::string_view bytes);
std::string hex_encode(std::string_view bytes);
std::string base32_encode(std::string_view bytes);  // RFC 4648, no padding (TOTP secrets)
std::optional<std::string> base32_decode(std::string_view text);

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF).
bool is_valid_utf8(std::string_view text);
// Number of Unicode code points (text must be valid UTF-8).
std::size_t utf8_length(std::string_view text);
// Constant-time equality for secrets.
bool constant_time_equals(std::string_view a, std::string_view b);
// SHA-256 digest (raw bytes).
std::string sha256(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);

}  // namespace soom
