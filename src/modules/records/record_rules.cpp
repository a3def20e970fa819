#include "modules/records/record_rules.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/encoding.hpp"
#include "modules/records/day_bucket.hpp"

namespace soom::records {
namespace {

using Errors = std::vector<FieldError>;

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

void sort_unique(std::vector<std::string>& values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
}

void check_text(Errors& errors, const std::string& field, const std::optional<std::string>& value, std::size_t max) {
  if (value && utf8_length(*value) > max) {
    errors.push_back({field, "too_long", std::to_string(max) + "자 이하여야 합니다"});
  }
}

void check_codes(Errors& errors, const std::string& field, std::vector<std::string>& values,
                 const std::vector<std::string>& allowed) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!contains(allowed, values[i])) {
      errors.push_back({field + "[" + std::to_string(i) + "]", "unknown_code", "알 수 없는 항목입니다: " + values[i]});
    }
  }
  sort_unique(values);
}

void check_one_of(Errors& errors, const std::string& field, const std::optional<std::string>& value,
                  std::initializer_list<const char*> allowed) {
  if (!value) return;
  for (const char* a : allowed) {
    if (*value == a) return;
  }
  errors.push_back({field, "unknown_code", "허용되지 않는 값입니다: " + *value});
}

void validate(SymptomDetail& d, Errors& errors) {
  if (d.severity < 0 || d.severity > 3) {
    errors.push_back({"symptom.severity", "out_of_range", "0~3 범위여야 합니다 (없음·경증·중등도·중증)"});
  }
  check_codes(errors, "symptom.symptoms", d.symptoms, symptom_codes());
  check_codes(errors, "symptom.triggers", d.triggers, trigger_codes());
  check_text(errors, "symptom.trigger_other", d.trigger_other, 200);
  if (d.trigger_other && !contains(d.triggers, "other")) {
    d.triggers.push_back("other");  // free text implies the "other" trigger
    sort_unique(d.triggers);
  }
}

void validate(IntakeDetail& d, Errors& errors) {
  if (!d.medication_id && !d.medication_name) {
    errors.push_back({"intake.medication_name", "required", "약 이름 또는 medication_id가 필요합니다"});
  }
  check_text(errors, "intake.medication_id", d.medication_id, 64);
  check_text(errors, "intake.medication_name", d.medication_name, 100);
  check_one_of(errors, "intake.category", d.category, {"controller", "rescue", "other"});
  if (!std::isfinite(d.doses) || d.doses < 0 || d.doses > 50) {
    errors.push_back({"intake.doses", "out_of_range", "0~50 범위여야 합니다"});
  }
  check_text(errors, "intake.rescue_reason", d.rescue_reason, 500);
}

void validate(LungFunctionDetail& d, Errors& errors) {
  if (d.blows.size() > 3) {
    errors.push_back({"lung_function.blows", "too_many", "최고 유속은 최대 3회까지 기록합니다"});
  }
  for (std::size_t i = 0; i < d.blows.size(); ++i) {
    if (d.blows[i] < 50 || d.blows[i] > 900) {
      errors.push_back({"lung_function.blows[" + std::to_string(i) + "]", "out_of_range", "50~900 L/min 범위여야 합니다"});
    }
  }
  if (!d.blows.empty()) {
    const int best = *std::max_element(d.blows.begin(), d.blows.end());
    if (d.pef != 0 && d.pef != best) {
      errors.push_back({"lung_function.pef", "not_best_blow", "pef는 blows 중 최고값이어야 합니다"});
    }
    d.pef = best;  // keep the best of up to three blows
  }
  if (d.pef < 50 || d.pef > 900) {
    errors.push_back({"lung_function.pef", "out_of_range", "50~900 L/min 범위여야 합니다"});
  }
  if (d.fev1 && (!std::isfinite(*d.fev1) || *d.fev1 < 0.2 || *d.fev1 > 8.0)) {
    errors.push_back({"lung_function.fev1", "out_of_range", "0.2~8 L 범위여야 합니다"});
  }
  if (d.fvc && (!std::isfinite(*d.fvc) || *d.fvc < 0.2 || *d.fvc > 10.0)) {
    errors.push_back({"lung_function.fvc", "out_of_range", "0.2~10 L 범위여야 합니다"});
  }
  check_one_of(errors, "lung_function.timing", d.timing, {"pre_bronchodilator", "post_bronchodilator"});
  check_one_of(errors, "lung_function.device", d.device, {"home_meter", "clinic_spirometry"});
}

void validate(ControlTestDetail& d, Errors& errors) {
  const bool act = d.instrument == "act";
  if (!act && d.instrument != "gina") {
    errors.push_back({"control_test.instrument", "unknown_code", "gina 또는 act여야 합니다"});
    return;
  }
  const auto& items = act ? act_item_codes() : gina_item_codes();
  int sum = 0;
  for (const auto& [code, value] : d.answers) {
    const auto field = "control_test.answers." + code;
    if (!contains(items, code)) {
      errors.push_back({field, "unknown_code", "알 수 없는 문항입니다"});
    } else if (act && (value < 1 || value > 5)) {
      errors.push_back({field, "out_of_range", "1~5 범위여야 합니다"});
    } else if (!act && value != 0 && value != 1) {
      errors.push_back({field, "type", "예/아니오(true/false)여야 합니다"});
    } else {
      sum += value;
    }
  }
  for (const auto& code : items) {
    if (!d.answers.contains(code)) errors.push_back({"control_test.answers." + code, "required", "모든 문항에 답해야 합니다"});
  }
  const auto score = act ? score_act(sum) : score_gina(sum);
  d.score = score.score;
  d.result = score.result;
}

bool valid_date(const std::string& s) { return parse_local_date(s).has_value(); }

void validate(ExacerbationDetail& d, Errors& errors) {
  check_one_of(errors, "exacerbation.kind", d.kind,
               {"unscheduled_visit", "emergency_room", "hospital_admission", "oral_steroids"});
  if (!valid_date(d.start_date)) {
    errors.push_back({"exacerbation.start_date", "invalid", "YYYY-MM-DD 형식의 날짜여야 합니다"});
  }
  if (d.end_date) {
    if (!valid_date(*d.end_date)) {
      errors.push_back({"exacerbation.end_date", "invalid", "YYYY-MM-DD 형식의 날짜여야 합니다"});
    } else if (valid_date(d.start_date) && *d.end_date < d.start_date) {
      errors.push_back({"exacerbation.end_date", "before_start", "종료일은 시작일 이후여야 합니다"});
    }
  }
}

void validate(StatusDetail& d, Errors& errors) {
  if (d.mood < 1 || d.mood > 5) errors.push_back({"status.mood", "out_of_range", "1~5 범위여야 합니다"});
  check_text(errors, "status.note", d.note, 500);
}

}  // namespace

const std::vector<std::string>& symptom_codes() {
  static const std::vector<std::string> kCodes{"activity_limitation", "chest_tightness", "cough", "night_waking",
                                               "shortness_of_breath", "sputum", "wheeze"};
  return kCodes;
}

const std::vector<std::string>& trigger_codes() {
  static const std::vector<std::string> kCodes{"cold_air", "exercise", "fine_dust", "other", "pets", "pollen",
                                               "respiratory_infection", "smoke", "stress", "weather_change"};
  return kCodes;
}

// Item codes only: the questionnaires' wording is not ours to store.
const std::vector<std::string>& gina_item_codes() {
  static const std::vector<std::string> kCodes{"daytime_symptoms", "night_waking", "reliever_use",
                                               "activity_limitation"};
  return kCodes;
}

const std::vector<std::string>& act_item_codes() {
  static const std::vector<std::string> kCodes{"act_1", "act_2", "act_3", "act_4", "act_5"};
  return kCodes;
}

ControlScore score_act(int total) {
  if (total >= 20) return {total, "well_controlled"};
  if (total >= 16) return {total, "not_well_controlled"};
  return {total, "very_poorly_controlled"};
}

ControlScore score_gina(int yes_count) {
  if (yes_count == 0) return {0, "well_controlled"};
  if (yes_count <= 2) return {yes_count, "partly_controlled"};
  return {yes_count, "uncontrolled"};
}

std::vector<FieldError> validate_and_normalize(RecordInput& input, Instant now) {
  Errors errors;
  if (input.occurred_at > now + kMaxFutureSkew) {
    errors.push_back({"occurred_at", "in_future", "기록 시각은 현재로부터 5분 이후일 수 없습니다"});
  }
  if (!is_valid_time_zone(input.time_zone)) {
    errors.push_back({"time_zone", "invalid", "IANA 시간대 이름이어야 합니다 (예: Asia/Seoul)"});
  }
  check_text(errors, "memo", input.memo, kMaxMemoChars);
  std::visit([&errors](auto& detail) { validate(detail, errors); }, input.detail);
  return errors;
}

}  // namespace soom::records
