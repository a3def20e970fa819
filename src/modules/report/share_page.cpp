#include "modules/report/share_page.hpp"

#include <fmt/format.h>

#include <cmath>

#include "modules/report/charts.hpp"
#include "modules/report/report_pdf.hpp"

namespace soom::report {
namespace {

std::string number(double v) {
  if (std::abs(v - std::round(v)) < 1e-9) return fmt::format("{}", static_cast<long long>(std::llround(v)));
  return fmt::format("{:.1f}", v);
}

void row(std::string& out, std::string_view label, std::string_view value) {
  out += "<tr><th>" + html_escape(label) + "</th><td>" + html_escape(value) + "</td></tr>\n";
}

std::string or_dash(const std::string& text) { return text.empty() ? "—" : text; }

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string prefix_svg_ids(std::string_view svg, std::string_view prefix) {
  // Drop the XML prolog: it is not allowed inside an HTML document.
  if (svg.rfind("<?xml", 0) == 0) {
    const auto end = svg.find("?>");
    if (end != std::string_view::npos) svg.remove_prefix(end + 2);
  }
  std::string out(svg);
  for (const std::string_view needle : {"id=\"", "href=\"#", "url(#"}) {
    std::string replaced;
    std::size_t at = 0;
    for (auto hit = out.find(needle); hit != std::string::npos; hit = out.find(needle, at)) {
      replaced.append(out, at, hit + needle.size() - at);
      replaced += prefix;
      at = hit + needle.size();
    }
    replaced.append(out, at, std::string::npos);
    out = std::move(replaced);
  }
  return out;
}

std::string shared_report_html(const SharedReport& shared) {
  const auto& r = shared.report;
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"ko\"><head><meta charset=\"utf-8\">\n";
  out += "<meta name=\"robots\" content=\"noindex, nofollow\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<title>" + html_escape(kPdfTitleKo) + "</title>\n";
  out += "<style>body{font-family:'NanumGothic',sans-serif;max-width:760px;margin:2em auto;padding:0 1em;"
         "color:#222}h1{font-size:1.6em}h2{color:#1a4d8c;border-bottom:1px solid #1a4d8c}"
         "th{text-align:left;padding-right:1.5em;vertical-align:top}svg{max-width:100%;height:auto}</style>\n";
  out += "</head><body>\n";
  out += "<h1>" + html_escape(kPdfTitleKo) + "</h1>\n";
  out += "<p>" +
         html_escape(fmt::format("기간: {} ~ {} ({}일) · 환자: {} · 링크 만료: {}", r.period.from, r.period.to,
                                 r.period.days, or_dash(shared.nickname), format_rfc3339(shared.expires_at))) +
         "</p>\n<p>읽기 전용 공유 보고서입니다. 수치는 환자의 기록에서 계산되었습니다.</p>\n";

  out += "<h2>" + html_escape(kPdfFiguresKo) + "</h2>\n<table>\n";
  const auto& s = r.symptoms;
  row(out, "기록한 날", fmt::format("{}일 / {}일", s.days_recorded, s.days_in_period));
  row(out, "증상 있는 날", fmt::format("{}일 (낮 증상 {}일)", s.symptom_days, s.daytime_symptom_days));
  row(out, "증상 없는 날", fmt::format("{}일", s.symptom_free_days));
  row(out, "밤에 깬 날 · 활동 제한", fmt::format("{}일 · {}일", s.night_waking_nights, s.activity_limited_days));
  row(out, "증상 완화제", fmt::format("{}일 사용 (주 {}일), {}회분", r.reliever.days, number(r.reliever.days_per_week),
                                     number(r.reliever.doses)));
  row(out, "조절제 복약률",
      r.adherence.available && r.adherence.overall.taken_percent
          ? fmt::format("{}%", number(*r.adherence.overall.taken_percent))
          : std::string("정보 없음"));
  const auto& pf = r.peak_flow;
  row(out, "개인 최고치", pf.personal_best ? fmt::format("{} L/min", *pf.personal_best) : std::string("없음"));
  row(out, "최대호기유량 구역", fmt::format("초록 {} · 노랑 {} · 빨강 {}", pf.green, pf.yellow, pf.red));
  row(out, "악화", fmt::format("{}회", r.exacerbations.size()));
  out += "</table>\n";

  out += "<h2>" + html_escape(kPdfSummaryKo) + "</h2>\n<ul>\n";
  for (const auto& sentence : r.summary_ko) out += "<li>" + html_escape(sentence) + "</li>\n";
  out += "</ul>\n";

  out += "<h2>" + html_escape(kPdfChartsKo) + "</h2>\n";
  for (auto kind : {ChartKind::kPef, ChartKind::kSymptoms, ChartKind::kReliever, ChartKind::kAdherence}) {
    out += "<figure>" + prefix_svg_ids(render_chart_svg(kind, r), chart_name(kind) + "-") + "</figure>\n";
  }

  const auto& p = shared.plan;
  out += "<h2>" + html_escape(kPdfPlanKo) + "</h2>\n<table>\n";
  row(out, "구역 기준", fmt::format("초록 ≥ {}% · 노랑 ≥ {}%", p.green_min_percent, p.yellow_min_percent));
  row(out, "초록 구역 — 약 / 행동", or_dash(p.green.take) + " / " + or_dash(p.green.act));
  row(out, "노랑 구역 — 약 / 행동", or_dash(p.yellow.take) + " / " + or_dash(p.yellow.act));
  row(out, "빨강 구역 — 약 / 행동", or_dash(p.red.take) + " / " + or_dash(p.red.act));
  row(out, "진료가 필요할 때", or_dash(p.call_doctor_when));
  row(out, "119에 연락할 때", or_dash(p.call_119_when));
  row(out, "담당 의사", or_dash(p.doctor_name) + " · " + or_dash(p.clinic_name) + " · " + or_dash(p.doctor_phone));
  out += "</table>\n</body></html>\n";
  return out;
}

}  // namespace soom::report
