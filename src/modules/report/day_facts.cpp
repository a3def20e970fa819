#include "modules/report/day_facts.hpp"

#include <algorithm>
#include <variant>

namespace soom::report {
namespace {

struct Folder final {
  DayFacts& day;
  const std::set<std::string>& ics_formoterol_ids;

  void operator()(const records::SymptomDetail& d) const {
    // Severity without any code is a daytime symptom; with codes, the codes decide (a severe
    // night waking alone is not a daytime symptom).
    bool daytime = d.severity > 0 && d.symptoms.empty();
    for (const auto& code : d.symptoms) {
      if (code == "night_waking") {
        day.night_waking = true;
      } else if (code == "activity_limitation") {
        day.activity_limitation = true;
      } else {
        daytime = true;
      }
    }
    if (d.severity > 0 || !d.symptoms.empty()) day.symptom = true;
    if (daytime) day.daytime_symptom = true;
    day.worst_severity = std::max(day.worst_severity, d.severity);
    for (const auto& t : d.triggers) day.triggers.insert(t);
  }
  void operator()(const records::IntakeDetail& d) const {
    if (d.category != "rescue" || !d.taken) return;
    ++day.reliever_occasions;
    day.reliever_doses += d.doses;
    if (is_ics_formoterol_intake(d, ics_formoterol_ids)) {
      ++day.ics_formoterol_occasions;
      day.ics_formoterol_doses += d.doses;
    }
  }
  void operator()(const records::LungFunctionDetail& d) const {
    if (d.pef > 0) day.pef.push_back(d.pef);
  }
  void operator()(const records::ControlTestDetail&) const {}
  void operator()(const records::ExacerbationDetail&) const {}
  void operator()(const records::StatusDetail&) const {}
};

}  // namespace

bool is_ics_formoterol_intake(const records::IntakeDetail& intake, const std::set<std::string>& ids) {
  return intake.category == "rescue" && intake.taken && intake.medication_id && ids.count(*intake.medication_id) > 0;
}

DayIndex index_days(const std::vector<records::Record>& records, const std::set<std::string>& ids) {
  DayIndex index;
  for (const auto& r : records) {
    if (r.deleted_at || !r.detail) continue;
    const auto day = parse_day(r.local_date);
    if (!day) continue;
    auto& facts = index[*day];
    facts.recorded = true;
    std::visit(Folder{facts, ids}, *r.detail);
  }
  return index;
}

bool is_well_day(const DayFacts& day) { return !day.symptom && day.reliever_occasions == 0; }

}  // namespace soom::report
