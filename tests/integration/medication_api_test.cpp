// Medication over HTTP on the real binary: drug search (초성), medication CRUD and
// validation, dose actions, adherence, care partners, and 404 for other users' ids on
// every route.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/api_helpers.hpp"
#include "support/server_process.hpp"

namespace soom::testing {
namespace {

namespace json = boost::json;

constexpr const char* kDrugs = "/v1/drugs";
constexpr const char* kDrug = "/v1/drugs/{id}";
constexpr const char* kMeds = "/v1/medications";
constexpr const char* kMed = "/v1/medications/{id:uuid}";
constexpr const char* kDoses = "/v1/doses";
constexpr const char* kDose = "/v1/doses/{id:uuid}";
constexpr const char* kTake = "/v1/doses/{id:uuid}/take";
constexpr const char* kSkip = "/v1/doses/{id:uuid}/skip";
constexpr const char* kSnooze = "/v1/doses/{id:uuid}/snooze";
constexpr const char* kAdherence = "/v1/adherence";
constexpr const char* kPartners = "/v1/care-partners";
constexpr const char* kAccept = "/v1/care-partners/{id:uuid}/accept";
constexpr const char* kPartner = "/v1/care-partners/{id:uuid}";
constexpr const char* kPartnerAdherence = "/v1/care-partners/{id:uuid}/adherence";

json::object controller_body() {
  return {{"drug_id", "symbicort-turbuhaler"},
          {"role", "controller"},
          {"dose", 2},
          {"dose_unit", "puff"},
          {"schedule", {{"kind", "daily"}, {"times", {"20:00", "08:00"}}}},
          {"memo", "흡입 후 입 헹구기"},
          {"inventory", {{"remaining", 60}, {"doses_per_device", 60}, {"refill_threshold", 10}}}};
}

class MedicationApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (engine_under_test() == db::Engine::kPostgres && !db::testing::postgres_available()) return;
    server_ = new TestServer();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override { SOOM_REQUIRE_ENGINE(engine_under_test()); }
  static HttpClient api() { return server_->api(); }
  static std::string str(const json::value& v, const char* key) { return std::string(v.at(key).as_string()); }

  static json::value create(const TestUser& u, const json::object& body = controller_body()) {
    auto r = api().call("POST", "/v1/medications", json::serialize(body), u.access_token, kMeds);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }
  static json::array doses(const TestUser& u) {
    auto r = api().call("GET", "/v1/doses?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z", {}, u.access_token, kDoses);
    EXPECT_EQ(r.status, 400) << "a 100-year range is refused";
    r = api().call("GET", "/v1/doses?from=" + format_now(-3600) + "&to=" + format_now(72 * 3600), {}, u.access_token,
                   kDoses);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().at("items").as_array();
  }
  static std::string format_now(int offset_s) {
    const auto t = std::chrono::system_clock::now() + std::chrono::seconds(offset_s);
    const auto secs = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
    std::time_t tt = static_cast<std::time_t>(secs);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&tt));
    return buf;
  }
  static inline TestServer* server_ = nullptr;
};

TEST_F(MedicationApiTest, DrugSearchByBrandGenericAndChoseong) {
  auto r = api().call("GET", "/v1/drugs?q=%E3%85%85%E3%85%82%E3%85%8B%E3%85%8C", {}, {}, kDrugs);  // ㅅㅂㅋㅌ
  ASSERT_EQ(r.status, 200) << r.body;
  const auto found = r.json();
  const auto& items = found.at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(str(items[0], "id"), "symbicort-turbuhaler");
  EXPECT_EQ(str(items[0], "class"), "ICS/LABA");
  EXPECT_FALSE(str(items[0], "source").empty());
  r = api().call("GET", "/v1/drugs?q=ventolin", {}, {}, kDrugs);
  ASSERT_EQ(r.status, 200);
  ASSERT_EQ(r.json().at("items").as_array().size(), 1u);
  EXPECT_EQ(str(r.json().at("items").as_array()[0], "role"), "reliever");
  r = api().call("GET", "/v1/drugs?q=" + std::string(120, 'a'), {}, {}, kDrugs);
  EXPECT_EQ(r.status, 400);
  r = api().call("GET", "/v1/drugs/relvar-ellipta", {}, {}, kDrug);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(str(r.json(), "brand_ko"), "렐바 엘립타");
  EXPECT_EQ(api().call("GET", "/v1/drugs/no-such-drug", {}, {}, kDrug).status, 404);
}

TEST_F(MedicationApiTest, CrudValidationAndOtherUsersGet404) {
  auto alice = create_user(api());
  auto mallory = create_user(api());
  EXPECT_EQ(api().call("GET", "/v1/medications", {}, {}, kMeds).status, 401);
  const auto med = create(alice);
  const auto id = str(med, "id");
  EXPECT_EQ(str(med, "name"), "심비코트 터부헬러");
  EXPECT_EQ(med.at("schedule").at("days").at("mon").as_array().size(), 2u);
  EXPECT_EQ(med.at("schedule").at("days").at("mon").as_array()[0].as_string(), "08:00");  // sorted

  // Validation: every problem at once.
  auto bad = api().call("POST", "/v1/medications",
                        json::serialize(json::object{{"role", "sometimes"},
                                                     {"dose", 0},
                                                     {"dose_unit", "bucket"},
                                                     {"schedule", {{"kind", "daily"}, {"times", {"25:00"}}}}}),
                        alice.access_token, kMeds);
  ASSERT_EQ(bad.status, 400) << bad.body;
  EXPECT_GE(bad.json().at("errors").as_array().size(), 3u);
  EXPECT_EQ(api().call("POST", "/v1/medications", "{}", alice.access_token, kMeds,
                       {{"Content-Type", "text/plain"}}).status,
            415);
  auto unknown = controller_body();
  unknown["drug_id"] = "made-up-inhaler";
  EXPECT_EQ(api().call("POST", "/v1/medications", json::serialize(unknown), alice.access_token, kMeds).status, 400);

  auto list = api().call("GET", "/v1/medications", {}, alice.access_token, kMeds);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.json().at("items").as_array().size(), 1u);
  EXPECT_EQ(api().call("GET", "/v1/medications/" + id, {}, alice.access_token, kMed).status, 200);
  auto patched = api().call("PATCH", "/v1/medications/" + id,
                            json::serialize(json::object{{"paused", true}, {"memo", nullptr}}), alice.access_token, kMed);
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_TRUE(patched.json().at("paused").as_bool());
  EXPECT_TRUE(patched.json().at("memo").is_null());
  EXPECT_EQ(patched.json().at("dose").to_number<double>(), 2.0);
  EXPECT_EQ(api().call("PATCH", "/v1/medications/" + id, json::serialize(json::object{{"dose", -1}}),
                       alice.access_token, kMed).status,
            400);

  // Mallory sees nothing of Alice's: 404 on every route, and her list is empty.
  EXPECT_EQ(api().call("GET", "/v1/medications/" + id, {}, mallory.access_token, kMed).status, 404);
  EXPECT_EQ(api().call("PATCH", "/v1/medications/" + id, json::serialize(json::object{{"paused", false}}),
                       mallory.access_token, kMed).status,
            404);
  EXPECT_EQ(api().call("DELETE", "/v1/medications/" + id, {}, mallory.access_token, kMed).status, 404);
  EXPECT_TRUE(api().call("GET", "/v1/medications", {}, mallory.access_token, kMeds).json().at("items").as_array().empty());

  EXPECT_EQ(api().call("DELETE", "/v1/medications/" + id, {}, alice.access_token, kMed).status, 204);
  EXPECT_EQ(api().call("GET", "/v1/medications/" + id, {}, alice.access_token, kMed).status, 404);
  EXPECT_EQ(api().call("DELETE", "/v1/medications/" + id, {}, alice.access_token, kMed).status, 404);
}

TEST_F(MedicationApiTest, DoseActionsAreIdempotentAndScopedToTheOwner) {
  auto alice = create_user(api());
  auto mallory = create_user(api());
  const auto med = create(alice);
  const auto slots = doses(alice);
  ASSERT_GE(slots.size(), 3u);  // 2 a day, 48 h ahead
  const auto first = str(slots[0], "id");
  const auto second = str(slots[1], "id");
  EXPECT_EQ(str(slots[0], "status"), "pending");
  EXPECT_EQ(str(slots[0].at("reminder"), "state"), "due");
  EXPECT_TRUE(doses(mallory).empty());

  for (const auto& [path, route] : std::vector<std::pair<std::string, const char*>>{
           {"/take", kTake}, {"/skip", kSkip}, {"/snooze", kSnooze}}) {
    auto r = api().call("POST", "/v1/doses/" + first + path, R"({"minutes":10})", mallory.access_token, route);
    EXPECT_EQ(r.status, 404) << path;
  }
  EXPECT_EQ(api().call("GET", "/v1/doses/" + first, {}, mallory.access_token, kDose).status, 404);

  // Snooze: 5–60 minutes.
  EXPECT_EQ(api().call("POST", "/v1/doses/" + first + "/snooze", R"({"minutes":3})", alice.access_token, kSnooze).status,
            400);
  auto snoozed = api().call("POST", "/v1/doses/" + first + "/snooze", R"({"minutes":15})", alice.access_token, kSnooze);
  ASSERT_EQ(snoozed.status, 200) << snoozed.body;
  EXPECT_EQ(snoozed.json().at("reminder").at("snooze_count").to_number<int>(), 1);

  // Take, retried: one intake record, inventory decremented once.
  auto taken = api().call("POST", "/v1/doses/" + first + "/take", {}, alice.access_token, kTake);
  ASSERT_EQ(taken.status, 200) << taken.body;
  auto again = api().call("POST", "/v1/doses/" + first + "/take", R"({"doses":1})", alice.access_token, kTake);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(str(taken.json(), "record_id"), str(again.json(), "record_id"));
  EXPECT_EQ(str(taken.json(), "taken_at"), str(again.json(), "taken_at"));
  auto records = api().call("GET", "/v1/records?type=intake", {}, alice.access_token);
  ASSERT_EQ(records.status, 200) << records.body;
  const auto record_list = records.json();
  ASSERT_EQ(record_list.at("items").as_array().size(), 1u);
  const auto& record = record_list.at("items").as_array()[0];
  EXPECT_EQ(str(record, "id"), str(taken.json(), "record_id"));
  EXPECT_EQ(str(record.at("intake"), "medication_id"), str(med, "id"));
  auto inventory = api().call("GET", "/v1/medications/" + str(med, "id"), {}, alice.access_token, kMed);
  EXPECT_EQ(inventory.json().at("inventory").at("remaining").to_number<double>(), 58.0);

  EXPECT_EQ(api().call("POST", "/v1/doses/" + first + "/skip", {}, alice.access_token, kSkip).status, 409);
  EXPECT_EQ(api().call("POST", "/v1/doses/" + first + "/snooze", R"({"minutes":10})", alice.access_token, kSnooze).status,
            409);
  auto skipped = api().call("POST", "/v1/doses/" + second + "/skip", {}, alice.access_token, kSkip);
  ASSERT_EQ(skipped.status, 200);
  EXPECT_EQ(str(skipped.json(), "status"), "skipped");
  EXPECT_EQ(str(skipped.json().at("reminder"), "state"), "cancelled");
  EXPECT_EQ(api().call("POST", "/v1/doses/" + first + "/take", R"({"taken_at":"soon"})", alice.access_token, kTake).status,
            400);
  EXPECT_EQ(api().call("GET", "/v1/doses/" + second, {}, alice.access_token, kDose).status, 200);

  // Medications are health data: without the health-data consent nothing is stored.
  auto no_consent = create_user(api(), false);
  EXPECT_EQ(api().call("POST", "/v1/medications", json::serialize(controller_body()), no_consent.access_token, kMeds)
                .status,
            403);
  EXPECT_TRUE(doses(no_consent).empty());
}

TEST_F(MedicationApiTest, AdherenceAndCarePartners) {
  auto patient = create_user(api());
  auto partner = create_user(api());
  auto stranger = create_user(api());
  create(patient);
  auto report = api().call("GET", "/v1/adherence?from=2026-01-01&to=2026-01-31", {}, patient.access_token, kAdherence);
  ASSERT_EQ(report.status, 200) << report.body;
  EXPECT_EQ(report.json().at("medications").as_array().size(), 1u);
  EXPECT_EQ(report.json().at("overall").at("scheduled").to_number<int>(), 0);
  EXPECT_EQ(api().call("GET", "/v1/adherence?from=2026-02-01&to=2026-01-01", {}, patient.access_token, kAdherence).status,
            400);

  const auto invite = [&](const std::string& email, bool consent) {
    return api().call("POST", "/v1/care-partners",
                      json::serialize(json::object{{"email", email}, {"consent", consent}}), patient.access_token,
                      kPartners);
  };
  EXPECT_EQ(invite(partner.email, false).status, 400);
  EXPECT_EQ(invite("not-an-address", true).status, 400);
  EXPECT_EQ(invite(patient.email, true).status, 400);
  // The answer does not tell whether an account has the address: the same 201 and the same
  // fields for an address nobody uses and for the partner's.
  auto nobody = invite("nobody-" + unique_suffix() + "@example.com", true);
  ASSERT_EQ(nobody.status, 201) << nobody.body;
  auto invited = invite(partner.email, true);
  ASSERT_EQ(invited.status, 201) << invited.body;
  EXPECT_EQ(invite(partner.email, true).status, 409);
  const auto link = str(invited.json(), "id");
  for (const auto* answer : {&nobody, &invited}) {
    const auto body = answer->json().as_object();
    EXPECT_EQ(str(body, "status"), "pending");
    EXPECT_TRUE(body.at("partner_id").is_null()) << answer->body;
    EXPECT_TRUE(body.at("partner_nickname").is_null()) << answer->body;
  }
  EXPECT_EQ(str(invited.json(), "invited_email"), partner.email);
  // The invited account sees the invitation and who sent it; the address is the patient's note.
  auto waiting = api().call("GET", "/v1/care-partners", {}, partner.access_token, kPartners);
  ASSERT_EQ(waiting.status, 200) << waiting.body;
  const auto waiting_body = waiting.json();
  ASSERT_EQ(waiting_body.at("patients").as_array().size(), 1u) << waiting.body;
  const auto& seen_invitation = waiting_body.at("patients").as_array()[0];
  EXPECT_EQ(str(seen_invitation, "patient_nickname"), patient.nickname);
  EXPECT_TRUE(seen_invitation.at("invited_email").is_null());
  auto before = api().call("GET", "/v1/care-partners", {}, patient.access_token, kPartners);
  ASSERT_EQ(before.status, 200);
  const auto before_body = before.json();
  ASSERT_EQ(before_body.at("partners").as_array().size(), 2u);
  for (const auto& p : before_body.at("partners").as_array()) EXPECT_TRUE(p.at("partner_nickname").is_null());

  // Only the invited person accepts; before that, nobody sees adherence through the link.
  const auto adherence_of = [&](const TestUser& who) {
    return api().call("GET", "/v1/care-partners/" + link + "/adherence?from=2026-01-01&to=2026-01-31", {},
                      who.access_token, kPartnerAdherence);
  };
  EXPECT_EQ(adherence_of(partner).status, 404);
  EXPECT_EQ(api().call("POST", "/v1/care-partners/" + link + "/accept", {}, stranger.access_token, kAccept).status, 404);
  EXPECT_EQ(api().call("POST", "/v1/care-partners/" + link + "/accept", {}, patient.access_token, kAccept).status, 404);
  auto accepted = api().call("POST", "/v1/care-partners/" + link + "/accept", {}, partner.access_token, kAccept);
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_EQ(str(accepted.json(), "status"), "active");
  auto after = api().call("GET", "/v1/care-partners", {}, patient.access_token, kPartners);
  ASSERT_EQ(after.status, 200);
  int named = 0;
  const auto after_body = after.json();
  for (const auto& p : after_body.at("partners").as_array()) {
    if (!p.at("partner_nickname").is_null()) {
      EXPECT_EQ(str(p, "partner_nickname"), partner.nickname);
      EXPECT_EQ(str(p, "partner_id"), partner.id);
      ++named;
    }
  }
  EXPECT_EQ(named, 1) << after.body;  // the accepted one; the other stays anonymous

  auto seen = adherence_of(partner);
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(seen.json().at("medications").as_array().size(), 1u);
  EXPECT_EQ(adherence_of(stranger).status, 404);
  EXPECT_EQ(adherence_of(patient).status, 404);  // the patient uses /v1/adherence
  EXPECT_EQ(api().call("GET", "/v1/care-partners/" + link + "/adherence?from=x&to=y", {}, partner.access_token,
                       kPartnerAdherence).status,
            400);
  // Adherence only: the partner cannot read the patient's medications or doses.
  EXPECT_TRUE(api().call("GET", "/v1/medications", {}, partner.access_token, kMeds).json().at("items").as_array().empty());

  auto lists = api().call("GET", "/v1/care-partners", {}, partner.access_token, kPartners);
  ASSERT_EQ(lists.status, 200);
  EXPECT_EQ(lists.json().at("patients").as_array().size(), 1u);
  EXPECT_TRUE(lists.json().at("partners").as_array().empty());

  EXPECT_EQ(api().call("DELETE", "/v1/care-partners/" + link, {}, stranger.access_token, kPartner).status, 404);
  EXPECT_EQ(api().call("DELETE", "/v1/care-partners/" + link, {}, patient.access_token, kPartner).status, 204);
  EXPECT_EQ(adherence_of(partner).status, 404);
  EXPECT_EQ(api().call("DELETE", "/v1/care-partners/" + link, {}, partner.access_token, kPartner).status, 404);
}

// An invitation to an address nobody uses yet waits for the account that signs up with it.
TEST_F(MedicationApiTest, CarePartnerInvitationWaitsForTheAddressToSignUp) {
  auto patient = create_user(api());
  const std::string address = "later-" + unique_suffix() + "@example.com";
  const auto invited = api().call("POST", "/v1/care-partners",
                                  json::serialize(json::object{{"email", address}, {"consent", true}}),
                                  patient.access_token, kPartners);
  ASSERT_EQ(invited.status, 201) << invited.body;
  const auto link = str(invited.json(), "id");
  auto stranger = create_user(api());
  EXPECT_EQ(api().call("POST", "/v1/care-partners/" + link + "/accept", {}, stranger.access_token, kAccept).status, 404);

  auto partner = create_user(api(), true, address);
  auto lists = api().call("GET", "/v1/care-partners", {}, partner.access_token, kPartners);
  ASSERT_EQ(lists.status, 200) << lists.body;
  ASSERT_EQ(lists.json().at("patients").as_array().size(), 1u) << lists.body;
  EXPECT_EQ(str(lists.json().at("patients").as_array()[0], "id"), link);
  const auto accepted = api().call("POST", "/v1/care-partners/" + link + "/accept", {}, partner.access_token, kAccept);
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_EQ(str(accepted.json(), "partner_nickname"), partner.nickname);
  // Declining works the same way for the next invitation: the invited account revokes it.
  auto other_patient = create_user(api());
  const auto second = api().call("POST", "/v1/care-partners",
                                 json::serialize(json::object{{"email", address}, {"consent", true}}),
                                 other_patient.access_token, kPartners);
  ASSERT_EQ(second.status, 201) << second.body;
  EXPECT_EQ(api().call("DELETE", "/v1/care-partners/" + str(second.json(), "id"), {}, partner.access_token, kPartner).status,
            204);
  auto left = api().call("GET", "/v1/care-partners", {}, other_patient.access_token, kPartners);
  ASSERT_EQ(left.status, 200);
  EXPECT_TRUE(left.json().at("partners").as_array().empty()) << left.body;
}

// Invitations are bounded per patient: ten per hour, then 429 with Retry-After.
TEST_F(MedicationApiTest, CarePartnerInvitesAreLimitedPerPatient) {
  auto prober = create_user(api());
  auto other = create_user(api());
  const auto invite = [&](const TestUser& who) {
    return api().call("POST", "/v1/care-partners",
                      json::serialize(json::object{{"email", "probe-" + unique_suffix() + "@example.com"},
                                                   {"consent", true}}),
                      who.access_token, kPartners);
  };
  for (int i = 0; i < 10; ++i) ASSERT_EQ(invite(prober).status, 201) << i;
  const auto limited = invite(prober);
  ASSERT_EQ(limited.status, 429) << limited.body;
  EXPECT_EQ(str(limited.json(), "code"), "RATE_LIMITED");
  const auto retry_after = limited.headers.find("retry-after");
  ASSERT_NE(retry_after, limited.headers.end());
  EXPECT_GT(std::stoi(retry_after->second), 3000);  // the hour's window has barely started
  EXPECT_EQ(invite(other).status, 201);              // counted per patient
}

}  // namespace
}  // namespace soom::testing
