#include "modules/report/export_json.hpp"

#include <fmt/format.h>

namespace soom::report {
namespace {

namespace json = boost::json;

json::value opt(const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value opt(const std::optional<int>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value opt(const std::optional<double>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value opt(const std::optional<Instant>& v) { return v ? json::value(format_rfc3339(*v)) : json::value(nullptr); }

json::array strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

struct DetailJson final {
  json::object& out;
  void operator()(const records::SymptomDetail& d) const {
    out["symptom"] = {{"symptoms", strings(d.symptoms)},
                      {"severity", d.severity},
                      {"triggers", strings(d.triggers)},
                      {"trigger_other", opt(d.trigger_other)}};
  }
  void operator()(const records::IntakeDetail& d) const {
    out["intake"] = {{"medication_id", opt(d.medication_id)}, {"medication_name", opt(d.medication_name)},
                     {"category", d.category},                {"doses", d.doses},
                     {"taken", d.taken},                      {"rescue_reason", opt(d.rescue_reason)}};
  }
  void operator()(const records::LungFunctionDetail& d) const {
    json::array blows;
    for (int b : d.blows) blows.emplace_back(b);
    out["lung_function"] = {{"pef", d.pef},         {"blows", std::move(blows)}, {"fev1", opt(d.fev1)},
                            {"fvc", opt(d.fvc)},     {"timing", opt(d.timing)},   {"device", opt(d.device)}};
  }
  void operator()(const records::ControlTestDetail& d) const {
    json::object answers;
    for (const auto& [k, v] : d.answers) answers[k] = v;
    out["control_test"] = {
        {"instrument", d.instrument}, {"answers", std::move(answers)}, {"score", d.score}, {"result", d.result}};
  }
  void operator()(const records::ExacerbationDetail& d) const {
    out["exacerbation"] = {{"kind", d.kind}, {"start_date", d.start_date}, {"end_date", opt(d.end_date)}};
  }
  void operator()(const records::StatusDetail& d) const {
    out["status"] = {{"mood", d.mood}, {"note", opt(d.note)}};
  }
};

}  // namespace

std::string number_text(double value) { return fmt::format("{}", value); }

json::object record_export_json(const records::Record& r) {
  json::object o{{"id", r.id},
                 {"type", r.type},
                 {"occurred_at", format_rfc3339(r.occurred_at)},
                 {"time_zone", r.time_zone},
                 {"local_date", r.local_date},
                 {"memo", opt(r.memo)},
                 {"version", r.version},
                 {"created_at", format_rfc3339(r.created_at)},
                 {"updated_at", format_rfc3339(r.updated_at)}};
  if (r.detail) std::visit(DetailJson{o}, *r.detail);
  return o;
}

json::object profile_export_json(const identity::Profile& p) {
  return {{"id", p.id},
          {"email", p.email},
          {"nickname", p.nickname},
          {"role", p.role},
          {"birth_year", opt(p.birth_year)},
          {"sex", opt(p.sex)},
          {"height_cm", opt(p.height_cm)},
          {"time_zone", p.time_zone},
          {"locale", p.locale},
          {"diagnosis_year", opt(p.diagnosis_year)},
          {"notifications",
           {{"medication_reminders", p.notifications.medication_reminders},
            {"community", p.notifications.community},
            {"marketing", p.notifications.marketing},
            {"quiet_hours_start", opt(p.notifications.quiet_hours_start)},
            {"quiet_hours_end", opt(p.notifications.quiet_hours_end)}}},
          {"mfa_enabled", p.mfa_enabled},
          {"created_at", format_rfc3339(p.created_at)},
          {"updated_at", format_rfc3339(p.updated_at)}};
}

json::object consent_export_json(const identity::ConsentState& c) {
  return {{"kind", c.kind}, {"granted", c.granted}, {"version", opt(c.version)}, {"recorded_at", opt(c.recorded_at)}};
}

json::object medication_export_json(const medication::Medication& m) {
  json::array weekly;
  for (const auto& day : m.schedule.weekly) weekly.push_back(strings(day));
  return {{"id", m.id},
          {"drug_id", opt(m.drug_id)},
          {"name", m.name},
          {"role", m.role},
          {"dose", m.dose},
          {"dose_unit", m.dose_unit},
          {"schedule",
           {{"kind", m.schedule.kind},
            {"weekly", std::move(weekly)},
            {"every_days", m.schedule.every_days},
            {"times", strings(m.schedule.times)}}},
          {"start_date", m.start_date},
          {"end_date", opt(m.end_date)},
          {"paused", m.paused},
          {"memo", opt(m.memo)},
          {"inventory",
           {{"remaining", opt(m.inventory.remaining)},
            {"doses_per_device", opt(m.inventory.doses_per_device)},
            {"refill_threshold", opt(m.inventory.refill_threshold)}}},
          {"created_at", format_rfc3339(m.created_at)},
          {"updated_at", format_rfc3339(m.updated_at)}};
}

json::object dose_export_json(const medication::DoseSlot& d) {
  return {{"id", d.id},
          {"medication_id", d.medication_id},
          {"medication_name", d.medication_name},
          {"scheduled_at", format_rfc3339(d.scheduled_at)},
          {"local_time", d.local_time},
          {"status", d.status},
          {"taken_at", opt(d.taken_at)},
          {"doses_taken", opt(d.doses_taken)},
          {"record_id", opt(d.record_id)}};
}

json::object partner_export_json(const medication::CarePartner& p) {
  return {{"id", p.id},
          {"patient_id", p.patient_id},
          {"partner_id", p.partner_id},
          {"patient_nickname", p.patient_nickname},
          {"partner_nickname", p.partner_nickname},
          {"status", p.status},
          {"created_at", format_rfc3339(p.created_at)},
          {"accepted_at", opt(p.accepted_at)},
          {"revoked_at", opt(p.revoked_at)}};
}

json::object notification_export_json(const notification::Notification& n) {
  json::object data;
  for (const auto& [k, v] : n.data) data[k] = v;
  return {{"id", n.id},
          {"kind", n.kind},
          {"title", n.title},
          {"body", n.body},
          {"data", std::move(data)},
          {"created_at", format_rfc3339(n.created_at)},
          {"read_at", opt(n.read_at)}};
}

json::object action_plan_json(const ActionPlan& p) {
  const auto zone = [](const ZoneActions& z) { return json::object{{"take", z.take}, {"do", z.act}}; };
  return {{"personal_best_pef", opt(p.personal_best_pef)},
          {"green_min_percent", p.green_min_percent},
          {"yellow_min_percent", p.yellow_min_percent},
          {"zones", {{"green", zone(p.green)}, {"yellow", zone(p.yellow)}, {"red", zone(p.red)}}},
          {"call_doctor_when", p.call_doctor_when},
          {"call_119_when", p.call_119_when},
          {"doctor", {{"name", p.doctor_name}, {"phone", p.doctor_phone}, {"clinic", p.clinic_name}}},
          {"updated_at", opt(p.updated_at)}};
}

}  // namespace soom::report
