#include "modules/report/fhir_bundle.hpp"

#include "modules/report/export_json.hpp"

namespace soom::report {
namespace {

namespace json = boost::json;

constexpr const char* kLoinc = "http://loinc.org";
constexpr const char* kUcum = "http://unitsofmeasure.org";
constexpr const char* kCategorySystem = "http://terminology.hl7.org/CodeSystem/observation-category";

std::string urn(const std::string& uuid) { return "urn:uuid:" + uuid; }

json::object entry(const std::string& id, json::object resource) {
  return {{"fullUrl", urn(id)}, {"resource", std::move(resource)}};
}

json::object quantity(double value, const char* unit) {
  return {{"value", value}, {"unit", unit}, {"system", kUcum}, {"code", unit}};
}

// Derived resources get stable UUIDs from (record id, code), so repeated exports agree.
std::string derived_id(const std::string& record_id, const char* code) {
  return records::deterministic_record_id("fhir-observation", record_id + ":" + code);
}

json::object observation(const std::string& id, const std::string& patient, const records::Record& r,
                         const char* loinc, const char* text, const char* category, json::object value) {
  return {{"resourceType", "Observation"},
          {"id", id},
          {"status", "final"},
          {"category", json::array{{{"coding", json::array{{{"system", kCategorySystem}, {"code", category}}}}}}},
          {"code", {{"coding", json::array{{{"system", kLoinc}, {"code", loinc}}}}, {"text", text}}},
          {"subject", {{"reference", urn(patient)}}},
          {"effectiveDateTime", format_rfc3339(r.occurred_at)},
          {"valueQuantity", std::move(value)}};
}

std::string gender(const std::optional<std::string>& sex) {
  if (!sex) return "unknown";
  if (*sex == "female" || *sex == "male" || *sex == "other") return *sex;
  return "unknown";
}

std::string statement_status(const medication::Medication& m, const std::string& today) {
  if (m.end_date && *m.end_date < today) return "completed";
  if (m.paused) return "on-hold";
  return "active";
}

}  // namespace

json::object fhir_bundle(const FhirInputs& in) {
  json::array entries;
  json::object patient{{"resourceType", "Patient"}, {"id", in.patient_id}, {"gender", gender(in.sex)}};
  if (in.birth_year) patient["birthDate"] = std::to_string(*in.birth_year);  // FHIR date allows YYYY
  entries.push_back(entry(in.patient_id, std::move(patient)));

  for (const auto& r : in.records) {
    if (r.deleted_at || !r.detail) continue;
    if (const auto* lung = std::get_if<records::LungFunctionDetail>(&*r.detail)) {
      if (lung->pef > 0) {
        const auto id = derived_id(r.id, kLoincPef);
        entries.push_back(entry(id, observation(id, in.patient_id, r, kLoincPef, "Peak expiratory flow", "exam",
                                                quantity(lung->pef, "L/min"))));
      }
      if (lung->fev1) {
        const auto id = derived_id(r.id, kLoincFev1);
        entries.push_back(
            entry(id, observation(id, in.patient_id, r, kLoincFev1, "FEV1", "exam", quantity(*lung->fev1, "L"))));
      }
      if (lung->fvc) {
        const auto id = derived_id(r.id, kLoincFvc);
        entries.push_back(
            entry(id, observation(id, in.patient_id, r, kLoincFvc, "FVC", "exam", quantity(*lung->fvc, "L"))));
      }
    } else if (const auto* test = std::get_if<records::ControlTestDetail>(&*r.detail)) {
      if (test->instrument != "act") continue;
      const auto id = derived_id(r.id, kLoincActTotal);
      entries.push_back(entry(id, observation(id, in.patient_id, r, kLoincActTotal, "Asthma Control Test total score",
                                              "survey", quantity(test->score, "{score}"))));
    }
  }

  for (const auto& m : in.medications) {
    json::object period{{"start", m.start_date}};
    if (m.end_date) period["end"] = *m.end_date;
    json::object dosage{{"text", number_text(m.dose) + " " + m.dose_unit},
                        {"asNeededBoolean", m.schedule.kind == "as_needed"}};
    json::object statement{{"resourceType", "MedicationStatement"},
                           {"id", m.id},
                           {"status", statement_status(m, in.today)},
                           {"medicationCodeableConcept", {{"text", m.name}}},
                           {"subject", {{"reference", urn(in.patient_id)}}},
                           {"effectivePeriod", std::move(period)},
                           {"dateAsserted", format_rfc3339(m.updated_at)},
                           {"dosage", json::array{std::move(dosage)}}};
    entries.push_back(entry(m.id, std::move(statement)));
  }

  return {{"resourceType", "Bundle"},
          {"id", records::deterministic_record_id("fhir-bundle", in.patient_id + ":" + format_rfc3339(in.now))},
          {"type", "collection"},
          {"timestamp", format_rfc3339(in.now)},
          {"entry", std::move(entries)}};
}

}  // namespace soom::report
