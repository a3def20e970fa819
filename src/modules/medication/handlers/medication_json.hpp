#pragma once
// JSON ⇄ medication structs for the HTTP adapters.
#include <boost/json.hpp>
#include <optional>

#include "http/json.hpp"
#include "modules/medication/medication.hpp"

namespace soom::medication::handlers {

boost::json::object drug_json(const Drug& drug);
boost::json::object medication_json(const Medication& medication);
// The writable part of a medication (what PATCH merges into).
boost::json::object input_json(const Medication& medication);
boost::json::object slot_json(const DoseSlot& slot);
boost::json::object adherence_json(const AdherenceReport& report);
boost::json::object partner_json(const CarePartner& partner);

// Reads a create/replace body. Shape errors are collected in `in`, together with the
// rule violations of what could be read, so that a client gets every problem at once.
MedicationInput read_input(http::FieldReader& in, const boost::json::object& body);

}  // namespace soom::medication::handlers
