#pragma once
// Opaque keyset cursors: base64url of "<millis>:<id>" (the last item of the previous page).
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace soom::content {

std::string encode_cursor(std::int64_t at_ms, const std::string& id);
std::optional<std::pair<std::int64_t, std::string>> decode_cursor(const std::string& cursor);

}  // namespace soom::content
