#pragma once
// The facts of each local day that the report's formulas need, folded once from the
// records (each record counts on the local_date the records context stored for it).
#include <map>
#include <set>
#include <string>
#include <vector>

#include "modules/records/records.hpp"
#include "modules/report/local_dates.hpp"

namespace soom::report {

struct DayFacts final {
  bool recorded = false;             // any live record that day
  bool symptom = false;              // a symptom code or severity > 0
  bool daytime_symptom = false;      // a code other than night_waking / activity_limitation, or severity > 0 without codes
  bool night_waking = false;
  bool activity_limitation = false;
  int worst_severity = 0;            // highest symptom severity recorded that day (0–3)
  std::set<std::string> triggers;
  int reliever_occasions = 0;        // taken rescue intakes, any reliever
  double reliever_doses = 0;
  int ics_formoterol_occasions = 0;  // of which as-needed ICS-formoterol
  double ics_formoterol_doses = 0;
  std::vector<int> pef;              // peak flow readings (L/min)
};

using DayIndex = std::map<Day, DayFacts>;

// `ics_formoterol_medication_ids`: the medication module's ids of the user's medications
// whose catalog drug is an ICS-formoterol combination (see docs/report.md).
DayIndex index_days(const std::vector<records::Record>& records,
                    const std::set<std::string>& ics_formoterol_medication_ids);

// True for an intake that is a taken reliever dose of as-needed ICS-formoterol.
bool is_ics_formoterol_intake(const records::IntakeDetail& intake,
                              const std::set<std::string>& ics_formoterol_medication_ids);

// A day whose records show neither symptoms nor reliever use (peak flow on such days may
// set the personal best).
bool is_well_day(const DayFacts& day);

}  // namespace soom::report
