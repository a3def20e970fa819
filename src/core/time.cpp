#include "core/time.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <sstream>

namespace soom {

Instant SystemClock::now() const {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

std::int64_t to_unix_ms(Instant t) { return t.time_since_epoch().count(); }
Instant from_unix_ms(std::int64_t ms) { return Instant{std::chrono::milliseconds{ms}}; }

std::string format_rfc3339(Instant t) { return date::format("%FT%TZ", t); }

std::optional<Instant> parse_rfc3339(std::string_view text) {
  if (text.size() < 20 || text.size() > 40) return std::nullopt;
  if (text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't') || text[13] != ':' ||
      text[16] != ':') {
    return std::nullopt;
  }
  std::string s(text);
  if (s.back() == 'z') s.back() = 'Z';
  std::istringstream in(s);
  date::sys_time<std::chrono::milliseconds> tp;
  if (s.back() == 'Z') {
    in >> date::parse("%FT%TZ", tp);
  } else {
    in >> date::parse("%FT%T%Ez", tp);
  }
  if (in.fail()) return std::nullopt;
  in.peek();
  if (!in.eof()) return std::nullopt;
  return Instant{tp};
}

bool is_valid_time_zone(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  try {
    return date::locate_zone(name) != nullptr;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace soom
