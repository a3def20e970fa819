#include "modules/medication/validation.hpp"

#include <algorithm>
#include <set>

#include "core/encoding.hpp"
#include "modules/medication/schedule_codec.hpp"
#include "modules/medication/slot_times.hpp"

namespace soom::medication {
namespace {

const std::set<std::string> kRoles{"controller", "reliever", "other"};
const std::set<std::string> kUnits{"puff", "tablet", "capsule", "ml", "ampoule", "injection"};

void check_times(std::vector<std::string>& times, const std::string& field, std::vector<FieldError>& errors) {
  if (times.size() > kMaxTimesPerDay) {
    errors.push_back({field, "too_many", "하루 최대 " + std::to_string(kMaxTimesPerDay) + "번까지 설정할 수 있습니다"});
    return;
  }
  for (const auto& t : times) {
    if (!parse_time_of_day(t)) {
      errors.push_back({field, "invalid", "시각은 HH:MM (00:00–23:59) 형식이어야 합니다"});
      return;
    }
  }
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
}

}  // namespace

std::vector<FieldError> validate_input(MedicationInput& in) {
  std::vector<FieldError> errors;
  if (!in.drug_id && !in.name) errors.push_back({"name", "required", "약 이름 또는 drug_id가 필요합니다"});
  if (in.name) {
    const auto len = is_valid_utf8(*in.name) ? utf8_length(*in.name) : 0;
    if (len < 1 || len > kMaxNameChars) errors.push_back({"name", "length", "약 이름은 1–100자여야 합니다"});
  }
  if (!kRoles.count(in.role)) errors.push_back({"role", "invalid", "role은 controller, reliever, other 중 하나입니다"});
  if (!(in.dose > 0 && in.dose <= kMaxDose)) errors.push_back({"dose", "out_of_range", "1회 용량은 0보다 크고 100 이하입니다"});
  if (!kUnits.count(in.dose_unit)) {
    errors.push_back({"dose_unit", "invalid", "dose_unit은 puff, tablet, capsule, ml, ampoule, injection 중 하나입니다"});
  }
  auto& s = in.schedule;
  if (s.kind == "weekly") {
    bool any = false;
    for (std::size_t i = 0; i < 7; ++i) {
      check_times(s.weekly[i], std::string("schedule.days.") + kWeekdayNames[i], errors);
      any = any || !s.weekly[i].empty();
    }
    if (!any) errors.push_back({"schedule.days", "required", "복용 시각을 하나 이상 지정하세요"});
  } else if (s.kind == "interval") {
    if (s.every_days < 1 || s.every_days > 365) {
      errors.push_back({"schedule.every_days", "out_of_range", "every_days는 1–365입니다"});
    }
    check_times(s.times, "schedule.times", errors);
    if (s.times.empty()) errors.push_back({"schedule.times", "required", "복용 시각을 하나 이상 지정하세요"});
  } else if (s.kind != "as_needed") {
    errors.push_back({"schedule.kind", "invalid", "schedule.kind는 daily, weekly, interval, as_needed 중 하나입니다"});
  }
  if (!in.start_date.empty() && !parse_date(in.start_date)) {
    errors.push_back({"start_date", "invalid", "YYYY-MM-DD 날짜여야 합니다"});
  }
  if (in.end_date) {
    if (!parse_date(*in.end_date)) {
      errors.push_back({"end_date", "invalid", "YYYY-MM-DD 날짜여야 합니다"});
    } else if (!in.start_date.empty() && *in.end_date < in.start_date) {
      errors.push_back({"end_date", "before_start", "종료일은 시작일 이후여야 합니다"});
    }
  }
  if (in.memo && (!is_valid_utf8(*in.memo) || utf8_length(*in.memo) > kMaxMemoChars)) {
    errors.push_back({"memo", "too_long", "메모는 1000자 이하입니다"});
  }
  auto check_amount = [&](const std::optional<double>& v, const char* field) {
    if (v && !(*v >= 0 && *v <= kMaxInventory)) errors.push_back({field, "out_of_range", "0–100000 사이여야 합니다"});
  };
  check_amount(in.inventory.remaining, "inventory.remaining");
  check_amount(in.inventory.doses_per_device, "inventory.doses_per_device");
  check_amount(in.inventory.refill_threshold, "inventory.refill_threshold");
  return errors;
}

}  // namespace soom::medication
