#pragma once
// Public surface of the medication context: the drug catalog, the user's medications,
// dose slots (the durable reminder queue) with take/skip/snooze, adherence, care
// partners and the reminder scheduler the worker runs. Everything else in
// src/modules/medication is private. Behaviour is documented in docs/medication.md.
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cache/cache.hpp"
#include "core/result.hpp"
#include "core/time.hpp"

namespace soom::db {
class Database;
}
namespace soom::identity {
class IdentityService;
}
namespace soom::records {
class RecordsQueries;
class DoseSummaryProvider;
struct Record;
}  // namespace soom::records
namespace soom::notification {
class NotificationService;
}
namespace soom::events {
class Consumer;
}

namespace soom::medication {

// ---- Drug catalog ------------------------------------------------------------------------

struct Drug final {
  std::string id;  // stable slug, e.g. "symbicort-turbuhaler"
  std::string brand_ko;
  std::string brand_en;
  std::string generic_ko;
  std::string generic_en;
  std::string drug_class;   // SABA, ICS, ICS/LABA, ICS/LAMA/LABA, LAMA, LTRA, OCS, biologic
  std::string device;       // pmdi | dpi | soft_mist | nebulizer | tablet | injection
  std::string device_name;  // Turbuhaler, Ellipta, … (may be empty)
  std::vector<std::string> strengths;
  double default_dose = 1;
  std::string dose_unit;  // puff | tablet | ampoule | injection
  std::string role;       // controller | reliever | other
  std::string source;     // public page the entry was checked against
};

// ---- Medications -------------------------------------------------------------------------

// kind "weekly": `weekly[0..6]` (Monday first) holds "HH:MM" times for each weekday;
// kind "interval": `times` every `every_days` days counted from the start date;
// kind "as_needed": no reminders.
struct Schedule final {
  std::string kind = "weekly";
  std::array<std::vector<std::string>, 7> weekly;
  int every_days = 1;
  std::vector<std::string> times;
};

struct Inventory final {
  std::optional<double> remaining;         // doses left
  std::optional<double> doses_per_device;  // e.g. 120 puffs per inhaler
  std::optional<double> refill_threshold;  // refill_needed once remaining drops to or below it
};

struct MedicationInput final {
  std::optional<std::string> drug_id;  // catalog entry, or
  std::optional<std::string> name;     // free text (one of the two is required)
  std::string role = "controller";     // controller | reliever | other
  double dose = 1;                     // per intake
  std::string dose_unit = "puff";      // puff | tablet | ml | ampoule | injection | capsule
  Schedule schedule;
  std::string start_date;  // YYYY-MM-DD (user's zone); empty → today
  std::optional<std::string> end_date;
  bool paused = false;
  std::optional<std::string> memo;
  Inventory inventory;
};

struct Medication final {
  std::string id;
  std::string user_id;
  std::optional<std::string> drug_id;
  std::string name;
  std::string role;
  double dose = 1;
  std::string dose_unit;
  Schedule schedule;
  std::string start_date;
  std::optional<std::string> end_date;
  bool paused = false;
  std::optional<std::string> memo;
  Inventory inventory;
  std::int64_t version = 1;
  Instant created_at;
  Instant updated_at;
};

// ---- Dose slots --------------------------------------------------------------------------

struct DoseSlot final {
  std::string id;
  std::string medication_id;
  std::string medication_name;
  std::string role;
  Instant scheduled_at;
  std::string local_time;  // YYYY-MM-DDTHH:MM as scheduled
  std::string local_date;
  std::string time_zone;
  std::string status;          // pending | taken | skipped | missed
  std::string reminder_state;  // due | fired | expired | cancelled
  Instant due_at;              // when the (next) reminder fires
  int snooze_count = 0;
  std::optional<Instant> fired_at;
  std::optional<bool> fired_late;
  std::optional<Instant> taken_at;
  std::optional<double> doses_taken;
  std::optional<std::string> record_id;  // the intake record in the records context
};

struct TakeRequest final {
  std::optional<Instant> taken_at;  // default: now
  std::optional<double> doses;      // default: the medication's dose
};

// ---- Adherence ---------------------------------------------------------------------------

struct AdherenceFigures final {
  int scheduled = 0;  // slots whose time has come (future slots do not count)
  int taken = 0;
  int on_time = 0;  // taken within the on-time window around the scheduled time
  int missed = 0;
  int skipped = 0;
  int open = 0;  // due, not yet answered and not yet missed
  std::optional<double> taken_percent;    // none when nothing was scheduled
  std::optional<double> on_time_percent;  // of scheduled
  int streak_days = 0;  // consecutive days up to `to` on which every scheduled dose was taken
};

struct MedicationAdherence final {
  std::string medication_id;
  std::string name;
  AdherenceFigures figures;
};

struct AdherenceReport final {
  std::string from;  // YYYY-MM-DD, inclusive
  std::string to;    // inclusive
  std::string time_zone;
  AdherenceFigures overall;
  std::vector<MedicationAdherence> medications;  // controller medications only
};

// A period of local dates (YYYY-MM-DD, both inclusive) in the user's zone.
struct DatePeriod final {
  std::string from;
  std::string to;
};

// Records a caller already holds: every live record of the user with from <= occurred_at < to
// (what records::RecordsQueries::records_between returned). Lets adherence skip its own read.
struct LoadedRecords final {
  Instant from;
  Instant to;
  const std::vector<records::Record>* records = nullptr;
};

// ---- Care partners -----------------------------------------------------------------------
// A patient invites an e-mail address. The invitation never tells the patient whether an
// account has that address (that would reveal who uses an asthma app): the partner's id and
// nickname show only once the invitation is accepted. The account with the address sees the
// invitation in its own list ("claims" it) and accepts or declines it.

struct CarePartner final {
  std::string id;
  std::string patient_id;
  std::string partner_id;        // empty while pending, to the patient
  std::string patient_nickname;
  std::string partner_nickname;  // empty while pending, to the patient
  std::string invited_email;     // to the patient only; empty for links made before invitations by address
  std::string status;  // pending | active | revoked
  Instant created_at;
  std::optional<Instant> accepted_at;
  std::optional<Instant> revoked_at;
};

struct CarePartnerList final {
  std::vector<CarePartner> partners;  // people who follow me (I am the patient)
  std::vector<CarePartner> patients;  // people I follow (I am the partner)
};

// ---- Settings ----------------------------------------------------------------------------

struct MedicationSettings final {
  int horizon_hours = 48;              // slots are materialized this far ahead (rolling)
  int late_after_s = 60;               // a reminder fired later than this is marked late
  int stale_after_s = 3 * 3600;        // older reminders are not sent (outcome "expired")
  int missed_after_s = 3 * 3600;       // an unanswered dose becomes missed after this
  int followup_after_s = 0;            // 0: no follow-up; else one more reminder if unanswered
  int on_time_window_s = 3600;         // ± around the scheduled time
  int match_window_s = 6 * 3600;       // intake records match the nearest slot within ±this
  int rescue_days_per_week = 2;        // reliever use on MORE than this many days in 7 → signal
  int rescue_doses_per_week = 0;       // 0: off; else MORE than this many doses in 7 days → signal
  int lease_ms = 30'000;               // claimed reminders / the SQLite queue lease
  int batch_size = 500;
  // Invitations per patient and hour (they reveal nothing, but each is a row and may become a
  // notification later). 0 turns the limit off.
  int invites_per_hour = 10;
};

// An account's e-mail address in identity's normalized form (identity::normalize_email):
// invitations addressed to it are that account's to claim.
using EmailOf = std::function<Result<std::string>(const std::string& user_id)>;

// ---- Service -----------------------------------------------------------------------------

class MedicationService {
 public:
  virtual ~MedicationService() = default;

  virtual std::vector<Drug> search_drugs(const std::string& query, int limit) const = 0;
  virtual Result<Drug> drug(const std::string& id) const = 0;

  virtual Result<Medication> create(const std::string& user_id, const MedicationInput& input) = 0;
  virtual Result<std::vector<Medication>> list(const std::string& user_id) = 0;
  virtual Result<Medication> get(const std::string& user_id, const std::string& id) = 0;
  virtual Result<Medication> replace(const std::string& user_id, const std::string& id, const MedicationInput& input) = 0;
  virtual Status remove(const std::string& user_id, const std::string& id) = 0;

  // Slots with from <= scheduled_at < to, oldest first.
  virtual Result<std::vector<DoseSlot>> doses(const std::string& user_id, Instant from, Instant to) = 0;
  virtual Result<DoseSlot> dose(const std::string& user_id, const std::string& slot_id) = 0;
  // Idempotent: a retried take returns the same slot and creates no second intake record.
  virtual Result<DoseSlot> take(const std::string& user_id, const std::string& slot_id, const TakeRequest& request) = 0;
  virtual Result<DoseSlot> skip(const std::string& user_id, const std::string& slot_id) = 0;
  virtual Result<DoseSlot> snooze(const std::string& user_id, const std::string& slot_id, int minutes) = 0;

  // from/to are local dates (YYYY-MM-DD, inclusive) in the user's zone.
  virtual Result<AdherenceReport> adherence(const std::string& user_id, const std::string& from,
                                            const std::string& to) = 0;
  // The same figures for many periods (e.g. a report's weeks) from one read of the slots and
  // one of the intake records spanning them all: element i equals adherence(periods[i]). When
  // `loaded` covers the span, its records are used instead of reading them again.
  virtual Result<std::vector<AdherenceReport>> adherence_for_periods(const std::string& user_id,
                                                                     const std::vector<DatePeriod>& periods,
                                                                     const LoadedRecords* loaded) = 0;

  virtual Result<CarePartner> invite_partner(const std::string& patient_id, const std::string& email, bool consent) = 0;
  virtual Result<CarePartnerList> partners(const std::string& user_id) = 0;
  virtual Result<CarePartner> accept_partner(const std::string& partner_id, const std::string& link_id) = 0;
  // Either side may end the link.
  virtual Status revoke_partner(const std::string& user_id, const std::string& link_id) = 0;
  // The partner's read-only view of the patient's adherence.
  virtual Result<AdherenceReport> partner_adherence(const std::string& partner_id, const std::string& link_id,
                                                    const std::string& from, const std::string& to) = 0;
};

// The background part, run by `soomcare worker` / `serve`. Safe in several processes.
class ReminderScheduler {
 public:
  virtual ~ReminderScheduler() = default;
  // Extends every active medication's slots to now + horizon. Returns slots created.
  virtual int materialize() = 0;
  // Fires due reminders (claimed with a lease); returns reminders handled.
  virtual int fire_due() = 0;
  // Marks unanswered doses missed (+ follow-ups); returns slots changed.
  virtual int sweep_missed() = 0;
  // All three; returns the work done (0 = idle).
  virtual int run_once() = 0;
};

struct Dependencies final {
  std::shared_ptr<db::Database> db;
  std::shared_ptr<const Clock> clock;
  std::shared_ptr<identity::IdentityService> identity;
  std::shared_ptr<records::RecordsQueries> records;
  std::shared_ptr<notification::NotificationService> notifications;  // may be null until wired
  EmailOf email_of;
  MedicationSettings settings;
  std::shared_ptr<cache::Cache> cache;  // rate limits; null: no limits (tests)
};

std::shared_ptr<MedicationService> make_medication_service(const Dependencies& deps);
// `owner` identifies this process in leases (random when empty).
std::shared_ptr<ReminderScheduler> make_reminder_scheduler(const Dependencies& deps, std::string owner = {});
// Controller doses per day for the records calendar.
std::shared_ptr<records::DoseSummaryProvider> make_dose_summary_provider(const Dependencies& deps);
// Outbox consumers: medication events (missed dose → care partners, refill) and records
// events (reliever use → rescue_overuse signal).
std::vector<std::shared_ptr<events::Consumer>> make_medication_consumers(const Dependencies& deps);

// Domain events (payload: ids and a few facts).
inline constexpr const char* kMedicationChanged = "medication.medication_changed";
inline constexpr const char* kDoseTaken = "medication.dose_taken";
inline constexpr const char* kDoseSkipped = "medication.dose_skipped";
inline constexpr const char* kDoseMissed = "medication.dose_missed";
inline constexpr const char* kRefillNeeded = "medication.refill_needed";

}  // namespace soom::medication

namespace soom::http {
class Router;
}

namespace soom::medication {
void add_medication_routes(http::Router& router, std::shared_ptr<MedicationService> service);
}  // namespace soom::medication
