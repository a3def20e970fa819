// The Korean plain-language summary: fixed sentence templates filled with the report's
// figures. It states what the records show and never gives advice.
#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <map>

#include "modules/report/report_builder.hpp"

namespace soom::report {
namespace {

std::string level_ko(const std::string& level) {
  if (level == "well_controlled") return "잘 조절됨";
  if (level == "partly_controlled") return "부분적으로 조절됨";
  if (level == "uncontrolled") return "조절되지 않음";
  return "기록 부족";
}

std::string act_band_ko(const std::string& band) {
  if (band == "well_controlled") return "잘 조절됨";
  if (band == "not_well_controlled") return "잘 조절되지 않음";
  return "매우 조절되지 않음";
}

std::string trigger_ko(const std::string& t) {
  static const std::map<std::string, std::string> names{
      {"cold_air", "찬 공기"},   {"exercise", "운동"},          {"fine_dust", "미세먼지"},
      {"pollen", "꽃가루"},      {"smoke", "연기"},             {"pets", "반려동물"},
      {"respiratory_infection", "호흡기 감염"}, {"stress", "스트레스"}, {"weather_change", "날씨 변화"},
      {"other", "기타"}};
  const auto it = names.find(t);
  return it == names.end() ? t : it->second;
}

std::string metric_ko(const std::string& m) {
  static const std::map<std::string, std::string> names{
      {"symptom_days", "증상 있는 날"},
      {"symptom_free_days", "증상 없는 날"},
      {"night_waking_nights", "밤에 깬 날"},
      {"activity_limited_days", "활동 제한"},
      {"reliever_days", "증상 완화제 사용일"},
      {"reliever_doses", "증상 완화제 사용량"},
      {"exacerbations", "악화"},
      {"peak_flow_mean_percent", "최대호기유량"},
      {"red_zone_readings", "빨간 구역 측정"},
      {"diurnal_variability_percent", "일중 변동률"},
      {"controller_adherence_percent", "조절제 복약률"}};
  const auto it = names.find(m);
  return it == names.end() ? m : it->second;
}

// 3 → "3", 2.5 → "2.5".
std::string number(double v) {
  if (std::abs(v - std::round(v)) < 1e-9) return fmt::format("{}", static_cast<long long>(std::llround(v)));
  return fmt::format("{:.1f}", v);
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

}  // namespace

std::vector<std::string> korean_summary(const Report& r) {
  std::vector<std::string> out;
  const auto& s = r.symptoms;
  out.push_back(fmt::format("{}~{} {}일 중 {}일 기록했습니다.", r.period.from, r.period.to, r.period.days,
                            s.days_recorded));
  if (s.days_recorded > 0) {
    out.push_back(fmt::format("증상이 있었던 날은 {}일, 증상 없이 지낸 날은 {}일입니다. 밤에 깬 날은 {}일, 활동에 "
                              "제한이 있었던 날은 {}일입니다.",
                              s.symptom_days, s.symptom_free_days, s.night_waking_nights, s.activity_limited_days));
  }
  if (!s.top_triggers.empty()) {
    std::vector<std::string> parts;
    for (const auto& t : s.top_triggers) parts.push_back(fmt::format("{}({}일)", trigger_ko(t.trigger), t.days));
    out.push_back("자주 기록된 악화 요인: " + join(parts) + ".");
  }
  if (r.reliever.occasions == 0) {
    out.push_back("증상 완화제를 사용한 기록이 없습니다.");
  } else {
    out.push_back(fmt::format("증상 완화제를 {}일, {}번({}회분) 사용했습니다(주 평균 {}일).", r.reliever.days,
                              r.reliever.occasions, number(r.reliever.doses), number(r.reliever.days_per_week)));
  }
  if (r.adherence.available && r.adherence.overall.taken_percent) {
    out.push_back(fmt::format("조절제는 예정된 {}회 중 {}회 복용했습니다({}%).", r.adherence.overall.scheduled,
                              r.adherence.overall.taken, number(*r.adherence.overall.taken_percent)));
  }
  if (!r.control.empty()) {
    const auto& w = r.control.back();
    if (w.level == "insufficient_data") {
      out.push_back(fmt::format("{}~{}은 기록한 날이 {}일 중 {}일이라 GINA 조절 수준을 판단하지 않았습니다.", w.from,
                                w.to, w.days, w.days_recorded));
    } else {
      out.push_back(fmt::format("GINA 기준 {}~{} 천식 조절 수준은 '{}'입니다(4개 항목 중 {}개 해당).", w.from, w.to,
                                level_ko(w.level), w.items_met));
    }
  }
  if (!r.act.empty()) {
    const auto& a = r.act.back();
    std::string text = fmt::format("최근 천식조절검사(ACT) 점수는 {}점({})입니다.", a.score, act_band_ko(a.band));
    if (a.change && a.significant_change) {
      text += fmt::format(" 이전 검사보다 {}점 {}습니다.", std::abs(*a.change), *a.change > 0 ? "올랐" : "내렸");
    }
    out.push_back(std::move(text));
  }
  const auto& pf = r.peak_flow;
  if (!pf.readings.empty()) {
    if (pf.personal_best && pf.mean_percent_of_personal_best) {
      out.push_back(fmt::format("최대호기유량을 {}번 측정했고, 개인 최고치 {} L/min 대비 평균 {}%입니다(초록 {}번, "
                                "노랑 {}번, 빨강 {}번).",
                                pf.readings.size(), *pf.personal_best, number(*pf.mean_percent_of_personal_best),
                                pf.green, pf.yellow, pf.red));
    } else {
      out.push_back(fmt::format("최대호기유량을 {}번 측정했지만 개인 최고치가 없어 구역을 나누지 않았습니다.",
                                pf.readings.size()));
    }
  }
  if (pf.diurnal_variability_percent) {
    out.push_back(fmt::format("하루 두 번 이상 측정한 {}일의 일중 변동률은 평균 {}%로, 기준 {}%를 {}.",
                              pf.variability_days, number(*pf.diurnal_variability_percent),
                              number(pf.variability_threshold_percent),
                              pf.variability_above_threshold.value_or(false) ? "넘습니다" : "넘지 않습니다"));
  }
  if (!r.exacerbations.empty()) {
    out.push_back(fmt::format("이 기간에 악화가 {}번 기록되었습니다.", r.exacerbations.size()));
  }
  std::vector<std::string> better;
  std::vector<std::string> worse;
  for (const auto& c : r.comparison) {
    if (c.direction == "better") better.push_back(metric_ko(c.metric));
    if (c.direction == "worse") worse.push_back(metric_ko(c.metric));
  }
  if (!better.empty()) out.push_back("이전 같은 기간보다 나아진 항목: " + join(better) + ".");
  if (!worse.empty()) out.push_back("이전 같은 기간보다 나빠진 항목: " + join(worse) + ".");
  return out;
}

}  // namespace soom::report
