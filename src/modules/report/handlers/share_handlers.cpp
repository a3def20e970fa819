// /v1/report-shares… (owner) and /v1/shared-reports/{token}… (public).
#include "modules/report/handlers/share_handlers.hpp"

#include <boost/json.hpp>

#include <cctype>

#include "http/json.hpp"
#include "http/problem.hpp"
#include "modules/report/share_page.hpp"

namespace soom::report::handlers {
namespace {

namespace json = boost::json;

const std::string& user_of(const http::Request& request) { return request.principal.value().user_id; }

std::string share_path(const std::string& token) { return "/v1/shared-reports/" + token; }

json::object share_json(const ReportShare& s) {
  return {{"id", s.id},
          {"from", s.from},
          {"to", s.to},
          {"note", s.note},
          {"created_at", format_rfc3339(s.created_at)},
          {"expires_at", format_rfc3339(s.expires_at)},
          {"revoked_at", s.revoked_at ? json::value(format_rfc3339(*s.revoked_at)) : json::value(nullptr)},
          {"access_count", s.access_count},
          {"status", s.status}};
}

json::value created_json(const CreatedShare& c) {
  auto out = share_json(c.share);
  out["token"] = c.token;
  out["url"] = share_path(c.token);
  out["pdf_url"] = share_path(c.token) + "/report.pdf";
  return out;
}

json::value shares_json(const std::vector<ReportShare>& shares) {
  json::array items;
  for (const auto& s : shares) items.push_back(share_json(s));
  return json::object{{"items", std::move(items)}};
}

json::value accesses_json(const std::vector<ShareAccess>& accesses) {
  json::array items;
  for (const auto& a : accesses) {
    items.push_back(json::object{{"id", a.id},
                                 {"accessed_at", format_rfc3339(a.accessed_at)},
                                 {"resource", a.resource},
                                 {"user_agent", a.user_agent},
                                 {"client_ip", a.client_ip.empty() ? json::value(nullptr) : json::value(a.client_ip)}});
  }
  return json::object{{"items", std::move(items)}};
}

ShareVisitor visitor_of(const http::Request& request, const char* resource) {
  return {resource, std::string(request.headers.get("user-agent").value_or("")), request.remote_ip};
}

// Tokens are URL-safe base64 of 32 bytes; anything else cannot be one (and is not looked up).
bool plausible_token(const std::string& token) {
  if (token.size() < 22 || token.size() > 64) return false;
  for (unsigned char c : token) {
    if (!std::isalnum(c) && c != '-' && c != '_') return false;
  }
  return true;
}

void private_headers(http::Response& response) {
  response.headers.set("Cache-Control", "no-store");
  response.headers.set("X-Robots-Tag", "noindex, nofollow");
  response.headers.set("Referrer-Policy", "no-referrer");
}

}  // namespace

http::Response create_share(ReportService& service, http::Request& request) {
  auto body = http::parse_json_object(request);
  if (!body) return http::problem_response(body.error(), request);
  http::FieldReader in(*body);
  ShareInput input;
  input.from = in.text("from", false, 10, 10);
  input.to = in.text("to", false, 10, 10);
  if (auto days = in.integer("expires_in_days", false, 1, kMaxShareDays)) input.expires_in_days = static_cast<int>(*days);
  if (auto note = in.text("note", false, 0, kMaxShareNoteChars * 4)) input.note = *note;
  if (!in.ok()) return http::problem_response(in.error(), request);
  return http::respond(request, service.create_share(user_of(request), input), 201, created_json);
}

http::Response list_shares(ReportService& service, http::Request& request) {
  return http::respond(request, service.list_shares(user_of(request)), 200, shares_json);
}

http::Response revoke_share(ReportService& service, http::Request& request) {
  return http::respond_no_content(request, service.revoke_share(user_of(request), request.path_param("id")));
}

http::Response share_accesses(ReportService& service, http::Request& request) {
  return http::respond(request, service.share_accesses(user_of(request), request.path_param("id")), 200,
                       accesses_json);
}

http::Response shared_report_page(ReportService& service, http::Request& request) {
  const auto& token = request.path_param("token");
  auto shared = plausible_token(token) ? service.open_share(token, visitor_of(request, "html"))
                                       : Result<SharedReport>(Error::not_found("report"));
  if (!shared) {
    auto problem = http::problem_response(shared.error(), request);
    private_headers(problem);
    return problem;
  }
  auto response = http::Response::text(200, shared_report_html(*shared), "text/html; charset=utf-8");
  private_headers(response);
  response.headers.set("Content-Security-Policy", kSharePageCsp);
  return response;
}

http::Response shared_report_pdf(ReportService& service, http::Request& request) {
  const auto& token = request.path_param("token");
  auto pdf = plausible_token(token) ? service.shared_pdf(token, visitor_of(request, "pdf"))
                                    : Result<Download>(Error::not_found("report"));
  if (!pdf) {
    auto problem = http::problem_response(pdf.error(), request);
    private_headers(problem);
    return problem;
  }
  auto response = http::Response::text(200, pdf->body, pdf->content_type);
  response.headers.set("Content-Disposition", "attachment; filename=\"" + pdf->filename + "\"");
  private_headers(response);
  return response;
}

}  // namespace soom::report::handlers
