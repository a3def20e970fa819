#include "modules/report/action_plan.hpp"

namespace soom::report {
namespace {

void check_text(std::vector<FieldError>& errors, const std::string& field, const std::string& value,
                std::size_t max_chars, bool multiline) {
  if (code_points(value) > max_chars) {
    errors.push_back({field, "too_long", std::to_string(max_chars) + "자 이하여야 합니다"});
    return;
  }
  for (unsigned char c : value) {
    if (c < 0x20 && !(multiline && (c == '\n' || c == '\t'))) {
      errors.push_back({field, "invalid", "제어 문자는 쓸 수 없습니다"});
      return;
    }
  }
}

bool is_phone(const std::string& phone) {
  int digits = 0;
  for (char c : phone) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c != '-' && c != '+' && c != ' ' && c != '(' && c != ')') {
      return false;
    }
  }
  return digits >= 3 && digits <= 15;
}

}  // namespace

std::size_t code_points(const std::string& text) {
  std::size_t n = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::vector<FieldError> validate_action_plan(const ActionPlan& p) {
  std::vector<FieldError> errors;
  if (p.personal_best_pef && (*p.personal_best_pef < 50 || *p.personal_best_pef > 900)) {
    errors.push_back({"personal_best_pef", "out_of_range", "50~900 L/min 범위여야 합니다"});
  }
  if (p.green_min_percent < 1 || p.green_min_percent > 100) {
    errors.push_back({"green_min_percent", "out_of_range", "1~100 범위여야 합니다"});
  }
  if (p.yellow_min_percent < 1 || p.yellow_min_percent >= p.green_min_percent) {
    errors.push_back({"yellow_min_percent", "out_of_range", "1 이상, green_min_percent 미만이어야 합니다"});
  }
  const std::pair<const char*, const ZoneActions*> zones[] = {{"green", &p.green}, {"yellow", &p.yellow}, {"red", &p.red}};
  for (const auto& [name, zone] : zones) {
    check_text(errors, std::string("zones.") + name + ".take", zone->take, kMaxPlanTextChars, true);
    check_text(errors, std::string("zones.") + name + ".do", zone->act, kMaxPlanTextChars, true);
  }
  check_text(errors, "call_doctor_when", p.call_doctor_when, kMaxPlanTextChars, true);
  check_text(errors, "call_119_when", p.call_119_when, kMaxPlanTextChars, true);
  check_text(errors, "doctor.name", p.doctor_name, kMaxPlanNameChars, false);
  check_text(errors, "doctor.clinic", p.clinic_name, kMaxPlanNameChars, false);
  if (!p.doctor_phone.empty() && !is_phone(p.doctor_phone)) {
    errors.push_back({"doctor.phone", "invalid", "전화번호는 숫자(3~15자리)와 - + ( ) 공백만 쓸 수 있습니다"});
  }
  return errors;
}

namespace repo {

std::optional<ActionPlan> load_plan(db::Transaction& tx, const std::string& user_id) {
  const auto result = tx.query(
      "SELECT green_take, green_act, yellow_take, yellow_act, red_take, red_act, call_doctor_when, call_119_when, "
      "doctor_name, doctor_phone, clinic_name, updated_at FROM report_action_plans WHERE user_id = $1",
      {user_id});
  if (result.empty()) return std::nullopt;
  const auto& row = result.rows.front();
  ActionPlan p;
  p.green = {row.get_text(0), row.get_text(1)};
  p.yellow = {row.get_text(2), row.get_text(3)};
  p.red = {row.get_text(4), row.get_text(5)};
  p.call_doctor_when = row.get_text(6);
  p.call_119_when = row.get_text(7);
  p.doctor_name = row.get_text(8);
  p.doctor_phone = row.get_text(9);
  p.clinic_name = row.get_text(10);
  p.updated_at = from_unix_ms(row.get_int(11));
  return p;
}

void save_plan(db::Transaction& tx, const std::string& user_id, const ActionPlan& p, Instant now) {
  tx.query(
      "INSERT INTO report_action_plans (user_id, green_take, green_act, yellow_take, yellow_act, red_take, red_act, "
      "call_doctor_when, call_119_when, doctor_name, doctor_phone, clinic_name, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (user_id) DO UPDATE SET "
      "green_take = excluded.green_take, green_act = excluded.green_act, yellow_take = excluded.yellow_take, "
      "yellow_act = excluded.yellow_act, red_take = excluded.red_take, red_act = excluded.red_act, "
      "call_doctor_when = excluded.call_doctor_when, call_119_when = excluded.call_119_when, "
      "doctor_name = excluded.doctor_name, doctor_phone = excluded.doctor_phone, clinic_name = excluded.clinic_name, "
      "updated_at = excluded.updated_at",
      {user_id, p.green.take, p.green.act, p.yellow.take, p.yellow.act, p.red.take, p.red.act, p.call_doctor_when,
       p.call_119_when, p.doctor_name, p.doctor_phone, p.clinic_name, to_unix_ms(now)});
}

}  // namespace repo
}  // namespace soom::report
