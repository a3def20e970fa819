// The medication context's routes (wired by the composition root in src/app).
#include "http/router.hpp"
#include "modules/medication/handlers/medication_handlers.hpp"
#include "modules/medication/medication.hpp"

namespace soom::medication {
namespace {

using http::Auth;
using http::Method;

using HandlerFn = http::Response (*)(MedicationService&, http::Request&);

http::Route route(Method method, std::string pattern, Auth auth, HandlerFn fn,
                  std::shared_ptr<MedicationService> service, http::RouteDoc doc) {
  http::Route r;
  r.method = method;
  r.pattern = std::move(pattern);
  r.auth = auth;
  r.handler = [fn, service = std::move(service)](http::Request& request) { return fn(*service, request); };
  doc.tag = "medication";
  r.doc = std::move(doc);
  return r;
}

}  // namespace

void add_medication_routes(http::Router& router, std::shared_ptr<MedicationService> s) {
  namespace h = handlers;
  const std::pair<int, std::string> p400{400, "Problem"}, p401{401, "Problem"}, p403{403, "Problem"},
      p404{404, "Problem"}, p409{409, "Problem"}, p415{415, "Problem"};
  const auto R = Auth::kRequired;
  router.add(route(Method::kGet, "/v1/drugs", Auth::kNone, h::search_drugs, s,
                   {"국내 천식 약품 검색 (한글·영문·상품명 접두어, 초성 예: ㅅㅂㅋㅌ)", "", "", {{200, "DrugList"}, p400},
                    {"q"}}));
  router.add(route(Method::kGet, "/v1/drugs/{id}", Auth::kNone, h::get_drug, s,
                   {"약품 정보 (출처 포함)", "", "", {{200, "Drug"}, p404}, {}}));
  router.add(route(Method::kPost, "/v1/medications", R, h::create_medication, s,
                   {"복용 약 등록 (약품 목록 또는 직접 입력, 복용 일정·재고)", "", "MedicationInput",
                    {{201, "Medication"}, p400, p401, p403, p415}, {}}));
  router.add(route(Method::kGet, "/v1/medications", R, h::list_medications, s,
                   {"내 복용 약 목록", "", "", {{200, "MedicationList"}, p401}, {}}));
  router.add(route(Method::kGet, "/v1/medications/{id:uuid}", R, h::get_medication, s,
                   {"복용 약 조회", "", "", {{200, "Medication"}, p401, p404}, {}}));
  router.add(route(Method::kPatch, "/v1/medications/{id:uuid}", R, h::patch_medication, s,
                   {"복용 약 수정 (JSON Merge Patch; 일정이 바뀌면 앞으로의 알림을 다시 계산)", "", "MedicationPatch",
                    {{200, "Medication"}, p400, p401, p403, p404, p415}, {}}));
  router.add(route(Method::kDelete, "/v1/medications/{id:uuid}", R, h::delete_medication, s,
                   {"복용 약 삭제 (앞으로의 알림 취소)", "", "", {{204, ""}, p401, p404}, {}}));
  router.add(route(Method::kGet, "/v1/doses", R, h::list_doses, s,
                   {"복용 일정(알림) 목록: from ≤ 예정 시각 < to", "", "", {{200, "DoseSlotList"}, p400, p401},
                    {"from", "to"}}));
  router.add(route(Method::kGet, "/v1/doses/{id:uuid}", R, h::get_dose, s,
                   {"복용 일정 조회", "", "", {{200, "DoseSlot"}, p401, p404}, {}}));
  router.add(route(Method::kPost, "/v1/doses/{id:uuid}/take", R, h::take_dose, s,
                   {"복용함 (복용 기록 1건 생성, 재시도해도 1건; 재고 차감)", "", "TakeDose",
                    {{200, "DoseSlot"}, p400, p401, p403, p404, p415}, {}}));
  router.add(route(Method::kPost, "/v1/doses/{id:uuid}/skip", R, h::skip_dose, s,
                   {"건너뜀", "", "", {{200, "DoseSlot"}, p401, p404, p409}, {}}));
  router.add(route(Method::kPost, "/v1/doses/{id:uuid}/snooze", R, h::snooze_dose, s,
                   {"다시 알림 (5–60분 뒤)", "", "SnoozeDose", {{200, "DoseSlot"}, p400, p401, p404, p409, p415}, {}}));
  router.add(route(Method::kGet, "/v1/adherence", R, h::get_adherence, s,
                   {"복약 순응도: 조절제별·전체 예정/복용/정시/누락/연속 일수", "", "", {{200, "Adherence"}, p400, p401},
                    {"from", "to"}}));
  router.add(route(Method::kPost, "/v1/care-partners", R, h::invite_partner, s,
                   {"보호자 초대 (이메일 주소로; 계정이 있는지는 알려 주지 않음, 공유 동의 필수; 시간당 10회까지)", "",
                    "CarePartnerInvite", {{201, "CarePartner"}, p400, p401, p409, p415, {429, "Problem"}}, {}}));
  router.add(route(Method::kGet, "/v1/care-partners", R, h::list_partners, s,
                   {"보호자 연결 목록 (나를 돕는 보호자, 내가 돕는 환자)", "", "", {{200, "CarePartnerList"}, p401}, {}}));
  router.add(route(Method::kPost, "/v1/care-partners/{id:uuid}/accept", R, h::accept_partner, s,
                   {"보호자 초대 수락 (초대받은 이메일의 계정만)", "", "", {{200, "CarePartner"}, p401, p404}, {}}));
  router.add(route(Method::kDelete, "/v1/care-partners/{id:uuid}", R, h::revoke_partner, s,
                   {"보호자 초대 거절·연결 해제 (양쪽 누구나)", "", "", {{204, ""}, p401, p404}, {}}));
  router.add(route(Method::kGet, "/v1/care-partners/{id:uuid}/adherence", R, h::partner_adherence, s,
                   {"보호자가 보는 환자의 복약 순응도 (순응도만 열람 가능)", "", "", {{200, "Adherence"}, p400, p401, p404},
                    {"from", "to"}}));
}

}  // namespace soom::medication
