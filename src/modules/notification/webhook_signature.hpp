#pragma once
// Signature of outgoing webhooks. Receivers recompute
//   v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>
// from the X-Soomcare-Timestamp header and the raw body, compare in constant time and
// reject old timestamps (replay).
#include <cstdint>
#include <string>
#include <string_view>

namespace soom::notification {

inline constexpr const char* kTimestampHeader = "X-Soomcare-Timestamp";
inline constexpr const char* kSignatureHeader = "X-Soomcare-Signature";
inline constexpr const char* kDeliveryHeader = "X-Soomcare-Delivery";

std::string webhook_signature(std::string_view secret, std::int64_t unix_seconds, std::string_view body);

}  // namespace soom::notification
