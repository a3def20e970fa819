#pragma once
// Keyset cursors of the feed: the (key, id) of the last item served, where key is
// created_at (latest) or the stored score (popular). Opaque to clients (base64url) and
// tagged with the sort so that a cursor of one order is refused by the other.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace soom::community {

struct FeedCursor final {
  std::string sort;  // latest | popular | bookmarks | audit
  std::int64_t key = 0;
  std::string id;
};

std::string encode_cursor(const FeedCursor& cursor);
// nullopt for anything that is not a cursor of `sort`.
std::optional<FeedCursor> decode_cursor(std::string_view text, std::string_view sort);

}  // namespace soom::community
