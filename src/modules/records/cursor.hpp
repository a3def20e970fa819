#pragma once
// Opaque pagination cursors. Clients must treat them as strings; the encoding (base64url of
// a tagged position) lets the server change it later and rejects cursors of another kind.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace soom::records {

// List pages are ordered by (occurred_at DESC, id DESC): the cursor is the last item's key.
struct ListPosition final {
  std::int64_t occurred_at_ms = 0;
  std::string id;
};
std::string encode_list_cursor(const ListPosition& position);
std::optional<ListPosition> decode_list_cursor(std::string_view cursor);

// Sync cursors are the user's change sequence number of the last change delivered.
std::string encode_sync_cursor(std::int64_t change_seq);
std::optional<std::int64_t> decode_sync_cursor(std::string_view cursor);

}  // namespace soom::records
