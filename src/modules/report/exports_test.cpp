// CSV cells (RFC 4180, formula neutralization) and the FHIR R4 bundle's required fields and codes.
#include <gtest/gtest.h>

#include "modules/report/csv_export.hpp"
#include "modules/report/fhir_bundle.hpp"
#include "modules/report/test_records.hpp"

namespace soom::report {
namespace {

namespace json = boost::json;
using namespace testing;

std::string text(const json::value& v) { return std::string(v.as_string()); }

TEST(CsvCell, QuotesAndNeutralizes) {
  EXPECT_EQ(csv_cell("기침"), "기침");
  EXPECT_EQ(csv_cell("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_cell("line\nbreak"), "\"line\nbreak\"");
  EXPECT_EQ(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(csv_cell("+1"), "'+1");
  EXPECT_EQ(csv_cell("-2"), "'-2");
  EXPECT_EQ(csv_cell("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csv_cell(""), "");
}

TEST(RecordsCsv, StartsWithBomAndHasOneRowPerRecord) {
  auto memo = symptom("2026-11-02", {"cough", "wheeze"}, 2, {"fine_dust"});
  memo.memo = "=1+1, 기침";
  const auto csv = records_csv({memo, intake("2026-11-02", "rescue", 1.5)});
  ASSERT_EQ(csv.rfind(std::string(kUtf8Bom), 0), 0u);
  EXPECT_NE(csv.find("\r\nrec-"), std::string::npos);
  EXPECT_NE(csv.find(",\"'=1+1, 기침\",cough;wheeze,2,fine_dust,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",rescue,1.5,true,"), std::string::npos) << csv;
  std::size_t lines = 0;
  for (std::size_t p = csv.find("\r\n"); p != std::string::npos; p = csv.find("\r\n", p + 2)) ++lines;
  EXPECT_EQ(lines, 3u);  // header + 2 records
}

TEST(FhirBundle, HasPatientObservationsWithLoincAndStatements) {
  auto lung = peak_flow("2026-11-02", 420);
  std::get<records::LungFunctionDetail>(*lung.detail).fev1 = 2.5;
  std::get<records::LungFunctionDetail>(*lung.detail).fvc = 3.4;
  medication::Medication med;
  med.id = "0190d7a8-0000-7000-8000-000000000001";
  med.name = "심비코트 터부헬러";
  med.dose = 1;
  med.dose_unit = "puff";
  med.start_date = "2026-10-01";
  FhirInputs in;
  in.patient_id = "0190d7a8-0000-7000-8000-0000000000aa";
  in.birth_year = 1985;
  in.sex = "female";
  in.records = {lung, control_test("2026-11-03", "act", 19), symptom("2026-11-03", {"cough"}, 1)};
  in.medications = {med};
  in.today = "2026-11-30";
  in.now = from_unix_ms(1'795'000'000'000);
  const auto bundle = fhir_bundle(in);
  EXPECT_EQ(bundle.at("resourceType"), "Bundle");
  EXPECT_EQ(bundle.at("type"), "collection");
  EXPECT_TRUE(bundle.contains("timestamp"));
  const auto& entries = bundle.at("entry").as_array();
  ASSERT_EQ(entries.size(), 6u);  // patient, PEF, FEV1, FVC, ACT, statement (symptoms are not exported)
  const auto& patient = entries[0].at("resource");
  EXPECT_EQ(patient.at("resourceType"), "Patient");
  EXPECT_EQ(patient.at("gender"), "female");
  EXPECT_EQ(patient.at("birthDate"), "1985");
  EXPECT_EQ(text(entries[0].at("fullUrl")), "urn:uuid:" + in.patient_id);
  const char* codes[] = {kLoincPef, kLoincFev1, kLoincFvc, kLoincActTotal};
  const char* units[] = {"L/min", "L", "L", "{score}"};
  for (int i = 0; i < 4; ++i) {
    const auto& e = entries[i + 1].as_object();
    const auto& obs = e.at("resource").as_object();
    EXPECT_EQ(obs.at("resourceType"), "Observation");
    EXPECT_EQ(obs.at("status"), "final");
    EXPECT_EQ(text(e.at("fullUrl")), "urn:uuid:" + text(obs.at("id")));
    const auto& coding = obs.at("code").at("coding").at(0);
    EXPECT_EQ(coding.at("system"), "http://loinc.org");
    EXPECT_EQ(coding.at("code"), codes[i]);
    EXPECT_EQ(obs.at("valueQuantity").at("system"), "http://unitsofmeasure.org");
    EXPECT_EQ(obs.at("valueQuantity").at("code"), units[i]);
    EXPECT_EQ(text(obs.at("subject").at("reference")), "urn:uuid:" + in.patient_id);
    EXPECT_TRUE(obs.contains("effectiveDateTime"));
  }
  EXPECT_EQ(entries[1].at("resource").at("valueQuantity").at("value").to_number<double>(), 420);
  EXPECT_EQ(entries[4].at("resource").at("valueQuantity").at("value").to_number<double>(), 19);
  const auto& statement = entries[5].at("resource");
  EXPECT_EQ(statement.at("resourceType"), "MedicationStatement");
  EXPECT_EQ(statement.at("status"), "active");
  EXPECT_EQ(statement.at("medicationCodeableConcept").at("text"), "심비코트 터부헬러");
  EXPECT_EQ(text(statement.at("subject").at("reference")), "urn:uuid:" + in.patient_id);
  // Stable ids: exporting twice names the same observations.
  EXPECT_EQ(fhir_bundle(in).at("entry").at(1).at("fullUrl"), entries[1].at("fullUrl"));
}

}  // namespace
}  // namespace soom::report
