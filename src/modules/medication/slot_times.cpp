#include "modules/medication/slot_times.hpp"

#include <date/tz.h>

#include <algorithm>
#include <cstdio>

namespace soom::medication {
namespace {

using std::chrono::days;
using std::chrono::minutes;

const date::time_zone* zone_of(std::string_view name) { return date::locate_zone(std::string(name)); }

date::local_days to_date_local(std::chrono::local_days d) {
  return date::local_days{date::days{d.time_since_epoch().count()}};
}

}  // namespace

std::optional<std::chrono::year_month_day> parse_date(std::string_view text) {
  int y = 0;
  unsigned m = 0, d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  if (std::sscanf(std::string(text).c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (!ymd.ok() || y < 1970 || y > 2200) return std::nullopt;
  return ymd;
}

std::string format_date(std::chrono::year_month_day day) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(day.year()), static_cast<unsigned>(day.month()),
                static_cast<unsigned>(day.day()));
  return buf;
}

std::optional<int> parse_time_of_day(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  auto digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9' ? text[i] - '0' : -1; };
  const int h1 = digit(0), h2 = digit(1), m1 = digit(3), m2 = digit(4);
  if (h1 < 0 || h2 < 0 || m1 < 0 || m2 < 0) return std::nullopt;
  const int h = h1 * 10 + h2, m = m1 * 10 + m2;
  if (h > 23 || m > 59) return std::nullopt;
  return h * 60 + m;
}

std::string local_date_in(Instant at, std::string_view zone) {
  const auto local = zone_of(zone)->to_local(date::sys_time<std::chrono::milliseconds>(at.time_since_epoch()));
  const auto day = date::floor<date::days>(local);
  const date::year_month_day ymd{day};
  return format_date(std::chrono::year_month_day{std::chrono::year{static_cast<int>(ymd.year())},
                                                 std::chrono::month{static_cast<unsigned>(ymd.month())},
                                                 std::chrono::day{static_cast<unsigned>(ymd.day())}});
}

Instant resolve_local(std::chrono::local_days day, int minute_of_day, std::string_view zone) {
  const auto* tz = zone_of(zone);
  const date::local_seconds local = to_date_local(day) + std::chrono::minutes(minute_of_day);
  const auto info = tz->get_info(local);
  std::chrono::seconds sys{};
  switch (info.result) {
    case date::local_info::unique:
      sys = local.time_since_epoch() - info.first.offset;
      break;
    case date::local_info::nonexistent:
      // In the gap: keep the offset in force before it, i.e. shift forward by the gap length.
      sys = local.time_since_epoch() - info.first.offset;
      break;
    case date::local_info::ambiguous:
      // Twice: the first occurrence, which has the larger (pre-transition) offset.
      sys = local.time_since_epoch() - info.first.offset;
      break;
  }
  return Instant(std::chrono::duration_cast<std::chrono::milliseconds>(sys));
}

Instant start_of_local_day(std::chrono::year_month_day day, std::string_view zone) {
  return resolve_local(std::chrono::local_days{day}, 0, zone);
}

std::vector<SlotTime> slots_between(const Medication& m, std::string_view zone, Instant from, Instant to) {
  std::vector<SlotTime> out;
  if (m.paused || m.schedule.kind == "as_needed" || to <= from) return out;
  const auto start = parse_date(m.start_date);
  if (!start) return out;
  const auto end = m.end_date ? parse_date(*m.end_date) : std::nullopt;
  // Local days that can hold an instant in [from, to): one day of margin on each side
  // covers every UTC offset.
  const auto first_day = std::chrono::sys_days{std::chrono::year_month_day{parse_date(local_date_in(from, zone)).value()}} - days(1);
  const auto last_day = std::chrono::sys_days{std::chrono::year_month_day{parse_date(local_date_in(to, zone)).value()}} + days(1);
  const auto start_day = std::chrono::sys_days{*start};
  for (auto d = std::max(first_day, start_day); d <= last_day; d += days(1)) {
    if (end && d > std::chrono::sys_days{*end}) break;
    const std::chrono::year_month_day ymd{d};
    const std::vector<std::string>* times = nullptr;
    if (m.schedule.kind == "weekly") {
      const unsigned iso = std::chrono::weekday{d}.iso_encoding();  // 1 = Monday
      times = &m.schedule.weekly[iso - 1];
    } else if (m.schedule.kind == "interval") {
      const auto offset = (d - start_day).count();
      if (m.schedule.every_days < 1 || offset % m.schedule.every_days != 0) continue;
      times = &m.schedule.times;
    } else {
      continue;
    }
    const auto date_text = format_date(ymd);
    for (const auto& t : *times) {
      const auto minute = parse_time_of_day(t);
      if (!minute) continue;
      const auto at = resolve_local(std::chrono::local_days{d.time_since_epoch()}, *minute, zone);
      if (at < from || at >= to) continue;
      out.push_back(SlotTime{at, date_text + "T" + t, date_text});
    }
  }
  std::sort(out.begin(), out.end(), [](const SlotTime& a, const SlotTime& b) { return a.at < b.at; });
  return out;
}

}  // namespace soom::medication
