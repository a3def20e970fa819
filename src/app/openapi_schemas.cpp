// Component schemas of the public API. Kept next to each other so a reviewer sees
// the whole contract; response shapes are checked against real responses in tests.
#include <boost/json.hpp>

#include <limits>

#include "app/openapi.hpp"
#include "app/openapi_schema_builders.hpp"
#include "core/error.hpp"

namespace soom::app {
namespace {

boost::json::object str(std::string_view description = {}) {
  boost::json::object o{{"type", "string"}};
  if (!description.empty()) o["description"] = description;
  return o;
}
boost::json::object nullable(std::string_view type) {
  return boost::json::object{{"type", boost::json::array{type, "null"}}};
}
boost::json::object integer(std::int64_t min, std::int64_t max) {
  return boost::json::object{{"type", "integer"}, {"minimum", min}, {"maximum", max}};
}
boost::json::object object(boost::json::object properties, std::initializer_list<std::string_view> required) {
  boost::json::array req;
  for (auto r : required) req.emplace_back(r);
  return boost::json::object{{"type", "object"}, {"properties", std::move(properties)}, {"required", std::move(req)}};
}
boost::json::object ref(std::string_view name) {
  return boost::json::object{{"$ref", "#/components/schemas/" + std::string(name)}};
}

// records: health records, batch, sync, calendar (src/modules/records).
void add_records_schemas(boost::json::object& s) {
  const auto number = [] { return boost::json::object{{"type", "number"}}; };
  const auto boolean = [] { return boost::json::object{{"type", "boolean"}}; };
  const auto strings = [] { return boost::json::object{{"type", "array"}, {"items", {{"type", "string"}}}}; };
  const auto array_of = [](std::string_view name) { return boost::json::object{{"type", "array"}, {"items", ref(name)}}; };
  s["SymptomDetail"] = object({{"symptoms", strings()},
                               {"severity", integer(0, 3)},
                               {"triggers", strings()},
                               {"trigger_other", nullable("string")}},
                              {"severity"});
  s["IntakeDetail"] = object({{"medication_id", nullable("string")},
                              {"medication_name", nullable("string")},
                              {"category", boost::json::object{{"enum", {"controller", "rescue", "other"}}}},
                              {"doses", number()},
                              {"taken", boolean()},
                              {"rescue_reason", nullable("string")}},
                             {});
  s["LungFunctionDetail"] = object({{"pef", integer(50, 900)},
                                    {"blows", boost::json::object{{"type", "array"}, {"maxItems", 3}, {"items", integer(50, 900)}}},
                                    {"fev1", nullable("number")},
                                    {"fvc", nullable("number")},
                                    {"timing", nullable("string")},
                                    {"device", nullable("string")}},
                                   {});
  s["ControlTestDetail"] = object({{"instrument", boost::json::object{{"enum", {"gina", "act"}}}},
                                   {"answers", boost::json::object{{"type", "object"}}},
                                   {"score", integer(0, 25)},
                                   {"result", str("서버가 계산")}},
                                  {"instrument", "answers"});
  s["ExacerbationDetail"] = object({{"kind", boost::json::object{{"enum", {"unscheduled_visit", "emergency_room",
                                                                           "hospital_admission", "oral_steroids"}}}},
                                    {"start_date", str("YYYY-MM-DD")},
                                    {"end_date", nullable("string")}},
                                   {"kind", "start_date"});
  s["StatusDetail"] = object({{"mood", integer(1, 5)}, {"note", nullable("string")}}, {"mood"});
  boost::json::object body{{"type", boost::json::object{{"enum", {"symptom", "intake", "lung_function", "control_test",
                                                                  "exacerbation", "status"}}}},
                           {"occurred_at", str("RFC 3339, 현재+5분 이내")},
                           {"time_zone", str("IANA 시간대 (생략 시 프로필 시간대)")},
                           {"memo", nullable("string")},
                           {"symptom", ref("SymptomDetail")},
                           {"intake", ref("IntakeDetail")},
                           {"lung_function", ref("LungFunctionDetail")},
                           {"control_test", ref("ControlTestDetail")},
                           {"exacerbation", ref("ExacerbationDetail")},
                           {"status", ref("StatusDetail")}};
  s["RecordBody"] = object(body, {"type", "occurred_at"});
  s["RecordPatch"] = object(body, {});
  auto record = body;
  record["id"] = str("UUID");
  record["local_date"] = str("기록 당시 시간대의 날짜 YYYY-MM-DD");
  record["version"] = integer(1, std::numeric_limits<std::int64_t>::max());
  record["created_at"] = str("RFC 3339 UTC");
  record["updated_at"] = str("RFC 3339 UTC");
  record["deleted"] = boolean();
  record["deleted_at"] = nullable("string");
  s["Record"] = object(record, {"id", "type", "occurred_at", "time_zone", "local_date", "version", "created_at",
                                "updated_at", "deleted"});
  auto item = body;
  item["id"] = str("UUID");
  item["op"] = boost::json::object{{"enum", {"put", "delete"}}};
  item["if_match"] = str("ETag, 예: \"v2\"");
  s["RecordBatch"] = object({{"records", boost::json::object{{"type", "array"}, {"maxItems", 500},
                                                             {"items", object(item, {"id"})}}}},
                            {"records"});
  s["RecordBatchResult"] = object(
      {{"results", boost::json::object{{"type", "array"},
                                       {"items", object({{"id", str()},
                                                         {"status", integer(200, 599)},
                                                         {"record", nullable("object")},
                                                         {"error", nullable("object")}},
                                                        {"id", "status"})}}}},
      {"results"});
  s["RecordPage"] = object({{"items", array_of("Record")}, {"next_cursor", nullable("string")}}, {"items", "next_cursor"});
  s["SyncPage"] = object({{"changes", array_of("Record")}, {"next_cursor", str("다음 since 값")}, {"has_more", boolean()}},
                         {"changes", "next_cursor", "has_more"});
  s["DayRecords"] = object({{"date", str()}, {"items", array_of("Record")}}, {"date", "items"});
  s["RecordsSettings"] = object({{"personal_best_pef", nullable("integer")},
                                 {"green_min_percent", integer(1, 100)},
                                 {"yellow_min_percent", integer(1, 99)}},
                                {"personal_best_pef", "green_min_percent", "yellow_min_percent"});
  auto day = object({{"date", str()},
                     {"record_count", integer(0, std::numeric_limits<std::int64_t>::max())},
                     {"worst_severity", nullable("integer")},
                     {"symptom_kinds", strings()},
                     {"night_waking", boolean()},
                     {"rescue_doses", number()},
                     {"controller_doses", nullable("object")},
                     {"peak_flow", nullable("object")},
                     {"control_test", nullable("object")},
                     {"exacerbations", strings()},
                     {"status", nullable("object")}},
                    {"date", "record_count", "night_waking", "rescue_doses", "symptom_kinds", "exacerbations"});
  s["CalendarMonth"] = object({{"month", str("YYYY-MM")},
                               {"time_zone", str()},
                               {"personal_best", nullable("integer")},
                               {"personal_best_source", boost::json::object{{"enum", {"settings", "recent_best", "none"}}}},
                               {"days", boost::json::object{{"type", "array"}, {"items", day}}},
                               {"totals", object({{"days_recorded", integer(0, 31)},
                                                  {"symptom_free_days", integer(0, 31)},
                                                  {"rescue_use_days", integer(0, 31)},
                                                  {"rescue_doses", number()},
                                                  {"exacerbations", integer(0, std::numeric_limits<std::int64_t>::max())}},
                                                 {"days_recorded", "symptom_free_days", "rescue_use_days"})}},
                              {"month", "time_zone", "personal_best_source", "days", "totals"});
}

// notification: inbox, stream, channels, deliveries (src/modules/notification).
void add_notification_schemas(boost::json::object& s) {
  const auto boolean = [] { return boost::json::object{{"type", "boolean"}}; };
  const auto count = [] { return integer(0, std::numeric_limits<std::int64_t>::max()); };
  const auto array_of = [](std::string_view name) { return boost::json::object{{"type", "array"}, {"items", ref(name)}}; };
  s["Notification"] = object({{"id", str("UUID")},
                              {"seq", count()},
                              {"kind", str("dose_reminder, refill_needed, rescue_overuse, test, …")},
                              {"title", str()},
                              {"body", str()},
                              {"data", boost::json::object{{"type", "object"}}},
                              {"created_at", str("RFC 3339 UTC")},
                              {"delivered_at", str("알림함에 나타난 시각 (방해 금지 시간 후)")},
                              {"read", boolean()},
                              {"read_at", nullable("string")}},
                             {"id", "seq", "kind", "title", "body", "data", "created_at", "read"});
  s["NotificationPage"] = object({{"items", array_of("Notification")}, {"next_cursor", nullable("string")}},
                                 {"items", "next_cursor"});
  s["UnreadCount"] = object({{"unread", count()}}, {"unread"});
  s["ReadAllResult"] = object({{"updated", count()}}, {"updated"});
  s["NotificationCreated"] = object({{"id", str("UUID")}, {"created", boolean()}}, {"id", "created"});
  s["NotificationPreferences"] = object({{"show_details", boolean()}}, {"show_details"});
  s["WebhookRequest"] = object({{"url", str("https:// 주소")}}, {"url"});
  s["Webhook"] = object({{"id", str("UUID")}, {"url", str()}, {"active", boolean()}, {"created_at", str()}},
                        {"id", "url", "active", "created_at"});
  s["WebhookCreated"] = object({{"id", str("UUID")},
                                {"url", str()},
                                {"active", boolean()},
                                {"created_at", str()},
                                {"secret", str("HMAC-SHA256 서명 비밀키 (한 번만 표시)")}},
                               {"id", "url", "active", "created_at", "secret"});
  s["WebhookList"] = object({{"items", array_of("Webhook")}}, {"items"});
  s["PushSubscriptionRequest"] = object(
      {{"endpoint", str("푸시 서비스 URL")},
       {"keys", object({{"p256dh", str("base64url P-256 공개키")}, {"auth", str("base64url 16바이트")}},
                       {"p256dh", "auth"})}},
      {"endpoint", "keys"});
  s["PushSubscription"] = object({{"id", str("UUID")}, {"endpoint", str()}, {"created_at", str()}},
                                 {"id", "endpoint", "created_at"});
  s["PushSubscriptionList"] = object({{"items", array_of("PushSubscription")}}, {"items"});
  s["VapidPublicKey"] = object({{"public_key", str("base64url, 65바이트 비압축 P-256 점")}}, {"public_key"});
  s["Delivery"] = object({{"id", str("UUID")},
                          {"notification_id", str("UUID")},
                          {"channel", boost::json::object{{"enum", {"webhook", "web_push"}}}},
                          {"target_id", str("UUID")},
                          {"status", boost::json::object{{"enum", {"pending", "sent", "failed", "dead"}}}},
                          {"attempts", count()},
                          {"next_attempt_at", nullable("string")},
                          {"last_error", nullable("string")},
                          {"last_status", nullable("integer")},
                          {"created_at", str()},
                          {"updated_at", str()}},
                         {"id", "notification_id", "channel", "target_id", "status", "attempts", "created_at",
                          "updated_at"});
  s["DeliveryPage"] = object({{"items", array_of("Delivery")}, {"next_cursor", nullable("string")}},
                             {"items", "next_cursor"});
  s["DeliveryRetry"] = object({{"id", str("UUID")}, {"status", str()}}, {"id", "status"});
}

// medication: drug catalog, medications, dose slots, adherence, care partners (src/modules/medication).
void add_medication_schemas(boost::json::object& s) {
  const auto number = [] { return boost::json::object{{"type", "number"}}; };
  const auto boolean = [] { return boost::json::object{{"type", "boolean"}}; };
  const auto count = [] { return integer(0, std::numeric_limits<std::int64_t>::max()); };
  const auto strings = [] { return boost::json::object{{"type", "array"}, {"items", {{"type", "string"}}}}; };
  const auto array_of = [](std::string_view name) { return boost::json::object{{"type", "array"}, {"items", ref(name)}}; };
  const auto one_of = [](std::initializer_list<std::string_view> values) {
    boost::json::array e;
    for (auto v : values) e.emplace_back(v);
    return boost::json::object{{"type", "string"}, {"enum", std::move(e)}};
  };
  s["Drug"] = object({{"id", str("안정적인 식별자 (예: symbicort-turbuhaler)")},
                      {"brand_ko", str()},
                      {"brand_en", str()},
                      {"generic_ko", str()},
                      {"generic_en", str()},
                      {"class", str("SABA, ICS, ICS/LABA, ICS/LAMA/LABA, LAMA, LTRA, OCS, biologic")},
                      {"device", one_of({"pmdi", "dpi", "soft_mist", "nebulizer", "tablet", "injection"})},
                      {"device_name", nullable("string")},
                      {"strengths", strings()},
                      {"default_dose", number()},
                      {"dose_unit", str()},
                      {"role", one_of({"controller", "reliever", "other"})},
                      {"source", str("확인한 공개 출처 URL")}},
                     {"id", "brand_ko", "generic_ko", "class", "device", "strengths", "default_dose", "dose_unit", "role",
                      "source"});
  s["DrugList"] = object({{"items", array_of("Drug")}}, {"items"});
  boost::json::object days;
  for (auto d : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}) days[d] = strings();
  s["Schedule"] = object({{"kind", one_of({"daily", "weekly", "interval", "as_needed"})},
                          {"times", boost::json::object{{"type", "array"}, {"items", str("HH:MM")}, {"maxItems", 12}}},
                          {"days", object(days, {})},
                          {"every_days", integer(1, 365)}},
                         {"kind"});
  s["Inventory"] = object({{"remaining", nullable("number")},
                           {"doses_per_device", nullable("number")},
                           {"refill_threshold", nullable("number")}},
                          {});
  boost::json::object input{{"drug_id", nullable("string")},
                            {"name", nullable("string")},
                            {"role", one_of({"controller", "reliever", "other"})},
                            {"dose", number()},
                            {"dose_unit", one_of({"puff", "tablet", "capsule", "ml", "ampoule", "injection"})},
                            {"schedule", ref("Schedule")},
                            {"start_date", str("YYYY-MM-DD (기본: 오늘)")},
                            {"end_date", nullable("string")},
                            {"paused", boolean()},
                            {"memo", nullable("string")},
                            {"inventory", ref("Inventory")}};
  s["MedicationInput"] = object(input, {"role", "dose", "dose_unit", "schedule"});
  s["MedicationPatch"] = object(input, {});
  auto medication = input;
  medication["id"] = str("UUID");
  medication["version"] = count();
  medication["created_at"] = str();
  medication["updated_at"] = str();
  s["Medication"] = object(medication, {"id", "name", "role", "dose", "dose_unit", "schedule", "start_date", "paused",
                                        "inventory", "version", "created_at", "updated_at"});
  s["MedicationList"] = object({{"items", array_of("Medication")}}, {"items"});
  s["DoseSlot"] = object(
      {{"id", str("UUID (약 + 현지 시각에서 결정적으로 생성)")},
       {"medication_id", str()},
       {"medication_name", str()},
       {"role", str()},
       {"scheduled_at", str("RFC 3339 UTC")},
       {"local_time", str("YYYY-MM-DDTHH:MM (사용자 시간대의 예정 시각)")},
       {"local_date", str()},
       {"time_zone", str()},
       {"status", one_of({"pending", "taken", "skipped", "missed"})},
       {"reminder", object({{"state", one_of({"due", "fired", "expired", "cancelled"})},
                            {"due_at", str()},
                            {"snooze_count", count()},
                            {"fired_at", nullable("string")},
                            {"late", nullable("boolean")}},
                           {"state", "due_at", "snooze_count"})},
       {"taken_at", nullable("string")},
       {"doses_taken", nullable("number")},
       {"record_id", nullable("string")}},
      {"id", "medication_id", "scheduled_at", "local_time", "local_date", "status", "reminder"});
  s["DoseSlotList"] = object({{"items", array_of("DoseSlot")}}, {"items"});
  s["TakeDose"] = object({{"taken_at", str("RFC 3339 (기본: 지금)")}, {"doses", number()}}, {});
  s["SnoozeDose"] = object({{"minutes", integer(5, 60)}}, {"minutes"});
  boost::json::object figures{{"scheduled", count()},         {"taken", count()},
                              {"on_time", count()},           {"missed", count()},
                              {"skipped", count()},           {"open", count()},
                              {"taken_percent", nullable("number")}, {"on_time_percent", nullable("number")},
                              {"streak_days", count()}};
  s["AdherenceFigures"] = object(figures, {"scheduled", "taken", "on_time", "missed", "skipped", "streak_days"});
  auto per_medication = figures;
  per_medication["medication_id"] = str();
  per_medication["name"] = str();
  s["MedicationAdherence"] = object(per_medication, {"medication_id", "name", "scheduled", "taken"});
  s["Adherence"] = object({{"from", str()},
                           {"to", str()},
                           {"time_zone", str()},
                           {"overall", ref("AdherenceFigures")},
                           {"medications", array_of("MedicationAdherence")}},
                          {"from", "to", "time_zone", "overall", "medications"});
  s["CarePartnerInvite"] = object(
      {{"email", str("보호자의 이메일 (계정이 있는지는 알려 주지 않습니다)")}, {"consent", boolean()}}, {"email", "consent"});
  s["CarePartner"] = object({{"id", str("UUID")},
                             {"patient_id", str()},
                             {"partner_id", nullable("string")},
                             {"patient_nickname", str()},
                             {"partner_nickname", nullable("string")},
                             {"invited_email", nullable("string")},
                             {"status", one_of({"pending", "active", "revoked"})},
                             {"created_at", str()},
                             {"accepted_at", nullable("string")},
                             {"revoked_at", nullable("string")}},
                            {"id", "patient_id", "partner_id", "status", "created_at"});
  s["CarePartnerList"] = object({{"partners", array_of("CarePartner")}, {"patients", array_of("CarePartner")}},
                                {"partners", "patients"});
}

boost::json::object build() {
  boost::json::array codes;
  for (const auto& info : error_catalog()) codes.emplace_back(info.machine_code);
  boost::json::object s;
  s["Problem"] = object(
      {{"type", str("문제 유형 URI")},
       {"title", str()},
       {"status", integer(400, 599)},
       {"detail", str()},
       {"instance", str()},
       {"code", boost::json::object{{"type", "string"}, {"enum", codes}}},
       {"request_id", str()},
       {"errors", boost::json::object{{"type", "array"},
                                      {"items", object({{"field", str()}, {"code", str()}, {"message", str()}},
                                                       {"field", "code", "message"})}}}},
      {"type", "title", "status", "code", "request_id"});
  s["SignupRequest"] = object({{"email", str()},
                               {"password", boost::json::object{{"type", "string"}, {"minLength", 8}, {"maxLength", 128}}},
                               {"nickname", boost::json::object{{"type", "string"}, {"minLength", 2}, {"maxLength", 20}}},
                               {"consents", object({{"terms", str("동의한 이용약관 버전")},
                                                    {"health_data", str("동의한 건강정보 처리 동의서 버전 (선택)")}},
                                                   {"terms"})},
                               {"time_zone", str("IANA 시간대, 기본 Asia/Seoul")},
                               {"locale", str("ko-KR | en-US")}},
                              {"email", "password", "nickname", "consents"});
  s["LoginRequest"] = object({{"email", str()}, {"password", str()}, {"totp", str("TOTP 6자리 또는 복구 코드")}},
                             {"email", "password"});
  s["RefreshRequest"] = object({{"refresh_token", str()}}, {"refresh_token"});
  s["LogoutRequest"] = object({{"all", boost::json::object{{"type", "boolean"}}}}, {});
  s["TokenPair"] = object({{"access_token", str()},
                           {"refresh_token", str()},
                           {"token_type", boost::json::object{{"const", "Bearer"}}},
                           {"expires_in", integer(1, 3600)}},
                          {"access_token", "refresh_token", "token_type", "expires_in"});
  s["ConsentDocuments"] = object({{"terms", str()}, {"health_data", str()}, {"marketing", str()}},
                                 {"terms", "health_data", "marketing"});
  s["Notifications"] = object({{"medication_reminders", {{"type", "boolean"}}},
                               {"community", {{"type", "boolean"}}},
                               {"marketing", {{"type", "boolean"}}},
                               {"quiet_hours_start", nullable("string")},
                               {"quiet_hours_end", nullable("string")}},
                              {});
  s["Profile"] = object({{"id", str()},
                         {"email", str()},
                         {"nickname", str()},
                         {"role", boost::json::object{{"enum", {"patient", "moderator", "content_editor", "admin"}}}},
                         {"birth_year", nullable("integer")},
                         {"sex", nullable("string")},
                         {"height_cm", nullable("integer")},
                         {"time_zone", str()},
                         {"locale", str()},
                         {"diagnosis_year", nullable("integer")},
                         {"notifications", ref("Notifications")},
                         {"mfa_enabled", {{"type", "boolean"}}},
                         {"created_at", str("RFC 3339 UTC")},
                         {"updated_at", str("RFC 3339 UTC")}},
                        {"id", "email", "nickname", "role", "time_zone", "locale", "notifications", "created_at"});
  s["ProfilePatch"] = object({{"nickname", str()},
                              {"birth_year", nullable("integer")},
                              {"sex", nullable("string")},
                              {"height_cm", nullable("integer")},
                              {"time_zone", str()},
                              {"locale", str()},
                              {"diagnosis_year", nullable("integer")},
                              {"notifications", ref("Notifications")}},
                             {});
  s["DeleteAccountRequest"] = object({{"password", str()}}, {"password"});
  s["ChangePasswordRequest"] = object({{"current_password", str()}, {"new_password", str()}},
                                      {"current_password", "new_password"});
  auto consent = object({{"granted", {{"type", "boolean"}}},
                         {"version", nullable("string")},
                         {"recorded_at", nullable("string")},
                         {"current_version", str()}},
                        {"granted", "current_version"});
  s["Consent"] = consent;
  s["Consents"] = object({{"terms", ref("Consent")}, {"health_data", ref("Consent")}, {"marketing", ref("Consent")}},
                         {"terms", "health_data", "marketing"});
  auto change = object({{"granted", {{"type", "boolean"}}}, {"version", str()}}, {"granted"});
  s["ConsentsUpdate"] = object({{"health_data", change}, {"marketing", change}}, {});
  s["TotpEnrollment"] = object({{"secret", str("base32")}, {"otpauth_uri", str()}}, {"secret", "otpauth_uri"});
  s["TotpConfirmRequest"] = object({{"code", str()}}, {"code"});
  s["TotpConfirmed"] = object({{"mfa_enabled", {{"type", "boolean"}}},
                               {"recovery_codes", {{"type", "array"}, {"items", str()}}}},
                              {"mfa_enabled", "recovery_codes"});
  add_records_schemas(s);
  add_notification_schemas(s);
  add_medication_schemas(s);
  add_report_schemas(s);
  add_community_schemas(s);
  add_content_schemas(s);
  add_search_schemas(s);
  s["Health"] = object({{"status", str()}}, {"status"});
  s["Readiness"] = object({{"status", str()}, {"database", str()}, {"schema", str()}}, {"status"});
  return s;
}

}  // namespace

const boost::json::object& component_schemas() {
  static const boost::json::object kSchemas = build();
  return kSchemas;
}

}  // namespace soom::app
