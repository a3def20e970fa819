// Component schemas of the report context's API (src/modules/report).
#include "app/openapi_schema_builders.hpp"

namespace soom::app {

void add_report_schemas(boost::json::object& s) {
  using namespace schema;  // NOLINT(google-build-using-namespace): builders only, in a .cpp
  namespace json = boost::json;
  const auto period = object({{"from", str("YYYY-MM-DD")}, {"to", str("YYYY-MM-DD")}, {"days", integer(1, 366)}},
                             {"from", "to", "days"});
  const auto any_object = json::object{{"type", "object"}};
  const auto any_array = json::object{{"type", "array"}};
  s["Report"] = object(
      {{"period", period},
       {"previous_period", period},
       {"time_zone", str()},
       {"generated_at", str("RFC 3339 UTC")},
       {"symptoms", object({{"days_in_period", integer(1, 366)},
                            {"days_recorded", integer(0, 366)},
                            {"symptom_days", integer(0, 366)},
                            {"symptom_free_days", integer(0, 366)},
                            {"daytime_symptom_days", integer(0, 366)},
                            {"night_waking_nights", integer(0, 366)},
                            {"activity_limited_days", integer(0, 366)},
                            {"top_triggers", any_array}},
                           {"days_in_period", "days_recorded", "symptom_days", "symptom_free_days",
                            "night_waking_nights", "activity_limited_days", "top_triggers"})},
       {"weeks", any_array},
       {"reliever", object({{"days", integer(0, 366)}, {"occasions", integer(0, INT64_MAX)}, {"doses", number()},
                            {"days_per_week", number()}, {"doses_per_week", number()},
                            {"ics_formoterol_occasions", integer(0, INT64_MAX)}, {"ics_formoterol_doses", number()}},
                           {"days", "occasions", "doses", "days_per_week", "doses_per_week"})},
       {"adherence", object({{"available", boolean()}, {"overall", any_object}, {"medications", any_array}},
                            {"available", "overall"})},
       {"control", json::object{{"type", "array"},
                                {"description", "GINA 증상 조절: 4주 구간별 (마지막 구간은 더 짧을 수 있음)"},
                                {"items", object({{"from", str()},
                                                  {"to", str()},
                                                  {"level", one_of({"well_controlled", "partly_controlled",
                                                                    "uncontrolled", "insufficient_data"})},
                                                  {"items_met", integer(0, 4)},
                                                  {"items", any_object},
                                                  {"patient_gina", json::object{{"type", json::array{"object", "null"}}}}},
                                                 {"from", "to", "level", "items_met", "items"})}}},
       {"act", any_array},
       {"peak_flow", object({{"personal_best", nullable("integer")},
                             {"personal_best_source", one_of({"user_entered", "well_controlled_best", "none"})},
                             {"zones", any_object},
                             {"predicted_pef", nullable("integer")},
                             {"predicted_note", str("예측치는 참고용이며 구역 판단에 쓰지 않음")},
                             {"diurnal_variability_percent", nullable("number")},
                             {"variability_threshold_percent", number()},
                             {"readings", any_array}},
                            {"personal_best", "personal_best_source", "zones", "predicted_pef", "readings",
                             "variability_threshold_percent"})},
       {"exacerbations", any_array},
       {"comparison",
        json::object{{"type", "array"},
                     {"items", object({{"metric", str()},
                                       {"current", nullable("number")},
                                       {"previous", nullable("number")},
                                       {"direction", one_of({"better", "worse", "same", "not_comparable"})}},
                                      {"metric", "current", "previous", "direction"})}}},
       {"summary_ko", json::object{{"type", "array"}, {"items", str()}}}},
      {"period", "previous_period", "time_zone", "symptoms", "weeks", "reliever", "adherence", "control", "act",
       "peak_flow", "exacerbations", "comparison", "summary_ko"});

  const auto zone = object({{"take", str("500자 이하")}, {"do", str("500자 이하")}}, {});
  const auto zones = object({{"green", zone}, {"yellow", zone}, {"red", zone}}, {});
  const auto doctor = object({{"name", str("100자 이하")}, {"phone", str("숫자 3~15자리와 - + ( ) 공백")},
                              {"clinic", str("100자 이하")}},
                             {});
  s["ActionPlanInput"] =
      object({{"personal_best_pef", nullable("integer")},
              {"green_min_percent", integer(1, 100)},
              {"yellow_min_percent", integer(1, 99)},
              {"zones", zones},
              {"call_doctor_when", str("500자 이하")},
              {"call_119_when", str("500자 이하")},
              {"doctor", doctor}},
             {});
  s["ActionPlan"] = object({{"personal_best_pef", nullable("integer")},
                            {"green_min_percent", integer(1, 100)},
                            {"yellow_min_percent", integer(1, 99)},
                            {"zones", zones},
                            {"call_doctor_when", str()},
                            {"call_119_when", str()},
                            {"doctor", doctor},
                            {"updated_at", nullable("string")}},
                           {"personal_best_pef", "green_min_percent", "yellow_min_percent", "zones",
                            "call_doctor_when", "call_119_when", "doctor", "updated_at"});
  s["FhirBundle"] = object({{"resourceType", one_of({"Bundle"})},
                            {"type", one_of({"collection"})},
                            {"timestamp", str()},
                            {"entry", any_array}},
                           {"resourceType", "type", "timestamp", "entry"});
  s["PersonalDataExport"] = object({{"exported_at", str()},
                                    {"profile", any_object},
                                    {"consents", any_array},
                                    {"records", any_array},
                                    {"medications", any_array},
                                    {"doses", any_array},
                                    {"care_partners", any_array},
                                    {"notifications", any_array},
                                    {"action_plan", any_object}},
                                   {"exported_at", "profile", "consents", "medications", "doses", "care_partners",
                                    "notifications"});
  s["ReportShareInput"] = object({{"from", str("YYYY-MM-DD (to와 함께, 생략하면 최근 28일)")},
                                  {"to", str("YYYY-MM-DD")},
                                  {"expires_in_days", integer(1, 30)},
                                  {"note", str("200자 이하, 한 줄")}},
                                 {});
  const auto share_properties = json::object{{"id", str("uuid")},
                                             {"from", str("YYYY-MM-DD")},
                                             {"to", str("YYYY-MM-DD")},
                                             {"note", str()},
                                             {"created_at", str("RFC 3339 UTC")},
                                             {"expires_at", str("RFC 3339 UTC")},
                                             {"revoked_at", nullable("string")},
                                             {"access_count", integer(0, INT64_MAX)},
                                             {"status", one_of({"active", "expired", "revoked"})}};
  s["ReportShare"] = object(share_properties, {"id", "from", "to", "note", "created_at", "expires_at", "revoked_at",
                                               "access_count", "status"});
  auto created = share_properties;
  created["token"] = str("이 응답에서만 보이는 토큰 (256비트, 서버에는 SHA-256 해시만 저장)");
  created["url"] = str("/v1/shared-reports/{token}");
  created["pdf_url"] = str("/v1/shared-reports/{token}/report.pdf");
  s["ReportShareCreated"] = object(created, {"id", "from", "to", "expires_at", "status", "token", "url", "pdf_url"});
  s["ReportShareList"] = object({{"items", array_of("ReportShare")}}, {"items"});
  s["ReportShareAccessList"] =
      object({{"items", json::object{{"type", "array"},
                                     {"items", object({{"id", str()},
                                                       {"accessed_at", str("RFC 3339 UTC")},
                                                       {"resource", one_of({"html", "pdf"})},
                                                       {"user_agent", str("최대 200자")},
                                                       {"client_ip", nullable("string")}},
                                                      {"id", "accessed_at", "resource", "user_agent"})}}}},
             {"items"});
}

}  // namespace soom::app
