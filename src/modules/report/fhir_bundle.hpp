#pragma once
// A FHIR R4 Bundle (type "collection") of the user's data a clinician's system can import:
// Patient, Observations (LOINC codes, UCUM units) and MedicationStatements.
#include <boost/json.hpp>

#include <string>
#include <vector>

#include "modules/identity/identity.hpp"
#include "modules/medication/medication.hpp"
#include "modules/records/records.hpp"

namespace soom::report {

inline constexpr const char* kLoincPef = "19935-6";
inline constexpr const char* kLoincFev1 = "20150-9";
inline constexpr const char* kLoincFvc = "19868-9";
inline constexpr const char* kLoincActTotal = "82668-5";

struct FhirInputs final {
  std::string patient_id;  // the user id (a UUID)
  std::optional<int> birth_year;
  std::optional<std::string> sex;  // female | male | other
  std::vector<records::Record> records;
  std::vector<medication::Medication> medications;
  std::string today;  // YYYY-MM-DD in the user's zone (medication status)
  Instant now;
};

boost::json::object fhir_bundle(const FhirInputs& inputs);

}  // namespace soom::report
