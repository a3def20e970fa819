#pragma once
// Public surface of the report context: the clinical report for a period (figures computed
// from the records by the documented methods in docs/report.md), the asthma action plan,
// exports (CSV, FHIR R4, personal data), charts (SVG) and the PDF, clinician share links
// and the outbox consumers (zone alerts, share openings, erasure).
// Everything else in src/modules/report is private.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"

namespace soom::cache {
class Cache;
}
namespace soom::db {
class Database;
}
namespace soom::events {
class Consumer;
}
namespace soom::identity {
class IdentityService;
}
namespace soom::records {
class RecordsService;
}
namespace soom::medication {
class MedicationService;
}
namespace soom::notification {
class NotificationCenter;
}

namespace soom::report {

// ---- Report figures --------------------------------------------------------------------

struct Period final {
  std::string from;  // YYYY-MM-DD, inclusive, user's local days
  std::string to;    // inclusive
  int days = 0;
};

struct TriggerCount final {
  std::string trigger;
  int days = 0;  // days on which the trigger was noted
};

struct SymptomBurden final {
  int days_in_period = 0;
  int days_recorded = 0;         // days with at least one record of any type
  int symptom_days = 0;          // a symptom record with a symptom code or severity > 0
  int symptom_free_days = 0;     // recorded days without symptoms (unrecorded days are not assumed free)
  int daytime_symptom_days = 0;  // a symptom other than night waking / activity limitation (or severity alone)
  int night_waking_nights = 0;
  int activity_limited_days = 0;
  std::vector<TriggerCount> top_triggers;  // most days first, at most 5
};

struct RelieverUse final {
  int days = 0;       // days with a taken rescue intake (any reliever)
  int occasions = 0;  // taken rescue intake records
  double doses = 0;   // sum of their doses/puffs
  double days_per_week = 0;
  double doses_per_week = 0;
  // As-needed ICS-formoterol (anti-inflammatory reliever): included above, excluded from
  // GINA's "reliever needed more than twice a week" item.
  int ics_formoterol_occasions = 0;
  double ics_formoterol_doses = 0;
};

struct ControllerFigures final {
  int scheduled = 0;
  int taken = 0;
  int missed = 0;
  int skipped = 0;
  std::optional<double> taken_percent;  // none when nothing was scheduled
  std::optional<double> on_time_percent;
};

struct MedicationAdherenceLine final {
  std::string medication_id;
  std::string name;
  ControllerFigures figures;
};

struct ControllerAdherence final {
  bool available = false;  // false: the medication module could not answer
  ControllerFigures overall;
  std::vector<MedicationAdherenceLine> medications;
};

struct WeekFigures final {
  std::string from;
  std::string to;
  int days = 0;  // 7, or fewer for the last week of a period that is not whole weeks
  int days_recorded = 0;
  int symptom_days = 0;
  int symptom_free_days = 0;
  int night_waking_nights = 0;
  int activity_limited_days = 0;
  int reliever_days = 0;
  double reliever_doses = 0;
  std::optional<ControllerFigures> controller;
};

struct SelfAssessment final {
  std::string record_id;
  std::string date;
  std::string instrument;  // gina | act
  int score = 0;
  std::string result;
};

struct GinaWindow final {
  std::string from;
  std::string to;
  int days = 0;
  int days_recorded = 0;
  int daytime_symptom_days = 0;
  int reliever_occasions = 0;  // excluding as-needed ICS-formoterol
  double per_week_limit = 0;   // 2 × days / 7: "more than twice a week" over this window
  bool daytime_symptoms_over_limit = false;
  bool any_night_waking = false;
  bool reliever_over_limit = false;
  bool any_activity_limitation = false;
  int items_met = 0;  // 0–4
  std::string level;  // well_controlled | partly_controlled | uncontrolled | insufficient_data
  std::optional<SelfAssessment> patient_gina;  // the patient's last GINA answers in the window
};

struct ActEntry final {
  std::string record_id;
  std::string date;
  int score = 0;
  std::string band;  // well_controlled (20–25) | not_well_controlled (16–19) | very_poorly_controlled (≤ 15)
  std::optional<int> change;  // from the previous ACT (also one before the period)
  bool significant_change = false;  // |change| ≥ 3
};

struct PeakFlowReading final {
  std::string record_id;
  std::string local_date;
  Instant occurred_at;
  int pef = 0;
  std::optional<int> percent_of_personal_best;
  std::optional<std::string> zone;
};

struct PeakFlowFigures final {
  std::optional<int> personal_best;
  std::string personal_best_source = "none";  // user_entered | well_controlled_best | none
  int personal_best_window_days = 0;
  int green_min_percent = 80;
  int yellow_min_percent = 50;
  std::vector<PeakFlowReading> readings;
  int green = 0;
  int yellow = 0;
  int red = 0;
  std::optional<double> mean_percent_of_personal_best;
  // Reference only (Nunn & Gregg 1989); zones never use it.
  std::optional<int> predicted_pef;
  std::string predicted_note;
  std::optional<double> diurnal_variability_percent;
  int variability_days = 0;  // days with at least two readings
  double variability_threshold_percent = 10;
  std::optional<bool> variability_above_threshold;
};

struct ExacerbationItem final {
  std::string record_id;
  std::string kind;
  std::string start_date;
  std::optional<std::string> end_date;
};

// One local day of the period, for the symptom calendar.
struct CalendarDay final {
  std::string date;  // YYYY-MM-DD
  bool recorded = false;
  bool symptom = false;
  int worst_severity = 0;  // 0–3
};

struct MetricComparison final {
  std::string metric;
  std::optional<double> current;
  std::optional<double> previous;
  std::string direction;  // better | worse | same | not_comparable
};

struct Report final {
  Period period;
  Period previous_period;
  std::string time_zone;
  Instant generated_at;
  SymptomBurden symptoms;
  std::vector<WeekFigures> weeks;
  std::vector<CalendarDay> calendar;  // every day of the period, oldest first
  RelieverUse reliever;
  ControllerAdherence adherence;
  std::vector<GinaWindow> control;
  std::vector<ActEntry> act;
  PeakFlowFigures peak_flow;
  std::vector<ExacerbationItem> exacerbations;
  std::vector<MetricComparison> comparison;
  std::vector<std::string> summary_ko;  // plain-language sentences from the figures only
};

// ---- Action plan ----------------------------------------------------------------------

struct ZoneActions final {
  std::string take;  // what to take (medicines, doses)
  std::string act;   // what to do
};

struct ActionPlan final {
  // Owned by the records context's settings (one source of truth with its calendar).
  std::optional<int> personal_best_pef;
  int green_min_percent = 80;
  int yellow_min_percent = 50;
  // Owned here.
  ZoneActions green;
  ZoneActions yellow;
  ZoneActions red;
  std::string call_doctor_when;
  std::string call_119_when;
  std::string doctor_name;
  std::string doctor_phone;
  std::string clinic_name;
  std::optional<Instant> updated_at;  // none until the patient saves a plan
};

inline constexpr std::size_t kMaxPlanTextChars = 500;
inline constexpr std::size_t kMaxPlanNameChars = 100;
inline constexpr int kMaxReportDays = 366;

// ---- Exports --------------------------------------------------------------------------

struct Download final {
  std::string content_type;
  std::string filename;  // ASCII
  std::string body;
  std::string filename_utf8;  // optional Korean name (sent as RFC 5987 filename*)
};

// ---- Shares with a clinician ----------------------------------------------------------

struct ReportShare final {
  std::string id;
  std::string from;  // the shared period (local days, inclusive)
  std::string to;
  std::string note;
  Instant created_at;
  Instant expires_at;
  std::optional<Instant> revoked_at;
  std::int64_t access_count = 0;
  std::string status;  // active | expired | revoked
};

struct ShareInput final {
  std::optional<std::string> from;  // both or neither; default the last 28 days
  std::optional<std::string> to;
  int expires_in_days = 7;  // 1–30
  std::string note;         // ≤ 200 characters, for the patient's own list
};

struct CreatedShare final {
  ReportShare share;
  std::string token;  // shown once; only its SHA-256 hash is stored
};

struct ShareAccess final {
  std::string id;
  Instant accessed_at;
  std::string resource;    // html | pdf
  std::string user_agent;  // truncated
  std::string client_ip;   // empty when unknown
};

// Who opens a shared report (no account): what they asked for and what the request says.
struct ShareVisitor final {
  std::string resource;  // html | pdf
  std::string user_agent;
  std::string client_ip;
};

struct SharedReport final {
  Report report;
  ActionPlan plan;
  std::string nickname;
  Instant expires_at;
};

inline constexpr int kMaxShareDays = 30;
inline constexpr std::size_t kMaxShareNoteChars = 200;
inline constexpr std::size_t kMaxUserAgentChars = 200;

// ---- Service --------------------------------------------------------------------------

class ReportService {
 public:
  virtual ~ReportService() = default;
  // from/to: YYYY-MM-DD local dates, inclusive; both empty → the last 28 days ending today in
  // the user's zone. At most kMaxReportDays days.
  virtual Result<Report> report(const std::string& user_id, const std::optional<std::string>& from,
                                const std::optional<std::string>& to) = 0;
  virtual Result<ActionPlan> action_plan(const std::string& user_id) = 0;
  virtual Result<ActionPlan> save_action_plan(const std::string& user_id, const ActionPlan& plan) = 0;
  virtual Result<Download> export_csv(const std::string& user_id) = 0;
  virtual Result<Download> export_fhir(const std::string& user_id) = 0;
  virtual Result<Download> export_personal_data(const std::string& user_id) = 0;
  // One chart of the report (chart: pef | symptoms | reliever | adherence; else not found)
  // as image/svg+xml; same period rules as report().
  virtual Result<Download> chart_svg(const std::string& user_id, const std::string& chart,
                                     const std::optional<std::string>& from, const std::optional<std::string>& to) = 0;
  // The printable report (A4 PDF): figures, Korean summary, charts and the action plan.
  virtual Result<Download> report_pdf(const std::string& user_id, const std::optional<std::string>& from,
                                      const std::optional<std::string>& to) = 0;

  // Clinician shares. Another user's share id is not found.
  virtual Result<CreatedShare> create_share(const std::string& user_id, const ShareInput& input) = 0;
  virtual Result<std::vector<ReportShare>> list_shares(const std::string& user_id) = 0;
  virtual Status revoke_share(const std::string& user_id, const std::string& share_id) = 0;
  virtual Result<std::vector<ShareAccess>> share_accesses(const std::string& user_id, const std::string& share_id) = 0;
  // The public side (no login): unknown, expired and revoked tokens are all "not found";
  // rate-limited per token and per client; every successful opening is logged.
  virtual Result<SharedReport> open_share(const std::string& token, const ShareVisitor& visitor) = 0;
  virtual Result<Download> shared_pdf(const std::string& token, const ShareVisitor& visitor) = 0;
};

struct ReportSettings final {
  int personal_best_window_days = 182;  // "highest while well controlled" looks back this far
};

struct Dependencies final {
  std::shared_ptr<db::Database> db;
  std::shared_ptr<const Clock> clock;
  std::shared_ptr<identity::IdentityService> identity;
  std::shared_ptr<records::RecordsService> records;
  std::shared_ptr<medication::MedicationService> medication;
  std::shared_ptr<notification::NotificationCenter> notifications;  // personal-data export, zone alerts
  ReportSettings settings;
  std::shared_ptr<cache::Cache> cache;  // share rate limits (none → not limited)
};

std::shared_ptr<ReportService> make_report_service(const Dependencies& deps);

// Outbox consumers: records.peak_flow_recorded in the yellow/red zone → a notification
// pointing at the action plan (once per record); identity.user_deleted → erase this
// context's tables.
std::vector<std::shared_ptr<events::Consumer>> make_report_consumers(const Dependencies& deps);

// Deep link the zone notification carries (the app opens the action plan).
inline constexpr const char* kActionPlanLink = "soomcare://action-plan";

}  // namespace soom::report

namespace soom::http {
class Router;
}

namespace soom::report {
void add_report_routes(http::Router& router, std::shared_ptr<ReportService> service);
}  // namespace soom::report
