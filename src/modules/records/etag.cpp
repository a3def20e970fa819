#include "modules/records/etag.hpp"

#include <charconv>

namespace soom::records {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<std::int64_t> parse_tag(std::string_view tag) {
  tag = trim(tag);
  // If-Match requires strong comparison, but clients and proxies that weaken tags are
  // common; our tags name an exact version either way, so W/ is accepted.
  if (tag.starts_with("W/") || tag.starts_with("w/")) tag.remove_prefix(2);
  if (tag.size() < 2 || tag.front() != '"' || tag.back() != '"') return std::nullopt;
  tag = tag.substr(1, tag.size() - 2);
  if (tag.empty() || tag.front() != 'v') return std::nullopt;
  tag.remove_prefix(1);
  std::int64_t v = 0;
  const auto [ptr, ec] = std::from_chars(tag.data(), tag.data() + tag.size(), v);
  if (ec != std::errc() || ptr != tag.data() + tag.size() || v < 1) return std::nullopt;
  return v;
}

}  // namespace

std::string etag_of(std::int64_t version) { return "\"v" + std::to_string(version) + "\""; }

IfMatch parse_if_match(std::string_view header) {
  IfMatch out;
  header = trim(header);
  if (header == "*") {
    out.any = true;
    return out;
  }
  while (!header.empty()) {
    const auto comma = header.find(',');
    if (auto v = parse_tag(header.substr(0, comma)); v && !out.version) out.version = v;
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  out.malformed = !out.version;
  return out;
}

}  // namespace soom::records
