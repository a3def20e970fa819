// The records context's routes (wired by the composition root in src/app).
#include "http/router.hpp"
#include "modules/records/handlers/records_handlers.hpp"
#include "modules/records/records.hpp"

namespace soom::records {
namespace {

using http::Auth;
using http::Method;

using HandlerFn = http::Response (*)(RecordsService&, http::Request&);

http::Route route(Method method, std::string pattern, HandlerFn fn, std::shared_ptr<RecordsService> service,
                  http::RouteDoc doc) {
  http::Route r;
  r.method = method;
  r.pattern = std::move(pattern);
  r.auth = Auth::kRequired;
  r.handler = [fn, service = std::move(service)](http::Request& request) { return fn(*service, request); };
  doc.tag = doc.tag.empty() ? "records" : doc.tag;
  r.doc = std::move(doc);
  return r;
}

}  // namespace

void add_records_routes(http::Router& router, std::shared_ptr<RecordsService> s) {
  namespace h = handlers;
  const std::pair<int, std::string> p400{400, "Problem"}, p401{401, "Problem"}, p403{403, "Problem"},
      p404{404, "Problem"}, p409{409, "Problem"}, p412{412, "Problem"}, p415{415, "Problem"}, p428{428, "Problem"};
  router.add(route(Method::kPut, "/v1/records/{id:uuid}", h::put_record, s,
                   {"기록 생성 또는 교체 (클라이언트 UUID; 같은 본문 재전송은 무변경, 다른 본문은 If-Match 필요)", "",
                    "RecordBody",
                    {{200, "Record"}, {201, "Record"}, p400, p401, p403, p404, p409, p412, p415}, {}}));
  router.add(route(Method::kGet, "/v1/records/{id:uuid}", h::get_record, s,
                   {"기록 조회 (ETag 헤더 포함)", "", "", {{200, "Record"}, p401, p403, p404}, {}}));
  router.add(route(Method::kPatch, "/v1/records/{id:uuid}", h::patch_record, s,
                   {"기록 부분 수정 (JSON Merge Patch, If-Match 필수)", "", "RecordPatch",
                    {{200, "Record"}, p400, p401, p403, p404, p412, p415, p428}, {}}));
  router.add(route(Method::kDelete, "/v1/records/{id:uuid}", h::delete_record, s,
                   {"기록 삭제 (동기화용 삭제 표시를 남김; If-Match 선택)", "", "",
                    {{204, ""}, p401, p403, p404, p412}, {}}));
  router.add(route(Method::kPost, "/v1/records:batch", h::batch_records, s,
                   {"최대 500건을 한 트랜잭션으로 저장·삭제 (항목별 결과)", "", "RecordBatch",
                    {{200, "RecordBatchResult"}, p400, p401, p403, p415}, {}}));
  router.add(route(Method::kGet, "/v1/records", h::list_records, s,
                   {"기록 목록 (최신순, 커서 페이지네이션, limit ≤ 200)", "", "", {{200, "RecordPage"}, p400, p401, p403},
                    {"type", "from", "to", "cursor", "limit"}}));
  router.add(route(Method::kGet, "/v1/sync", h::sync_records, s,
                   {"커서 이후의 모든 변경 (삭제 표시 포함) — docs/sync.md", "", "",
                    {{200, "SyncPage"}, p400, p401, p403}, {"since", "limit"}}));
  router.add(route(Method::kGet, "/v1/calendar", h::get_calendar, s,
                   {"월간 달력: 날짜별 증상·구조약·최고호기유속 구역·조절 검사·악화·기분과 월 합계", "", "",
                    {{200, "CalendarMonth"}, p400, p401, p403}, {"month"}}));
  router.add(route(Method::kGet, "/v1/calendar/day/{day:date}", h::get_calendar_day, s,
                   {"하루의 기록 목록 (기록 당시 시간대 기준 날짜)", "", "", {{200, "DayRecords"}, p401, p403}, {}}));
  router.add(route(Method::kGet, "/v1/records/settings", h::get_settings, s,
                   {"최고호기유속 개인 최고치와 구역 기준", "", "", {{200, "RecordsSettings"}, p401, p403}, {}}));
  router.add(route(Method::kPut, "/v1/records/settings", h::put_settings, s,
                   {"개인 최고치·구역 기준 설정 (null이면 최근 6개월 최고치 사용)", "", "RecordsSettings",
                    {{200, "RecordsSettings"}, p400, p401, p403, p415}, {}}));
}

}  // namespace soom::records
