#pragma once
// Record builders for the report's unit tests (header-only; used by *_test.cpp only).
#include <string>
#include <vector>

#include "modules/records/records.hpp"
#include "modules/report/local_dates.hpp"

namespace soom::report::testing {

inline Day day(const char* text) { return *parse_day(text); }

inline records::Record record_on(const std::string& local_date, records::RecordDetail detail, int hour = 9) {
  static int counter = 0;
  records::Record r;
  r.id = "rec-" + std::to_string(++counter);
  r.user_id = "user-1";
  r.type = std::string(records::type_name(detail));
  // Seoul: local hour h on local_date is (h − 9) UTC on that date (hours ≥ 9 keep the date).
  r.occurred_at = Instant(day(local_date.c_str())) + std::chrono::hours(hour - 9);
  r.time_zone = "Asia/Seoul";
  r.local_date = local_date;
  r.detail = std::move(detail);
  return r;
}

inline records::Record symptom(const std::string& date, std::vector<std::string> codes, int severity,
                               std::vector<std::string> triggers = {}) {
  records::SymptomDetail d;
  d.symptoms = std::move(codes);
  d.severity = severity;
  d.triggers = std::move(triggers);
  return record_on(date, d);
}

inline records::Record intake(const std::string& date, const std::string& category, double doses, bool taken = true,
                              std::optional<std::string> medication_id = std::nullopt) {
  records::IntakeDetail d;
  d.medication_name = "벤톨린";
  d.medication_id = std::move(medication_id);
  d.category = category;
  d.doses = doses;
  d.taken = taken;
  return record_on(date, d);
}

inline records::Record peak_flow(const std::string& date, int pef, int hour = 9) {
  records::LungFunctionDetail d;
  d.pef = pef;
  return record_on(date, d, hour);
}

inline records::Record control_test(const std::string& date, const std::string& instrument, int score,
                                    const std::string& result = {}) {
  records::ControlTestDetail d;
  d.instrument = instrument;
  d.score = score;
  d.result = result;
  return record_on(date, d);
}

inline records::Record status(const std::string& date, int mood) {
  records::StatusDetail d;
  d.mood = mood;
  return record_on(date, d);
}

inline records::Record exacerbation(const std::string& date, const std::string& kind, const std::string& start) {
  records::ExacerbationDetail d;
  d.kind = kind;
  d.start_date = start;
  return record_on(date, d);
}

}  // namespace soom::report::testing
