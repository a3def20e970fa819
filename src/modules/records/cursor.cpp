#include "modules/records/cursor.hpp"

#include <charconv>

#include "core/encoding.hpp"
#include "core/random.hpp"

namespace soom::records {
namespace {

constexpr std::string_view kListTag = "l1:";
constexpr std::string_view kSyncTag = "s1:";

std::optional<std::int64_t> parse_int(std::string_view text) {
  std::int64_t value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || value < 0) return std::nullopt;
  return value;
}

}  // namespace

std::string encode_list_cursor(const ListPosition& position) {
  return base64url_encode(std::string(kListTag) + std::to_string(position.occurred_at_ms) + ":" + position.id);
}

std::optional<ListPosition> decode_list_cursor(std::string_view cursor) {
  const auto raw = base64url_decode(cursor);
  if (!raw || !raw->starts_with(kListTag)) return std::nullopt;
  const std::string_view rest = std::string_view(*raw).substr(kListTag.size());
  const auto colon = rest.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const auto ms = parse_int(rest.substr(0, colon));
  const auto id = rest.substr(colon + 1);
  if (!ms || !is_uuid(id)) return std::nullopt;
  return ListPosition{*ms, std::string(id)};
}

std::string encode_sync_cursor(std::int64_t change_seq) {
  return base64url_encode(std::string(kSyncTag) + std::to_string(change_seq));
}

std::optional<std::int64_t> decode_sync_cursor(std::string_view cursor) {
  const auto raw = base64url_decode(cursor);
  if (!raw || !raw->starts_with(kSyncTag)) return std::nullopt;
  return parse_int(std::string_view(*raw).substr(kSyncTag.size()));
}

}  // namespace soom::records
