#include "modules/notification/quiet_hours.hpp"

#include <date/tz.h>

namespace soom::notification {

std::optional<int> parse_hh_mm(const std::string& text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  for (int i : {0, 1, 3, 4}) {
    if (text[static_cast<std::size_t>(i)] < '0' || text[static_cast<std::size_t>(i)] > '9') return std::nullopt;
  }
  const int h = (text[0] - '0') * 10 + (text[1] - '0');
  const int m = (text[3] - '0') * 10 + (text[4] - '0');
  if (h > 23 || m > 59) return std::nullopt;
  return h * 60 + m;
}

std::optional<Instant> quiet_hours_end(Instant now, const std::string& time_zone, const std::string& start,
                                       const std::string& end) {
  const auto start_min = parse_hh_mm(start);
  const auto end_min = parse_hh_mm(end);
  if (!start_min || !end_min || *start_min == *end_min) return std::nullopt;
  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(time_zone);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  using std::chrono::minutes;
  const auto local = zone->to_local(now);
  const auto day = date::floor<date::days>(local);
  const int tod = static_cast<int>(std::chrono::duration_cast<minutes>(local - day).count());
  std::optional<date::local_days> end_day;
  if (*start_min < *end_min) {
    if (tod >= *start_min && tod < *end_min) end_day = day;
  } else if (tod >= *start_min) {
    end_day = day + date::days{1};
  } else if (tod < *end_min) {
    end_day = day;
  }
  if (!end_day) return std::nullopt;
  const auto end_local = date::local_time<std::chrono::milliseconds>(*end_day) + minutes(*end_min);
  return std::chrono::time_point_cast<std::chrono::milliseconds>(zone->to_sys(end_local, date::choose::earliest));
}

}  // namespace soom::notification
