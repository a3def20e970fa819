// The report context's routes (wired by the composition root in src/app).
#include "http/router.hpp"
#include "modules/report/handlers/report_handlers.hpp"
#include "modules/report/handlers/share_handlers.hpp"
#include "modules/report/report.hpp"

namespace soom::report {
namespace {

using http::Auth;
using http::Method;

using HandlerFn = http::Response (*)(ReportService&, http::Request&);

http::Route route(Method method, std::string pattern, HandlerFn fn, std::shared_ptr<ReportService> service,
                  http::RouteDoc doc) {
  http::Route r;
  r.method = method;
  r.pattern = std::move(pattern);
  r.auth = Auth::kRequired;
  r.handler = [fn, service = std::move(service)](http::Request& request) { return fn(*service, request); };
  doc.tag = "report";
  r.doc = std::move(doc);
  return r;
}

}  // namespace

void add_report_routes(http::Router& router, std::shared_ptr<ReportService> s) {
  namespace h = handlers;
  const std::pair<int, std::string> p400{400, "Problem"}, p401{401, "Problem"}, p403{403, "Problem"},
      p415{415, "Problem"};
  router.add(route(Method::kGet, "/v1/reports", h::get_report, s,
                   {"진료용 리포트: 증상 부담, 증상 완화제, 복약 순응도, GINA 조절 수준, ACT, 최대호기유량, 악화, "
                    "이전 기간 비교, 한국어 요약 (기본: 오늘까지 4주, 최대 366일)",
                    "", "", {{200, "Report"}, p400, p401, p403}, {"from", "to"}}));
  router.add(route(Method::kGet, "/v1/action-plan", h::get_action_plan, s,
                   {"천식 행동 계획 (개인 최고치·구역 기준은 기록 설정과 같은 값)", "", "",
                    {{200, "ActionPlan"}, p401, p403}, {}}));
  router.add(route(Method::kPut, "/v1/action-plan", h::put_action_plan, s,
                   {"천식 행동 계획 저장 (구역별 약·행동, 진료/119 연락 기준, 담당 의사)", "", "ActionPlanInput",
                    {{200, "ActionPlan"}, p400, p401, p403, p415}, {}}));
  router.add(route(Method::kGet, "/v1/export.csv", h::export_csv, s,
                   {"모든 기록 CSV 내보내기 (UTF-8 BOM, 엑셀 호환)", "", "", {{200, ""}, p401, p403}, {}}));
  router.add(route(Method::kGet, "/v1/export/fhir", h::export_fhir, s,
                   {"FHIR R4 Bundle 내보내기 (Patient, Observation[LOINC], MedicationStatement)", "", "",
                    {{200, "FhirBundle"}, p401, p403}, {}}));
  router.add(route(Method::kGet, "/v1/export/personal-data", h::export_personal_data, s,
                   {"내 개인정보 전체 내보내기 (JSON)", "", "", {{200, "PersonalDataExport"}, p401}, {}}));
  router.add(route(Method::kGet, "/v1/reports.pdf", h::report_pdf, s,
                   {"진료용 리포트 PDF (A4, 수치·요약·차트·행동 계획; 기간 규칙은 /v1/reports와 같음)", "", "",
                    {{200, ""}, p400, p401, p403}, {"from", "to"}}));
  const std::pair<int, std::string> p404{404, "Problem"}, p429{429, "Problem"};
  router.add(route(Method::kPost, "/v1/report-shares", h::create_share, s,
                   {"의료진 공유 링크 만들기 (만료 1~30일, 기본 7일; 토큰은 이 응답에서만 보임)", "", "ReportShareInput",
                    {{201, "ReportShareCreated"}, p400, p401, p403, p415}, {}}));
  router.add(route(Method::kGet, "/v1/report-shares", h::list_shares, s,
                   {"내 공유 링크 목록 (상태, 만료, 열람 횟수)", "", "", {{200, "ReportShareList"}, p401}, {}}));
  router.add(route(Method::kDelete, "/v1/report-shares/{id:uuid}", h::revoke_share, s,
                   {"공유 링크 취소", "", "", {{204, ""}, p401, p404}, {}}));
  router.add(route(Method::kGet, "/v1/report-shares/{id:uuid}/accesses", h::share_accesses, s,
                   {"공유 링크 열람 기록", "", "", {{200, "ReportShareAccessList"}, p401, p404}, {}}));
  auto public_route = [&](const char* pattern, HandlerFn fn, const char* summary) {
    auto r = route(Method::kGet, pattern, fn, s, {summary, "", "", {{200, ""}, p404, p429}, {}});
    r.auth = Auth::kNone;  // the unguessable token is the credential
    router.add(std::move(r));
  };
  public_route("/v1/shared-reports/{token}", h::shared_report_page,
               "공유된 리포트 (로그인 없음, 읽기 전용 HTML; 만료·취소·없는 링크는 모두 404)");
  public_route("/v1/shared-reports/{token}/report.pdf", h::shared_report_pdf,
               "공유된 리포트 PDF (로그인 없음; 만료·취소·없는 링크는 모두 404)");
  // One literal route per chart (a path parameter must fill a whole segment, and the
  // names are a closed set anyway).
  for (const char* name : {"pef", "symptoms", "reliever", "adherence"}) {
    http::Route r;
    r.method = Method::kGet;
    r.pattern = std::string("/v1/reports/charts/") + name + ".svg";
    r.auth = Auth::kRequired;
    r.handler = [s, chart = std::string(name)](http::Request& request) { return h::chart_svg(*s, request, chart); };
    r.doc = {std::string("리포트 차트 SVG: ") + name + " (서버에서 그림; 기간 규칙은 /v1/reports와 같음)", "report", "",
             {{200, ""}, p400, p401, p403}, {"from", "to"}};
    router.add(std::move(r));
  }
}

}  // namespace soom::report
