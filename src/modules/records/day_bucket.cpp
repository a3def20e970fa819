#include "modules/records/day_bucket.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <cstdio>
#include <stdexcept>

namespace soom::records {
namespace {

std::optional<int> digits(std::string_view s) {
  if (s.empty()) return std::nullopt;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace

std::string local_date_of(Instant at, std::string_view time_zone) {
  const auto* zone = date::locate_zone(time_zone);
  // to_local applies the offset in force at that instant, so DST changes land on the right day.
  const auto local = zone->to_local(at);
  const auto day = date::floor<date::days>(local);
  const date::year_month_day ymd{day};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buffer;
}

std::optional<std::chrono::year_month_day> parse_local_date(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return std::nullopt;
  const auto y = digits(date.substr(0, 4));
  const auto m = digits(date.substr(5, 2));
  const auto d = digits(date.substr(8, 2));
  if (!y || !m || !d) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{*y}, std::chrono::month{static_cast<unsigned>(*m)},
                                        std::chrono::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

std::optional<std::chrono::year_month> parse_month(std::string_view month) {
  if (month.size() != 7 || month[4] != '-') return std::nullopt;
  const auto y = digits(month.substr(0, 4));
  const auto m = digits(month.substr(5, 2));
  if (!y || !m || *m < 1 || *m > 12) return std::nullopt;
  return std::chrono::year_month{std::chrono::year{*y}, std::chrono::month{static_cast<unsigned>(*m)}};
}

std::string format_date(std::chrono::year_month_day day) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(day.year()),
                static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
  return buffer;
}

std::string format_month(std::chrono::year_month month) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u", static_cast<int>(month.year()),
                static_cast<unsigned>(month.month()));
  return buffer;
}

std::vector<std::string> days_of_month(std::chrono::year_month month) {
  const auto last = std::chrono::year_month_day_last{month.year(), std::chrono::month_day_last{month.month()}};
  std::vector<std::string> days;
  for (unsigned d = 1; d <= static_cast<unsigned>(last.day()); ++d) {
    days.push_back(format_date(std::chrono::year_month_day{month.year(), month.month(), std::chrono::day{d}}));
  }
  return days;
}

std::string month_of_date(std::string_view date) { return std::string(date.substr(0, 7)); }

std::chrono::year_month add_months(std::chrono::year_month month, int count) {
  return month + std::chrono::months{count};
}

}  // namespace soom::records
