#pragma once
// HTTP adapters of the report context: JSON ⇄ structs, no logic.
#include <string>

#include "http/message.hpp"
#include "modules/report/report.hpp"

namespace soom::report::handlers {

http::Response get_report(ReportService& service, http::Request& request);
http::Response get_action_plan(ReportService& service, http::Request& request);
http::Response put_action_plan(ReportService& service, http::Request& request);
http::Response export_csv(ReportService& service, http::Request& request);
http::Response export_fhir(ReportService& service, http::Request& request);
http::Response export_personal_data(ReportService& service, http::Request& request);
http::Response chart_svg(ReportService& service, http::Request& request, const std::string& chart);
http::Response report_pdf(ReportService& service, http::Request& request);

}  // namespace soom::report::handlers
