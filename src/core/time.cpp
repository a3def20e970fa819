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

// Hand-formatted: date::format goes through an ostringstream and dominated the cost
// of rendering a record list (see bench/RESULTS.md).
std::string format_rfc3339(Instant t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd(day);
  auto ms = (t - day).count();
  const int hour = static_cast<int>(ms / 3'600'000);
  ms %= 3'600'000;
  const int minute = static_cast<int>(ms / 60'000);
  ms %= 60'000;
  const int second = static_cast<int>(ms / 1000);
  const int milli = static_cast<int>(ms % 1000);
  const int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999) return date::format("%FT%TZ", t);
  char buf[32];
  auto put = [&buf](int pos, int value, int width) {
    for (int i = width - 1; i >= 0; --i) {
      buf[pos + i] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
  };
  put(0, year, 4);
  buf[4] = '-';
  put(5, static_cast<int>(static_cast<unsigned>(ymd.month())), 2);
  buf[7] = '-';
  put(8, static_cast<int>(static_cast<unsigned>(ymd.day())), 2);
  buf[10] = 'T';
  put(11, hour, 2);
  buf[13] = ':';
  put(14, minute, 2);
  buf[16] = ':';
  put(17, second, 2);
  buf[19] = '.';
  put(20, milli, 3);
  buf[23] = 'Z';
  return std::string(buf, 24);
}

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
