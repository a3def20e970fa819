#pragma once
// Small text helpers of the community context.
#include <cstddef>
#include <string>
#include <string_view>

namespace soom::community {

// Trimmed, whitespace runs collapsed to one space, ASCII lower-cased: two bodies that
// differ only in spacing or case count as the same post.
std::string normalize_body(std::string_view body);
// At most `max_chars` code points of valid UTF-8 text, with "…" when cut.
std::string excerpt(std::string_view text, std::size_t max_chars);
// Client-chosen idempotency keys: 1–64 of [A-Za-z0-9_-].
bool is_valid_client_id(std::string_view id);

}  // namespace soom::community
