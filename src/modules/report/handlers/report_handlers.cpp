// /v1/reports, /v1/action-plan and /v1/export….
#include "modules/report/handlers/report_handlers.hpp"

#include <cctype>

#include "http/json.hpp"
#include "http/problem.hpp"
#include "modules/report/export_json.hpp"
#include "modules/report/handlers/report_json.hpp"

namespace soom::report::handlers {
namespace {

const std::string& user_of(const http::Request& request) { return request.principal.value().user_id; }

// RFC 5987 value: UTF-8 bytes, everything but unreserved characters percent-encoded.
std::string rfc5987(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

http::Response download(const http::Request& request, const Result<Download>& result) {
  if (!result) return http::problem_response(result.error(), request);
  auto response = http::Response::text(200, result->body, result->content_type);
  std::string disposition = "attachment; filename=\"" + result->filename + "\"";
  if (!result->filename_utf8.empty()) disposition += "; filename*=UTF-8''" + rfc5987(result->filename_utf8);
  response.headers.set("Content-Disposition", disposition);
  response.headers.set("Cache-Control", "no-store");
  return response;
}

}  // namespace

http::Response get_report(ReportService& service, http::Request& request) {
  return http::respond(request,
                       service.report(user_of(request), request.query_param("from"), request.query_param("to")), 200,
                       report_json);
}

http::Response get_action_plan(ReportService& service, http::Request& request) {
  return http::respond(request, service.action_plan(user_of(request)), 200, action_plan_json);
}

http::Response put_action_plan(ReportService& service, http::Request& request) {
  auto body = http::parse_json_object(request);
  if (!body) return http::problem_response(body.error(), request);
  http::FieldReader in(*body);
  auto plan = read_action_plan(in);
  if (!in.ok()) return http::problem_response(in.error(), request);
  return http::respond(request, service.save_action_plan(user_of(request), plan), 200, action_plan_json);
}

http::Response export_csv(ReportService& service, http::Request& request) {
  return download(request, service.export_csv(user_of(request)));
}

http::Response export_fhir(ReportService& service, http::Request& request) {
  return download(request, service.export_fhir(user_of(request)));
}

http::Response export_personal_data(ReportService& service, http::Request& request) {
  return download(request, service.export_personal_data(user_of(request)));
}

http::Response chart_svg(ReportService& service, http::Request& request, const std::string& chart) {
  auto result = service.chart_svg(user_of(request), chart, request.query_param("from"), request.query_param("to"));
  if (!result) return http::problem_response(result.error(), request);
  auto response = http::Response::text(200, result->body, result->content_type);
  response.headers.set("Cache-Control", "no-store");
  // Opened directly, an SVG is a document: it needs no script, fetch or external resource.
  response.headers.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
  return response;
}

http::Response report_pdf(ReportService& service, http::Request& request) {
  return download(request, service.report_pdf(user_of(request), request.query_param("from"), request.query_param("to")));
}

}  // namespace soom::report::handlers
