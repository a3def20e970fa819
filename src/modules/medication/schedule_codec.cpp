#include "modules/medication/schedule_codec.hpp"

#include <stdexcept>

namespace soom::medication {
namespace {

namespace json = boost::json;

json::array times_json(const std::vector<std::string>& times) {
  json::array out;
  for (const auto& t : times) out.emplace_back(t);
  return out;
}

std::vector<std::string> times_of(const json::value& v) {
  std::vector<std::string> out;
  for (const auto& t : v.as_array()) out.emplace_back(t.as_string());
  return out;
}

}  // namespace

json::object schedule_json(const Schedule& s) {
  json::object o{{"kind", s.kind}};
  if (s.kind == "weekly") {
    json::object days;
    for (int i = 0; i < 7; ++i) days[kWeekdayNames[i]] = times_json(s.weekly[static_cast<std::size_t>(i)]);
    o["days"] = std::move(days);
  } else if (s.kind == "interval") {
    o["every_days"] = s.every_days;
    o["times"] = times_json(s.times);
  }
  return o;
}

std::string encode_schedule(const Schedule& s) { return json::serialize(schedule_json(s)); }

Schedule decode_schedule(const std::string& text) {
  try {
    const auto v = json::parse(text).as_object();
    Schedule s;
    s.kind = std::string(v.at("kind").as_string());
    if (s.kind == "weekly") {
      const auto& days = v.at("days").as_object();
      for (int i = 0; i < 7; ++i) {
        if (const auto* d = days.if_contains(kWeekdayNames[i])) s.weekly[static_cast<std::size_t>(i)] = times_of(*d);
      }
    } else if (s.kind == "interval") {
      s.every_days = static_cast<int>(v.at("every_days").to_number<std::int64_t>());
      s.times = times_of(v.at("times"));
    }
    return s;
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("corrupt stored schedule: ") + e.what());
  }
}

}  // namespace soom::medication
