#pragma once
// Handlers translate JSON ⇄ service structs; no logic lives here.
#include "http/message.hpp"
#include "modules/medication/medication.hpp"

namespace soom::medication::handlers {

http::Response search_drugs(MedicationService& service, http::Request& request);
http::Response get_drug(MedicationService& service, http::Request& request);
http::Response create_medication(MedicationService& service, http::Request& request);
http::Response list_medications(MedicationService& service, http::Request& request);
http::Response get_medication(MedicationService& service, http::Request& request);
http::Response patch_medication(MedicationService& service, http::Request& request);
http::Response delete_medication(MedicationService& service, http::Request& request);
http::Response list_doses(MedicationService& service, http::Request& request);
http::Response get_dose(MedicationService& service, http::Request& request);
http::Response take_dose(MedicationService& service, http::Request& request);
http::Response skip_dose(MedicationService& service, http::Request& request);
http::Response snooze_dose(MedicationService& service, http::Request& request);
http::Response get_adherence(MedicationService& service, http::Request& request);
http::Response invite_partner(MedicationService& service, http::Request& request);
http::Response list_partners(MedicationService& service, http::Request& request);
http::Response accept_partner(MedicationService& service, http::Request& request);
http::Response revoke_partner(MedicationService& service, http::Request& request);
http::Response partner_adherence(MedicationService& service, http::Request& request);

}  // namespace soom::medication::handlers
