#include "modules/content/list_cursor.hpp"

#include "core/encoding.hpp"

namespace soom::content {

std::string encode_cursor(std::int64_t at_ms, const std::string& id) {
  return base64url_encode(std::to_string(at_ms) + ":" + id);
}

std::optional<std::pair<std::int64_t, std::string>> decode_cursor(const std::string& cursor) {
  if (cursor.size() > 200) return std::nullopt;
  auto text = base64url_decode(cursor);
  if (!text) return std::nullopt;
  const auto colon = text->find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text->size() || text->size() - colon - 1 > 64) {
    return std::nullopt;
  }
  std::int64_t at = 0;
  for (std::size_t i = 0; i < colon; ++i) {
    const char c = (*text)[i];
    if (c < '0' || c > '9' || i > 15) return std::nullopt;
    at = at * 10 + (c - '0');
  }
  return std::make_pair(at, text->substr(colon + 1));
}

}  // namespace soom::content
