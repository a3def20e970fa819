#pragma once
// Cryptographically secure randomness and identifiers (OpenSSL RAND_bytes).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace soom {

std::vector<std::uint8_t> random_bytes(std::size_t count);
// URL-safe base64 without padding of `count` random bytes (tokens, secrets).
std::string random_token(std::size_t count = 32);
// UUID version 7 (time-ordered, RFC 9562): good index locality for primary keys.
std::string new_uuid_v7();
// Lower-case canonical 8-4-4-4-12 form check; accepts any version.
bool is_uuid(std::string_view text);
// Lower-cases a valid UUID so that lookups are case-insensitive.
std::string normalize_uuid(std::string_view text);

}  // namespace soom
