#pragma once
// HTTP adapters of the clinician shares: the owner's routes (JSON) and the public,
// login-free pages (HTML and PDF).
#include "http/message.hpp"
#include "modules/report/report.hpp"

namespace soom::report::handlers {

http::Response create_share(ReportService& service, http::Request& request);
http::Response list_shares(ReportService& service, http::Request& request);
http::Response revoke_share(ReportService& service, http::Request& request);
http::Response share_accesses(ReportService& service, http::Request& request);
http::Response shared_report_page(ReportService& service, http::Request& request);
http::Response shared_report_pdf(ReportService& service, http::Request& request);

}  // namespace soom::report::handlers
