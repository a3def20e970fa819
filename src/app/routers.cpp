// Route tables of the two listeners. Wired here, in code, so that one file shows
// everything a listener serves.
#include <boost/json.hpp>

#include <mutex>

#include "app/openapi.hpp"
#include "app/runtime.hpp"
#include "http/json.hpp"
#include "http/problem.hpp"
#include "observability/metrics.hpp"

namespace soom::app {
namespace {

using http::Auth;
using http::Method;

http::Route system_route(Method method, std::string pattern, http::Handler handler, http::RouteDoc doc) {
  http::Route r;
  r.method = method;
  r.pattern = std::move(pattern);
  r.auth = Auth::kNone;
  r.handler = std::move(handler);
  doc.tag = "system";
  r.doc = std::move(doc);
  return r;
}

// For handlers that touch nothing but memory: the server runs them on the I/O thread.
http::Route inline_route(http::Route route) {
  route.runs_inline = true;
  return route;
}

// A document built once from the finished router, on first request; call_once because
// requests arrive on several threads at once.
struct LazyDocument final {
  std::once_flag once;
  std::string text;
};

http::Response healthz(http::Request&) {
  return http::json_response(200, boost::json::object{{"status", "ok"}});
}

http::Response readyz(Runtime& rt, http::Request& request) {
  bool db_ok = false;
  std::string schema = "unknown";
  try {
    db_ok = rt.db->ping();
    if (db_ok) schema = schema_state(*rt.db);
  } catch (const std::exception&) {
    db_ok = false;
  }
  if (!db_ok || schema != "ok") {
    auto e = Error::make(ErrorCode::kUnavailable, db_ok ? "데이터베이스 스키마가 최신이 아닙니다" : "데이터베이스에 연결할 수 없습니다",
                         schema);
    return http::problem_response(e, request);
  }
  return http::json_response(200, boost::json::object{{"status", "ready"}, {"database", "ok"}, {"schema", "ok"}});
}

}  // namespace

// Short reads run on the I/O thread only when every read is in this process: SQLite and the
// in-process cache. A PostgreSQL or Redis round trip would stall the thread's other connections.
bool reads_are_in_process(const Runtime& rt) {
  return rt.db->engine() == db::Engine::kSqlite && rt.config.cache.redis_url.empty();
}

std::shared_ptr<http::Router> build_api_router(Runtime& rt) {
  auto router = std::make_shared<http::Router>(reads_are_in_process(rt));
  router->add(inline_route(system_route(Method::kGet, "/healthz", healthz, {"프로세스 생존 확인", "", "", {{200, "Health"}}, {}})));
  router->add(system_route(Method::kGet, "/readyz", [&rt](http::Request& r) { return readyz(rt, r); },
                           {"준비 상태 (DB 연결, 마이그레이션 최신)", "", "", {{200, "Readiness"}, {503, "Problem"}}, {}}));
  identity::add_identity_routes(*router, rt.identity);
  notification::add_notification_routes(*router, rt.notifications);
  records::add_records_routes(*router, rt.records);
  content::add_content_routes(*router, rt.content);
  medication::add_medication_routes(*router, rt.medication);
  report::add_report_routes(*router, rt.report);
  community::add_community_routes(*router, rt.community);
  search::add_search_routes(*router, rt.search, rt.clock);
  // The document describes this router itself; built lazily once all routes exist.
  auto weak = std::weak_ptr<http::Router>(router);
  auto document = std::make_shared<LazyDocument>();
  auto docs_html = std::make_shared<LazyDocument>();
  router->add(inline_route(system_route(
      Method::kGet, "/v1/openapi.json",
      [weak, document](http::Request&) {
        std::call_once(document->once, [&] {
          auto r = weak.lock();
          document->text = boost::json::serialize(build_openapi({{r.get(), "/", "api"}}, embedded_examples()));
        });
        return http::Response::json(200, document->text);
      },
      {"OpenAPI 3.1 문서", "", "", {{200, ""}}, {}})));
  router->add(inline_route(system_route(
      Method::kGet, "/docs",
      [weak, docs_html](http::Request&) {
        std::call_once(docs_html->once, [&] {
          auto r = weak.lock();
          docs_html->text = render_docs_html(build_openapi({{r.get(), "/", "api"}}, embedded_examples()));
        });
        auto response = http::Response::text(200, docs_html->text, "text/html; charset=utf-8");
        response.headers.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        return response;
      },
      {"사람이 읽는 API 문서 (HTML)", "", "", {{200, ""}}, {}})));
  return router;
}

std::shared_ptr<http::Router> build_admin_router(Runtime& rt) {
  auto router = std::make_shared<http::Router>();
  router->add(inline_route(system_route(Method::kGet, "/healthz", healthz, {"프로세스 생존 확인", "", "", {{200, "Health"}}, {}})));
  router->add(system_route(Method::kGet, "/readyz", [&rt](http::Request& r) { return readyz(rt, r); },
                           {"준비 상태", "", "", {{200, "Readiness"}, {503, "Problem"}}, {}}));
  community::add_community_admin_routes(*router, rt.community);
  search::add_search_admin_routes(*router, rt.search, rt.db, rt.clock);
  auto metrics = rt.metrics;
  router->add(system_route(
      Method::kGet, "/metrics",
      [metrics](http::Request&) {
        return http::Response::text(200, metrics->render(), "text/plain; version=0.0.4; charset=utf-8");
      },
      {"Prometheus 지표", "", "", {{200, ""}}, {}}));
  router->add(system_route(
      Method::kGet, "/",
      [](http::Request&) {
        auto r = http::Response::text(
            200,
            "<!doctype html><html lang=\"ko\"><head><meta charset=\"utf-8\"><title>숨케어 백오피스</title></head>"
            "<body><h1>숨케어 백오피스</h1><p>상태: 정상</p><ul><li><a href=\"/healthz\">/healthz</a></li>"
            "<li><a href=\"/readyz\">/readyz</a></li><li><a href=\"/metrics\">/metrics</a></li></ul></body></html>",
            "text/html; charset=utf-8");
        return r;
      },
      {"백오피스 상태 페이지", "", "", {{200, ""}}, {}}));
  content::add_content_editor_routes(*router, rt.content);
  return router;
}

}  // namespace soom::app
