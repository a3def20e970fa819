#pragma once
// JSON renderings of other contexts' public structs for the personal-data export, and the
// record-to-fields flattening shared by the CSV export.
#include <boost/json.hpp>

#include <string>
#include <utility>
#include <vector>

#include "modules/identity/identity.hpp"
#include "modules/medication/medication.hpp"
#include "modules/notification/notification.hpp"
#include "modules/records/records.hpp"
#include "modules/report/report.hpp"

namespace soom::report {

boost::json::object record_export_json(const records::Record& record);
boost::json::object profile_export_json(const identity::Profile& profile);
boost::json::object consent_export_json(const identity::ConsentState& consent);
boost::json::object medication_export_json(const medication::Medication& medication);
boost::json::object dose_export_json(const medication::DoseSlot& dose);
boost::json::object partner_export_json(const medication::CarePartner& partner);
boost::json::object notification_export_json(const notification::Notification& n);
boost::json::object action_plan_json(const ActionPlan& plan);

// "1.5" / "2": doses and litres without trailing zeros.
std::string number_text(double value);

}  // namespace soom::report
