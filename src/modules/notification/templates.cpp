#include "modules/notification/templates.hpp"

#include <array>
#include <string_view>

namespace soom::notification {
namespace {

struct Texts final {
  std::string_view title;
  std::string_view body;
  std::string_view public_title;  // empty: same as title
  std::string_view public_body;   // empty: same as body (no health details in it)
};

struct Template final {
  std::string_view kind;
  Texts ko;
  Texts en;
};

// {name} is replaced with the producer's parameter; parameters are plain text.
constexpr std::array<Template, 10> kTemplates{{
    {"dose_reminder",
     {"복약 알림", "{late}{medication_name} {dose_text} 복용 시간입니다 ({scheduled_local_time})", "", "{late}복약 시간입니다"},
     {"Medication reminder", "{late}Time to take {medication_name} ({dose_text}) at {scheduled_local_time}", "",
      "{late}It's time for your medication"}},
    {"dose_missed_partner",
     {"복약 확인 필요", "{patient_nickname}님이 {scheduled_local_time} {medication_name} 복용을 기록하지 않았습니다",
      "", "가족의 복약 확인이 필요합니다"},
     {"Dose not recorded", "{patient_nickname} has not recorded {medication_name} due at {scheduled_local_time}", "",
      "A family member's dose needs checking"}},
    {"refill_needed",
     {"약 보충 알림", "{medication_name}이(가) {doses_remaining}회분 남았습니다", "", "약이 곧 떨어집니다"},
     {"Refill reminder", "{medication_name}: {doses_remaining} doses left", "", "Your medicine is running low"}},
    {"rescue_overuse",
     {"증상 완화제 사용 증가",
      "최근 7일 중 {days_in_week}일, {doses_in_week}회 증상 완화제를 사용했습니다. 천식 행동 계획을 확인하고 진료를 받아 보세요.",
      "천식 관리 알림", "확인할 천식 관리 알림이 있습니다"},
     {"Reliever use is up",
      "You used your reliever on {days_in_week} of the last 7 days ({doses_in_week} doses). Check your action plan "
      "and consider seeing your doctor.",
      "Asthma care notice", "You have an asthma care notice"}},
    {"peak_flow_zone",
     {"최대호기유량 주의", "최대호기유량이 {zone} 구역({percent}%)입니다. 천식 행동 계획을 따르세요.", "천식 관리 알림",
      "확인할 천식 관리 알림이 있습니다"},
     {"Peak flow alert", "Your peak flow is in the {zone} zone ({percent}%). Follow your action plan.",
      "Asthma care notice", "You have an asthma care notice"}},
    {"comment_on_post",
     {"새 댓글", "{commenter}님이 내 글에 댓글을 남겼습니다", "", ""},
     {"New comment", "{commenter} commented on your post", "", ""}},
    {"reply_to_comment",
     {"새 답글", "{commenter}님이 내 댓글에 답글을 남겼습니다", "", ""},
     {"New reply", "{commenter} replied to your comment", "", ""}},
    {"report_share_opened",
     {"리포트 열람", "공유한 리포트가 열람되었습니다", "", ""},
     {"Report viewed", "Your shared report was opened", "", ""}},
    {"welcome",
     {"숨케어에 오신 것을 환영합니다", "오늘의 증상과 복약을 기록해 보세요.", "", ""},
     {"Welcome to SoomCare", "Start by recording today's symptoms and medication.", "", ""}},
    {"test",
     {"테스트 알림", "알림이 정상적으로 전달되었습니다.", "", ""},
     {"Test notification", "Notifications are working.", "", ""}},
}};

const Template* find(std::string_view kind) {
  for (const auto& t : kTemplates) {
    if (t.kind == kind) return &t;
  }
  return nullptr;
}

std::string param(const std::map<std::string, std::string>& params, const std::string& name, bool english) {
  if (name == "late") {
    auto it = params.find("late");
    const bool late = it != params.end() && (it->second == "true" || it->second == "1");
    return late ? (english ? "(Late) " : "(지연) ") : "";
  }
  if (name == "zone") {
    auto it = params.find("zone");
    const std::string zone = it == params.end() ? "" : it->second;
    if (english) return zone;
    if (zone == "red") return "빨간";
    if (zone == "yellow") return "노란";
    if (zone == "green") return "초록";
    return zone;
  }
  auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

std::string fill(std::string_view text, const std::map<std::string, std::string>& params, bool english) {
  std::string out;
  out.reserve(text.size() + 32);
  std::size_t i = 0;
  while (i < text.size()) {
    const auto open = text.find('{', i);
    if (open == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    const auto close = text.find('}', open);
    if (close == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    out.append(text.substr(i, open - i));
    out += param(params, std::string(text.substr(open + 1, close - open - 1)), english);
    i = close + 1;
  }
  return out;
}

}  // namespace

bool is_known_kind(const std::string& kind) { return find(kind) != nullptr; }
bool is_reminder_kind(const std::string& kind) { return kind == "dose_reminder"; }
bool is_community_kind(const std::string& kind) { return kind == "comment_on_post" || kind == "reply_to_comment"; }

std::optional<RenderedText> render(const std::string& kind, const std::map<std::string, std::string>& params,
                                   const std::string& locale, bool show_details) {
  const Template* t = find(kind);
  if (t == nullptr) return std::nullopt;
  const bool english = locale.size() >= 2 && (locale[0] == 'e' || locale[0] == 'E') && (locale[1] == 'n' || locale[1] == 'N');
  const Texts& texts = english ? t->en : t->ko;
  RenderedText out;
  out.title = fill(texts.title, params, english);
  out.body = fill(texts.body, params, english);
  if (show_details) {
    out.public_title = out.title;
    out.public_body = out.body;
  } else {
    out.public_title = texts.public_title.empty() ? out.title : fill(texts.public_title, params, english);
    out.public_body = texts.public_body.empty() ? out.body : fill(texts.public_body, params, english);
  }
  return out;
}

}  // namespace soom::notification
