#include "modules/community/feed_cursor.hpp"

#include <charconv>

#include "core/encoding.hpp"

namespace soom::community {

std::string encode_cursor(const FeedCursor& cursor) {
  return base64url_encode(cursor.sort + "|" + std::to_string(cursor.key) + "|" + cursor.id);
}

std::optional<FeedCursor> decode_cursor(std::string_view text, std::string_view sort) {
  if (text.empty() || text.size() > 200) return std::nullopt;
  const auto raw = base64url_decode(text);
  if (!raw) return std::nullopt;
  const auto first = raw->find('|');
  if (first == std::string::npos) return std::nullopt;
  const auto second = raw->find('|', first + 1);
  if (second == std::string::npos) return std::nullopt;
  FeedCursor c;
  c.sort = raw->substr(0, first);
  if (c.sort != sort) return std::nullopt;
  const std::string_view key(raw->data() + first + 1, second - first - 1);
  const auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), c.key);
  if (ec != std::errc() || end != key.data() + key.size() || key.empty()) return std::nullopt;
  c.id = raw->substr(second + 1);
  if (c.id.empty() || c.id.size() > 64) return std::nullopt;
  for (const char ch : c.id) {
    const bool ok = (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '-';
    if (!ok) return std::nullopt;
  }
  return c;
}

}  // namespace soom::community
