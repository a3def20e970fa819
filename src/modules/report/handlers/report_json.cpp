#include "modules/report/handlers/report_json.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace soom::report::handlers {
namespace {

namespace json = boost::json;

// Whole numbers print as integers (2, not 2E0); others keep their fraction.
json::value num(double v) {
  if (std::isfinite(v) && v == std::trunc(v) && std::fabs(v) < 9e15) return static_cast<std::int64_t>(v);
  return v;
}

template <typename T>
json::value opt(const std::optional<T>& v) {
  if (!v) return nullptr;
  if constexpr (std::is_floating_point_v<T>) {
    return num(*v);
  } else {
    return json::value_from(*v);
  }
}

json::object controller_json(const ControllerFigures& f) {
  return {{"scheduled", f.scheduled},         {"taken", f.taken},
          {"missed", f.missed},               {"skipped", f.skipped},
          {"taken_percent", opt(f.taken_percent)}, {"on_time_percent", opt(f.on_time_percent)}};
}

json::object symptoms_json(const SymptomBurden& s) {
  json::array triggers;
  for (const auto& t : s.top_triggers) triggers.push_back({{"trigger", t.trigger}, {"days", t.days}});
  return {{"days_in_period", s.days_in_period},
          {"days_recorded", s.days_recorded},
          {"symptom_days", s.symptom_days},
          {"symptom_free_days", s.symptom_free_days},
          {"daytime_symptom_days", s.daytime_symptom_days},
          {"night_waking_nights", s.night_waking_nights},
          {"activity_limited_days", s.activity_limited_days},
          {"top_triggers", std::move(triggers)}};
}

json::object reliever_json(const RelieverUse& r) {
  return {{"days", r.days},
          {"occasions", r.occasions},
          {"doses", num(r.doses)},
          {"days_per_week", num(r.days_per_week)},
          {"doses_per_week", num(r.doses_per_week)},
          {"ics_formoterol_occasions", r.ics_formoterol_occasions},
          {"ics_formoterol_doses", num(r.ics_formoterol_doses)}};
}

json::object adherence_json(const ControllerAdherence& a) {
  json::array meds;
  for (const auto& m : a.medications) {
    meds.push_back({{"medication_id", m.medication_id}, {"name", m.name}, {"figures", controller_json(m.figures)}});
  }
  return {{"available", a.available}, {"overall", controller_json(a.overall)}, {"medications", std::move(meds)}};
}

json::object week_json(const WeekFigures& w) {
  return {{"from", w.from},
          {"to", w.to},
          {"days", w.days},
          {"days_recorded", w.days_recorded},
          {"symptom_days", w.symptom_days},
          {"symptom_free_days", w.symptom_free_days},
          {"night_waking_nights", w.night_waking_nights},
          {"activity_limited_days", w.activity_limited_days},
          {"reliever_days", w.reliever_days},
          {"reliever_doses", num(w.reliever_doses)},
          {"controller", w.controller ? json::value(controller_json(*w.controller)) : json::value(nullptr)}};
}

json::object window_json(const GinaWindow& w) {
  json::value self = nullptr;
  if (w.patient_gina) {
    self = json::object{{"record_id", w.patient_gina->record_id},
                        {"date", w.patient_gina->date},
                        {"score", w.patient_gina->score},
                        {"result", w.patient_gina->result}};
  }
  return {{"from", w.from},
          {"to", w.to},
          {"days", w.days},
          {"days_recorded", w.days_recorded},
          {"level", w.level},
          {"items_met", w.items_met},
          {"per_week_limit", num(w.per_week_limit)},
          {"items",
           {{"daytime_symptoms_over_limit", w.daytime_symptoms_over_limit},
            {"any_night_waking", w.any_night_waking},
            {"reliever_over_limit", w.reliever_over_limit},
            {"any_activity_limitation", w.any_activity_limitation}}},
          {"daytime_symptom_days", w.daytime_symptom_days},
          {"reliever_occasions", w.reliever_occasions},
          {"patient_gina", std::move(self)}};
}

json::object act_json(const ActEntry& a) {
  return {{"record_id", a.record_id}, {"date", a.date},     {"score", a.score},
          {"band", a.band},           {"change", opt(a.change)}, {"significant_change", a.significant_change}};
}

json::object peak_flow_json(const PeakFlowFigures& p) {
  json::array readings;
  for (const auto& r : p.readings) {
    readings.push_back({{"record_id", r.record_id},
                        {"local_date", r.local_date},
                        {"occurred_at", format_rfc3339(r.occurred_at)},
                        {"pef", r.pef},
                        {"percent_of_personal_best", opt(r.percent_of_personal_best)},
                        {"zone", opt(r.zone)}});
  }
  return {{"personal_best", opt(p.personal_best)},
          {"personal_best_source", p.personal_best_source},
          {"personal_best_window_days", p.personal_best_window_days},
          {"green_min_percent", p.green_min_percent},
          {"yellow_min_percent", p.yellow_min_percent},
          {"zones", {{"green", p.green}, {"yellow", p.yellow}, {"red", p.red}}},
          {"mean_percent_of_personal_best", opt(p.mean_percent_of_personal_best)},
          {"predicted_pef", opt(p.predicted_pef)},
          {"predicted_note", p.predicted_note},
          {"diurnal_variability_percent", opt(p.diurnal_variability_percent)},
          {"variability_days", p.variability_days},
          {"variability_threshold_percent", num(p.variability_threshold_percent)},
          {"variability_above_threshold", opt(p.variability_above_threshold)},
          {"readings", std::move(readings)}};
}

json::object period_json(const Period& p) { return {{"from", p.from}, {"to", p.to}, {"days", p.days}}; }

// Lengths are checked by the service (with every other rule, so one 400 lists all problems);
// the request body limit bounds what arrives here.
std::string text_or_empty(http::FieldReader& in, std::string_view name) {
  return in.text(name, false, 0, std::numeric_limits<std::size_t>::max()).value_or("");
}

ZoneActions read_zone(http::FieldReader& parent, const json::object& zones, const char* name) {
  ZoneActions z;
  const auto* v = zones.if_contains(name);
  if (!v) return z;
  if (!v->is_object()) {
    parent.add_error(std::string("zones.") + name, "invalid_type", "객체여야 합니다");
    return z;
  }
  http::FieldReader in(v->as_object(), parent.path("zones") + "." + name);
  z.take = text_or_empty(in, "take");
  z.act = text_or_empty(in, "do");
  parent.absorb(in);
  return z;
}

}  // namespace

json::object report_json(const Report& r) {
  json::array weeks;
  for (const auto& w : r.weeks) weeks.push_back(week_json(w));
  json::array control;
  for (const auto& w : r.control) control.push_back(window_json(w));
  json::array act;
  for (const auto& a : r.act) act.push_back(act_json(a));
  json::array exacerbations;
  for (const auto& e : r.exacerbations) {
    exacerbations.push_back(
        {{"record_id", e.record_id}, {"kind", e.kind}, {"start_date", e.start_date}, {"end_date", opt(e.end_date)}});
  }
  json::array comparison;
  for (const auto& c : r.comparison) {
    comparison.push_back({{"metric", c.metric},
                          {"current", opt(c.current)},
                          {"previous", opt(c.previous)},
                          {"direction", c.direction}});
  }
  json::array summary;
  for (const auto& s : r.summary_ko) summary.emplace_back(s);
  return {{"period", period_json(r.period)},
          {"previous_period", period_json(r.previous_period)},
          {"time_zone", r.time_zone},
          {"generated_at", format_rfc3339(r.generated_at)},
          {"symptoms", symptoms_json(r.symptoms)},
          {"weeks", std::move(weeks)},
          {"reliever", reliever_json(r.reliever)},
          {"adherence", adherence_json(r.adherence)},
          {"control", std::move(control)},
          {"act", std::move(act)},
          {"peak_flow", peak_flow_json(r.peak_flow)},
          {"exacerbations", std::move(exacerbations)},
          {"comparison", std::move(comparison)},
          {"summary_ko", std::move(summary)}};
}

ActionPlan read_action_plan(http::FieldReader& in) {
  ActionPlan p;
  if (!in.is_null("personal_best_pef")) {
    if (auto pb = in.integer("personal_best_pef", false, 50, 900)) p.personal_best_pef = static_cast<int>(*pb);
  }
  p.green_min_percent = static_cast<int>(in.integer("green_min_percent", false, 1, 100).value_or(80));
  p.yellow_min_percent = static_cast<int>(in.integer("yellow_min_percent", false, 1, 99).value_or(50));
  if (const auto* zones = in.object("zones", false)) {
    p.green = read_zone(in, *zones, "green");
    p.yellow = read_zone(in, *zones, "yellow");
    p.red = read_zone(in, *zones, "red");
  }
  p.call_doctor_when = text_or_empty(in, "call_doctor_when");
  p.call_119_when = text_or_empty(in, "call_119_when");
  if (const auto* doctor = in.object("doctor", false)) {
    http::FieldReader d(*doctor, in.path("doctor"));
    p.doctor_name = text_or_empty(d, "name");
    p.doctor_phone = text_or_empty(d, "phone");
    p.clinic_name = text_or_empty(d, "clinic");
    in.absorb(d);
  }
  return p;
}

}  // namespace soom::report::handlers
