#include "modules/medication/handlers/medication_json.hpp"

#include "modules/medication/schedule_codec.hpp"
#include "modules/medication/validation.hpp"

namespace soom::medication::handlers {
namespace {

namespace json = boost::json;

json::value opt(const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value opt(const std::optional<double>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value opt(const std::optional<Instant>& v) { return v ? json::value(format_rfc3339(*v)) : json::value(nullptr); }

json::object figures_json(const AdherenceFigures& f) {
  return {{"scheduled", f.scheduled},          {"taken", f.taken},
          {"on_time", f.on_time},              {"missed", f.missed},
          {"skipped", f.skipped},              {"open", f.open},
          {"taken_percent", opt(f.taken_percent)}, {"on_time_percent", opt(f.on_time_percent)},
          {"streak_days", f.streak_days}};
}

std::optional<std::vector<std::string>> read_times(http::FieldReader& in, std::string_view name) {
  const auto* arr = in.array(name, true, 12);
  if (!arr) return std::nullopt;
  std::vector<std::string> out;
  for (const auto& v : *arr) {
    if (!v.is_string()) {
      in.add_error(name, "type", "시각 문자열(HH:MM)의 배열이어야 합니다");
      return std::nullopt;
    }
    out.emplace_back(v.as_string());
  }
  return out;
}

std::optional<Schedule> read_schedule(http::FieldReader& parent) {
  const auto* obj = parent.object("schedule", true);
  if (!obj) return std::nullopt;
  http::FieldReader in(*obj, parent.path("schedule"));
  Schedule s;
  const auto kind = in.text("kind", true, 1, 20);
  if (kind == "daily") {
    s.kind = "weekly";
    if (auto times = read_times(in, "times")) s.weekly.fill(*times);
  } else if (kind == "weekly") {
    s.kind = "weekly";
    if (const auto* days = in.object("days", true)) {
      http::FieldReader d(*days, in.path("days"));
      for (const auto& [key, value] : *days) {
        bool known = false;
        for (const auto* name : kWeekdayNames) known = known || key == name;
        if (!known) d.add_error(key, "unknown", "요일은 mon, tue, wed, thu, fri, sat, sun입니다");
      }
      for (std::size_t i = 0; i < 7; ++i) {
        if (d.has(kWeekdayNames[i])) {
          if (auto times = read_times(d, kWeekdayNames[i])) s.weekly[i] = *times;
        }
      }
      in.absorb(d);
    }
  } else if (kind == "interval") {
    s.kind = "interval";
    s.every_days = static_cast<int>(in.integer("every_days", true, 1, 365).value_or(1));
    if (auto times = read_times(in, "times")) s.times = *times;
  } else if (kind == "as_needed") {
    s.kind = "as_needed";
  } else if (kind) {
    in.add_error("kind", "invalid", "kind는 daily, weekly, interval, as_needed 중 하나입니다");
  }
  parent.absorb(in);
  return s;
}

}  // namespace

json::object drug_json(const Drug& d) {
  json::array strengths;
  for (const auto& s : d.strengths) strengths.emplace_back(s);
  return {{"id", d.id},
          {"brand_ko", d.brand_ko},
          {"brand_en", d.brand_en},
          {"generic_ko", d.generic_ko},
          {"generic_en", d.generic_en},
          {"class", d.drug_class},
          {"device", d.device},
          {"device_name", d.device_name.empty() ? json::value(nullptr) : json::value(d.device_name)},
          {"strengths", std::move(strengths)},
          {"default_dose", d.default_dose},
          {"dose_unit", d.dose_unit},
          {"role", d.role},
          {"source", d.source}};
}

json::object input_json(const Medication& m) {
  return {{"drug_id", opt(m.drug_id)},
          {"name", m.name},
          {"role", m.role},
          {"dose", m.dose},
          {"dose_unit", m.dose_unit},
          {"schedule", schedule_json(m.schedule)},
          {"start_date", m.start_date},
          {"end_date", opt(m.end_date)},
          {"paused", m.paused},
          {"memo", opt(m.memo)},
          {"inventory",
           json::object{{"remaining", opt(m.inventory.remaining)},
                        {"doses_per_device", opt(m.inventory.doses_per_device)},
                        {"refill_threshold", opt(m.inventory.refill_threshold)}}}};
}

json::object medication_json(const Medication& m) {
  auto o = input_json(m);
  o["id"] = m.id;
  o["version"] = m.version;
  o["created_at"] = format_rfc3339(m.created_at);
  o["updated_at"] = format_rfc3339(m.updated_at);
  return o;
}

json::object slot_json(const DoseSlot& s) {
  return {{"id", s.id},
          {"medication_id", s.medication_id},
          {"medication_name", s.medication_name},
          {"role", s.role},
          {"scheduled_at", format_rfc3339(s.scheduled_at)},
          {"local_time", s.local_time},
          {"local_date", s.local_date},
          {"time_zone", s.time_zone},
          {"status", s.status},
          {"reminder",
           json::object{{"state", s.reminder_state},
                        {"due_at", format_rfc3339(s.due_at)},
                        {"snooze_count", s.snooze_count},
                        {"fired_at", opt(s.fired_at)},
                        {"late", s.fired_late ? json::value(*s.fired_late) : json::value(nullptr)}}},
          {"taken_at", opt(s.taken_at)},
          {"doses_taken", opt(s.doses_taken)},
          {"record_id", opt(s.record_id)}};
}

json::object adherence_json(const AdherenceReport& r) {
  json::array meds;
  for (const auto& m : r.medications) {
    auto o = figures_json(m.figures);
    o["medication_id"] = m.medication_id;
    o["name"] = m.name;
    meds.push_back(std::move(o));
  }
  return {{"from", r.from},
          {"to", r.to},
          {"time_zone", r.time_zone},
          {"overall", figures_json(r.overall)},
          {"medications", std::move(meds)}};
}

json::object partner_json(const CarePartner& p) {
  const auto text_or_null = [](const std::string& text) -> json::value {
    if (text.empty()) return nullptr;
    return json::value(text);
  };
  return {{"id", p.id},
          {"patient_id", p.patient_id},
          {"partner_id", text_or_null(p.partner_id)},
          {"patient_nickname", p.patient_nickname},
          {"partner_nickname", text_or_null(p.partner_nickname)},
          {"invited_email", text_or_null(p.invited_email)},
          {"status", p.status},
          {"created_at", format_rfc3339(p.created_at)},
          {"accepted_at", opt(p.accepted_at)},
          {"revoked_at", opt(p.revoked_at)}};
}

MedicationInput read_input(http::FieldReader& in, const json::object& body) {
  MedicationInput m;
  if (!in.is_null("drug_id")) m.drug_id = in.text("drug_id", false, 1, 64);
  if (!in.is_null("name")) m.name = in.text("name", false, 1, 100);
  m.role = in.text("role", true, 1, 20).value_or("");
  m.dose = in.number("dose", true, 0.001, 100).value_or(1);
  m.dose_unit = in.text("dose_unit", true, 1, 20).value_or("");
  if (auto s = read_schedule(in)) m.schedule = *s;
  if (!in.is_null("start_date")) m.start_date = in.text("start_date", false, 10, 10).value_or("");
  if (!in.is_null("end_date")) m.end_date = in.text("end_date", false, 10, 10);
  m.paused = in.boolean("paused", false).value_or(false);
  if (!in.is_null("memo")) m.memo = in.text("memo", false, 0, 1000);
  if (const auto* inv = in.has("inventory") && !in.is_null("inventory") ? in.object("inventory", false) : nullptr) {
    http::FieldReader i(*inv, in.path("inventory"));
    auto amount = [&](const char* name) -> std::optional<double> {
      if (i.is_null(name)) return std::nullopt;
      return i.number(name, false, 0, 100'000);
    };
    m.inventory.remaining = amount("remaining");
    m.inventory.doses_per_device = amount("doses_per_device");
    m.inventory.refill_threshold = amount("refill_threshold");
    in.absorb(i);
  }
  (void)body;
  if (!in.ok()) {
    // Add the rule violations of the fields that were readable (not twice for one field).
    auto copy = m;
    for (auto& e : validate_input(copy)) {
      bool seen = false;
      for (const auto& existing : in.errors()) seen = seen || existing.field == e.field;
      if (!seen && in.has(e.field.substr(0, e.field.find('.')))) in.errors().push_back(std::move(e));
    }
  }
  return m;
}

}  // namespace soom::medication::handlers
