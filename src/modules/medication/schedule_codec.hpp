#pragma once
// The stored form of a schedule (JSON text in medications.schedule) and its API form.
//   {"kind":"weekly","days":{"mon":["08:00"],…}} | {"kind":"interval","every_days":2,"times":[…]}
//   | {"kind":"as_needed"}; the API also accepts {"kind":"daily","times":[…]} (every weekday).
#include <boost/json.hpp>
#include <string>

#include "modules/medication/medication.hpp"

namespace soom::medication {

inline constexpr const char* kWeekdayNames[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

boost::json::object schedule_json(const Schedule& schedule);
std::string encode_schedule(const Schedule& schedule);
// For stored text (written by encode_schedule): throws std::runtime_error when corrupt.
Schedule decode_schedule(const std::string& text);

}  // namespace soom::medication
