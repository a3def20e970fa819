#pragma once
// UTC instants are stored as milliseconds since the Unix epoch; days are bucketed
// in the user's IANA zone (see time_zone.hpp in modules that need it).
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace soom {

using Instant = std::chrono::sys_time<std::chrono::milliseconds>;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant now() const = 0;
};

// Wall clock; the production default.
class SystemClock final : public Clock {
 public:
  Instant now() const override;
};

// A settable clock for tests and simulations.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Instant start) : now_(start) {}
  Instant now() const override { return now_; }
  void set(Instant t) { now_ = t; }
  void advance(std::chrono::milliseconds d) { now_ += d; }

 private:
  Instant now_;
};

std::int64_t to_unix_ms(Instant t);
Instant from_unix_ms(std::int64_t ms);
// RFC 3339 in UTC with millisecond precision: 2026-11-23T21:30:00.000Z
std::string format_rfc3339(Instant t);
// Accepts RFC 3339 with `Z` or a numeric offset, optional fraction.
std::optional<Instant> parse_rfc3339(std::string_view text);
// Checks that an IANA zone name is known to the tz database.
bool is_valid_time_zone(std::string_view name);

}  // namespace soom
