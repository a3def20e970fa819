// The medication service: medications CRUD (slots follow every change in the same
// transaction), take/skip/snooze on dose slots, adherence and care partners.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <set>

#include "cache/rate_limiter.hpp"
#include "core/random.hpp"
#include "db/db.hpp"
#include "events/outbox.hpp"
#include "modules/identity/identity.hpp"
#include "modules/medication/adherence.hpp"
#include "modules/medication/drug_catalog.hpp"
#include "modules/medication/medication.hpp"
#include "modules/medication/medication_repository.hpp"
#include "modules/medication/slot_times.hpp"
#include "modules/medication/slot_writer.hpp"
#include "modules/medication/validation.hpp"
#include "modules/medication/zones.hpp"
#include "modules/records/records.hpp"

namespace soom::medication {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr int kMaxAdherenceDays = 366;
constexpr auto kFutureTolerance = minutes(5);  // clock skew of a client's taken_at

Error medication_not_found() { return Error::not_found("약을 찾을 수 없습니다"); }
Error slot_not_found() { return Error::not_found("복용 일정을 찾을 수 없습니다"); }
Error link_not_found() { return Error::not_found("보호자 연결을 찾을 수 없습니다"); }

bool is_id(const std::string& text) { return is_uuid(text); }

// A taken intake record of a medication, kept with its id to tell slot-made records apart.
struct IntakeRecord final {
  std::string record_id;
  IntakeFact fact;
};

class MedicationServiceImpl final : public MedicationService {
 public:
  explicit MedicationServiceImpl(Dependencies deps) : deps_(std::move(deps)) {
    if (deps_.cache) {
      invites_.emplace(deps_.cache, "medication:rate", std::chrono::hours(1),
                       "보호자 초대를 너무 자주 보냈습니다. 잠시 후 다시 시도해 주세요.");
    }
  }

  // ---- catalog --------------------------------------------------------------------------

  std::vector<Drug> search_drugs(const std::string& query, int limit) const override {
    return DrugCatalog::embedded().search(query, std::clamp(limit, 1, 50));
  }

  Result<Drug> drug(const std::string& id) const override {
    if (const auto* d = DrugCatalog::embedded().find(id)) return *d;
    return Error::not_found("약품 정보를 찾을 수 없습니다");
  }

  // ---- medications ----------------------------------------------------------------------

  Result<Medication> create(const std::string& user_id, const MedicationInput& raw) override {
    if (auto gate = check_consent(user_id); !gate) return gate.error();
    const auto zone = zone_of_user(deps_.identity, user_id);
    auto prepared = prepare(raw, zone);
    if (!prepared) return prepared.error();
    const auto now = deps_.clock->now();
    Medication m = medication_from(*prepared);
    m.id = new_uuid_v7();
    m.user_id = user_id;
    m.created_at = m.updated_at = now;
    const auto horizon = now + hours(deps_.settings.horizon_hours);
    auto tx = deps_.db->begin();
    repo::insert_medication(tx, m, horizon);
    write_slots(tx, m, zone, now, horizon, now);
    events::publish(tx, kMedicationChanged, user_id, {{"medication_id", m.id}, {"user_id", user_id}}, now);
    tx.commit();
    return m;
  }

  Result<std::vector<Medication>> list(const std::string& user_id) override {
    auto tx = deps_.db->read();
    return repo::list_medications(tx, user_id);
  }

  Result<Medication> get(const std::string& user_id, const std::string& id) override {
    if (!is_id(id)) return medication_not_found();
    auto tx = deps_.db->read();
    auto found = repo::find_medication(tx, user_id, normalize_uuid(id));
    if (!found) return medication_not_found();
    return found->medication;
  }

  Result<Medication> replace(const std::string& user_id, const std::string& raw_id, const MedicationInput& raw) override {
    if (!is_id(raw_id)) return medication_not_found();
    if (auto gate = check_consent(user_id); !gate) return gate.error();
    const auto id = normalize_uuid(raw_id);
    const auto zone = zone_of_user(deps_.identity, user_id);
    auto prepared = prepare(raw, zone);
    if (!prepared) return prepared.error();
    const auto now = deps_.clock->now();
    auto tx = deps_.db->begin();
    auto current = repo::find_medication(tx, user_id, id);
    if (!current) return medication_not_found();
    Medication m = medication_from(*prepared);
    m.id = id;
    m.user_id = user_id;
    m.created_at = current->medication.created_at;
    m.updated_at = now;
    m.version = current->medication.version + 1;
    // Topping the inventory up above the threshold re-arms the refill reminder.
    bool refill_notified = current->refill_notified;
    if (!m.inventory.remaining || !m.inventory.refill_threshold ||
        *m.inventory.remaining > *m.inventory.refill_threshold) {
      refill_notified = false;
    }
    repo::update_medication(tx, m, refill_notified);
    // The schedule may have changed: rebuild the untouched future, keep answered/fired slots.
    repo::delete_open_future_slots(tx, id, now);
    if (m.paused) repo::cancel_due_reminders(tx, id, now);
    const auto horizon = now + hours(deps_.settings.horizon_hours);
    write_slots(tx, m, zone, now, horizon, now);
    repo::set_materialized_until(tx, id, current->materialized_until, horizon);
    events::publish(tx, kMedicationChanged, user_id, {{"medication_id", id}, {"user_id", user_id}}, now);
    tx.commit();
    return m;
  }

  Status remove(const std::string& user_id, const std::string& raw_id) override {
    if (!is_id(raw_id)) return medication_not_found();
    const auto id = normalize_uuid(raw_id);
    const auto now = deps_.clock->now();
    auto tx = deps_.db->begin();
    if (!repo::soft_delete_medication(tx, user_id, id, now)) return medication_not_found();
    repo::delete_open_future_slots(tx, id, now);
    repo::cancel_due_reminders(tx, id, now);
    events::publish(tx, kMedicationChanged, user_id, {{"medication_id", id}, {"user_id", user_id}}, now);
    tx.commit();
    return {};
  }

  // ---- dose slots -----------------------------------------------------------------------

  Result<std::vector<DoseSlot>> doses(const std::string& user_id, Instant from, Instant to) override {
    if (to <= from) return Error::validation("to", "before_from", "to는 from보다 뒤여야 합니다");
    if (to - from > hours(24 * 62)) return Error::validation("to", "too_long", "최대 62일까지 조회할 수 있습니다");
    auto tx = deps_.db->read();
    return repo::list_slots(tx, user_id, from, to);
  }

  Result<DoseSlot> dose(const std::string& user_id, const std::string& slot_id) override {
    if (!is_id(slot_id)) return slot_not_found();
    auto tx = deps_.db->read();
    auto slot = repo::find_slot(tx, user_id, normalize_uuid(slot_id));
    if (!slot) return slot_not_found();
    return *slot;
  }

  Result<DoseSlot> take(const std::string& user_id, const std::string& raw_id, const TakeRequest& request) override {
    if (!is_id(raw_id)) return slot_not_found();
    const auto id = normalize_uuid(raw_id);
    const auto now = deps_.clock->now();
    if (request.taken_at && *request.taken_at > now + kFutureTolerance) {
      return Error::validation("taken_at", "in_future", "복용 시각은 미래일 수 없습니다");
    }
    if (request.doses && !(*request.doses > 0 && *request.doses <= kMaxDose)) {
      return Error::validation("doses", "out_of_range", "용량은 0보다 크고 100 이하입니다");
    }
    if (auto gate = check_consent(user_id); !gate) return gate.error();
    {
      auto tx = deps_.db->begin();
      auto slot = repo::find_slot(tx, user_id, id);
      if (!slot) return slot_not_found();
      if (slot->status != "taken") {
        auto med = repo::find_medication(tx, user_id, slot->medication_id);
        if (!med) return slot_not_found();
        const auto taken_at = request.taken_at.value_or(now);
        const double doses = request.doses.value_or(med->medication.dose);
        const auto record_id = records::deterministic_record_id("medication.dose", id);
        const auto r = tx.query(
            "UPDATE dose_slots SET status = 'taken', taken_at = $2, doses_taken = $3, record_id = $4, answered_at = $5, "
            "reminder_state = CASE WHEN reminder_state = 'due' THEN 'cancelled' ELSE reminder_state END, "
            "lease_owner = NULL, lease_until = 0, updated_at = $5 WHERE id = $1 AND status <> 'taken'",
            {id, to_unix_ms(taken_at), doses, record_id, to_unix_ms(now)});
        if (r.affected == 1) {
          if (auto inv = repo::consume_inventory(tx, slot->medication_id, doses, now)) {
            if (inv->threshold && inv->remaining && *inv->remaining <= *inv->threshold && !inv->refill_notified) {
              repo::set_refill_notified(tx, slot->medication_id, true);
              events::publish(tx, kRefillNeeded, user_id,
                              {{"medication_id", slot->medication_id}, {"user_id", user_id},
                               {"doses_remaining", std::to_string(static_cast<long long>(*inv->remaining))}},
                              now);
            }
          }
          events::publish(tx, kDoseTaken, user_id,
                          {{"slot_id", id}, {"user_id", user_id}, {"medication_id", slot->medication_id},
                           {"local_date", slot->local_date}},
                          now);
          tx.commit();
        }
      }
    }
    // The intake record, made from the stored facts so that every retry sends the same body.
    auto tx = deps_.db->read();
    auto slot = repo::find_slot(tx, user_id, id);
    if (!slot) return slot_not_found();
    if (auto recorded = ensure_intake_record(user_id, *slot); !recorded) return recorded.error();
    return *slot;
  }

  Result<DoseSlot> skip(const std::string& user_id, const std::string& raw_id) override {
    if (!is_id(raw_id)) return slot_not_found();
    const auto id = normalize_uuid(raw_id);
    const auto now = deps_.clock->now();
    auto tx = deps_.db->begin();
    auto slot = repo::find_slot(tx, user_id, id);
    if (!slot) return slot_not_found();
    if (slot->status == "taken") return Error::conflict("이미 복용한 일정은 건너뛸 수 없습니다");
    if (slot->status != "skipped") {
      tx.query(
          "UPDATE dose_slots SET status = 'skipped', answered_at = $2, "
          "reminder_state = CASE WHEN reminder_state = 'due' THEN 'cancelled' ELSE reminder_state END, "
          "lease_owner = NULL, lease_until = 0, updated_at = $2 WHERE id = $1 AND status IN ('pending', 'missed')",
          {id, to_unix_ms(now)});
      events::publish(tx, kDoseSkipped, user_id,
                      {{"slot_id", id}, {"user_id", user_id}, {"medication_id", slot->medication_id}}, now);
    }
    auto updated = repo::find_slot(tx, user_id, id);
    tx.commit();
    if (deps_.records) deps_.records->invalidate_calendar(user_id, slot->local_date);
    return *updated;
  }

  Result<DoseSlot> snooze(const std::string& user_id, const std::string& raw_id, int minutes_ahead) override {
    if (!is_id(raw_id)) return slot_not_found();
    if (minutes_ahead < 5 || minutes_ahead > 60) {
      return Error::validation("minutes", "out_of_range", "다시 알림은 5–60분 뒤로 설정할 수 있습니다");
    }
    const auto id = normalize_uuid(raw_id);
    const auto now = deps_.clock->now();
    auto tx = deps_.db->begin();
    auto slot = repo::find_slot(tx, user_id, id);
    if (!slot) return slot_not_found();
    if (slot->status != "pending") return Error::conflict("이미 응답한 일정은 다시 알림을 설정할 수 없습니다");
    tx.query(
        "UPDATE dose_slots SET reminder_state = 'due', due_at = $2, snooze_count = snooze_count + 1, "
        "lease_owner = NULL, lease_until = 0, updated_at = $3 WHERE id = $1 AND status = 'pending'",
        {id, to_unix_ms(now + minutes(minutes_ahead)), to_unix_ms(now)});
    auto updated = repo::find_slot(tx, user_id, id);
    tx.commit();
    return *updated;
  }

  // ---- adherence ------------------------------------------------------------------------

  Result<AdherenceReport> adherence(const std::string& user_id, const std::string& from, const std::string& to) override {
    auto reports = adherence_for_periods(user_id, {DatePeriod{from, to}}, nullptr);
    if (!reports) return reports.error();
    return std::move(reports->front());
  }

  Result<std::vector<AdherenceReport>> adherence_for_periods(const std::string& user_id,
                                                             const std::vector<DatePeriod>& periods,
                                                             const LoadedRecords* loaded) override {
    std::vector<AdherenceReport> reports;
    if (periods.empty()) return reports;
    for (const auto& p : periods) {
      if (auto checked = check_period(p); !checked) return checked.error();
    }
    // Valid YYYY-MM-DD texts order like the dates (the slot query compares them the same way).
    std::string first = periods.front().from, last = periods.front().to;
    for (const auto& p : periods) {
      first = std::min(first, p.from);
      last = std::max(last, p.to);
    }
    const auto zone = zone_of_user(deps_.identity, user_id);
    std::vector<DoseSlot> slots;
    std::vector<Medication> meds;
    {
      auto tx = deps_.db->read();
      slots = repo::controller_slots_by_date(tx, user_id, first, last);
      meds = repo::list_medications(tx, user_id);
    }
    auto intakes = intake_records(user_id, *parse_date(first), *parse_date(last), zone, loaded);
    if (!intakes) return intakes.error();
    const AdherenceWindows windows{seconds(deps_.settings.on_time_window_s), seconds(deps_.settings.match_window_s),
                                   seconds(deps_.settings.missed_after_s)};
    const auto now = deps_.clock->now();
    for (const auto& p : periods) {
      std::vector<DoseSlot> in_period;
      for (const auto& s : slots) {
        if (s.local_date >= p.from && s.local_date <= p.to) in_period.push_back(s);
      }
      const auto free = free_intakes(in_period, *intakes, *parse_date(p.from), *parse_date(p.to), zone);
      reports.push_back(figures_for(p, zone, in_period, meds, free, now, windows));
    }
    return reports;
  }

  // ---- care partners --------------------------------------------------------------------

  Result<CarePartner> invite_partner(const std::string& patient_id, const std::string& email, bool consent) override {
    if (!consent) {
      return Error::validation("consent", "required", "보호자에게 복약 기록을 공유하는 데 동의해야 합니다");
    }
    const auto address = identity::normalize_email(email);
    if (!address) return Error::validation("email", "invalid", "이메일 형식이 올바르지 않습니다");
    if (!deps_.email_of) return Error::make(ErrorCode::kUnavailable, "보호자 초대를 사용할 수 없습니다");
    if (invites_) {
      if (auto allowed = invites_->check("invite", patient_id, deps_.settings.invites_per_hour); !allowed) {
        return std::move(allowed).error();
      }
    }
    auto own = deps_.email_of(patient_id);
    if (!own) return own.error();
    if (*own == *address) return Error::validation("email", "self", "본인을 보호자로 초대할 수 없습니다");
    // Nobody is looked up: the answer is the same whether or not an account has the address.
    repo::PartnerRow row{new_uuid_v7(), patient_id, {}, *address, "pending", deps_.clock->now(), std::nullopt,
                         std::nullopt};
    try {
      auto tx = deps_.db->begin();
      repo::insert_partner(tx, row);
      tx.commit();
    } catch (const db::DbError& e) {
      if (e.kind() == db::DbError::Kind::kUniqueViolation) return Error::conflict("이미 초대했거나 연결된 보호자입니다");
      throw;
    }
    return to_partner(row, patient_id);
  }

  Result<CarePartnerList> partners(const std::string& user_id) override {
    if (auto claimed = claim_invitations(user_id); !claimed) return claimed.error();
    std::vector<repo::PartnerRow> rows;
    {
      auto tx = deps_.db->read();
      rows = repo::partner_links(tx, user_id);
    }
    CarePartnerList out;
    for (const auto& r : rows) {
      (r.patient_id == user_id ? out.partners : out.patients).push_back(to_partner(r, user_id));
    }
    return out;
  }

  Result<CarePartner> accept_partner(const std::string& partner_id, const std::string& link_id) override {
    if (!is_id(link_id)) return link_not_found();
    if (auto claimed = claim_invitations(partner_id); !claimed) return claimed.error();
    auto tx = deps_.db->begin();
    auto link = repo::find_partner_link(tx, normalize_uuid(link_id), partner_id);
    // Only the invited partner accepts; to the patient the invitation is not acceptable.
    if (!link || link->partner_id != partner_id || link->status == "revoked") return link_not_found();
    if (link->status == "pending") {
      const auto now = deps_.clock->now();
      repo::update_partner_status(tx, link->id, "pending", "active", now);
      link->status = "active";
      link->accepted_at = now;
      tx.commit();
    }
    return to_partner(*link, partner_id);
  }

  // The invited account declines by revoking; the patient withdraws or ends the link the same way.
  Status revoke_partner(const std::string& user_id, const std::string& link_id) override {
    if (!is_id(link_id)) return link_not_found();
    if (auto claimed = claim_invitations(user_id); !claimed) return claimed.error();
    auto tx = deps_.db->begin();
    auto link = repo::find_partner_link(tx, normalize_uuid(link_id), user_id);
    if (!link || link->status == "revoked") return link_not_found();
    repo::update_partner_status(tx, link->id, link->status, "revoked", deps_.clock->now());
    tx.commit();
    return {};
  }

  Result<AdherenceReport> partner_adherence(const std::string& partner_id, const std::string& link_id,
                                            const std::string& from, const std::string& to) override {
    if (!is_id(link_id)) return link_not_found();
    std::optional<repo::PartnerRow> link;
    {
      auto tx = deps_.db->read();
      link = repo::find_partner_link(tx, normalize_uuid(link_id), partner_id);
    }
    if (!link || link->partner_id != partner_id || link->status != "active") return link_not_found();
    return adherence(link->patient_id, from, to);
  }

 private:
  // Medications and intakes are health data: writing them needs the health-data consent.
  Status check_consent(const std::string& user_id) const {
    if (!deps_.identity) return {};
    auto consent = deps_.identity->has_health_data_consent(user_id);
    if (!consent) return consent.error();
    if (!*consent) {
      return Error::make(ErrorCode::kConsentRequired, "복약 정보를 저장하려면 건강정보 처리에 동의해야 합니다");
    }
    return {};
  }

  Result<MedicationInput> prepare(const MedicationInput& raw, const std::string& zone) const {
    MedicationInput in = raw;
    auto errors = validate_input(in);
    if (in.drug_id) {
      const auto* d = DrugCatalog::embedded().find(*in.drug_id);
      if (!d) {
        errors.push_back({"drug_id", "unknown", "약품 목록에 없는 drug_id입니다"});
      } else if (!in.name) {
        in.name = d->brand_ko;
      }
    }
    if (!errors.empty()) return Error::validation(std::move(errors));
    if (in.start_date.empty()) in.start_date = local_date_in(deps_.clock->now(), zone);
    return in;
  }

  static Medication medication_from(const MedicationInput& in) {
    Medication m;
    m.drug_id = in.drug_id;
    m.name = in.name.value_or("");
    m.role = in.role;
    m.dose = in.dose;
    m.dose_unit = in.dose_unit;
    m.schedule = in.schedule;
    m.start_date = in.start_date;
    m.end_date = in.end_date;
    m.paused = in.paused;
    m.memo = in.memo;
    m.inventory = in.inventory;
    return m;
  }

  Status ensure_intake_record(const std::string& user_id, const DoseSlot& slot) {
    if (!deps_.records || !slot.record_id || !slot.taken_at) return {};
    records::IntakeDetail detail;
    detail.medication_id = slot.medication_id;
    detail.medication_name = slot.medication_name;
    detail.category = slot.role == "reliever" ? "rescue" : slot.role == "controller" ? "controller" : "other";
    detail.doses = slot.doses_taken.value_or(1);
    detail.taken = true;
    records::RecordInput input{*slot.taken_at, slot.time_zone, std::nullopt, detail};
    auto put = deps_.records->put(user_id, *slot.record_id, input);
    // A conflict means the user edited or deleted that record since: it exists, leave it be.
    if (!put && put.error().code != ErrorCode::kConflict) return put.error();
    deps_.records->invalidate_calendar(user_id, slot.local_date);
    return {};
  }

  Status check_period(const DatePeriod& p) const {
    const auto from_day = parse_date(p.from);
    const auto to_day = parse_date(p.to);
    std::vector<FieldError> errors;
    if (!from_day) errors.push_back({"from", "invalid", "YYYY-MM-DD 날짜여야 합니다"});
    if (!to_day) errors.push_back({"to", "invalid", "YYYY-MM-DD 날짜여야 합니다"});
    if (errors.empty() && p.to < p.from) errors.push_back({"to", "before_from", "to는 from 이후여야 합니다"});
    if (errors.empty() &&
        (std::chrono::sys_days{*to_day} - std::chrono::sys_days{*from_day}).count() >= kMaxAdherenceDays) {
      errors.push_back({"to", "too_long", "최대 366일까지 조회할 수 있습니다"});
    }
    if (!errors.empty()) return Error::validation(std::move(errors));
    return {};
  }

  // Intake records may match a slot up to the match window outside the period's local days.
  std::pair<Instant, Instant> intake_span(std::chrono::year_month_day from, std::chrono::year_month_day to,
                                          const std::string& zone) const {
    const auto window = seconds(deps_.settings.match_window_s);
    const auto next = std::chrono::year_month_day{std::chrono::sys_days{to} + std::chrono::days(1)};
    return {start_of_local_day(from, zone) - window, start_of_local_day(next, zone) + window};
  }

  // Taken intake records of a medication within the span of `from`..`to`, from `loaded` when it
  // covers that span (the caller's own read), else read here.
  Result<std::vector<IntakeRecord>> intake_records(const std::string& user_id, std::chrono::year_month_day from,
                                                   std::chrono::year_month_day to, const std::string& zone,
                                                   const LoadedRecords* loaded) {
    std::vector<IntakeRecord> out;
    if (!deps_.records) return out;
    const auto [begin, end] = intake_span(from, to, zone);
    std::vector<records::Record> read;
    const std::vector<records::Record>* source = nullptr;
    if (loaded && loaded->records && loaded->from <= begin && end <= loaded->to) {
      source = loaded->records;
    } else {
      auto found = deps_.records->records_between(user_id, begin, end);
      if (!found) {
        if (found.error().code == ErrorCode::kConsentRequired) return out;
        return found.error();
      }
      read = std::move(*found);
      source = &read;
    }
    for (const auto& r : *source) {
      if (r.occurred_at < begin || r.occurred_at >= end || !r.detail) continue;
      const auto* intake = std::get_if<records::IntakeDetail>(&*r.detail);
      if (!intake || !intake->taken || !intake->medication_id) continue;
      out.push_back(IntakeRecord{r.id, IntakeFact{*intake->medication_id, r.occurred_at}});
    }
    return out;
  }

  // The period's intake records that were not made through one of its slots.
  std::vector<IntakeFact> free_intakes(const std::vector<DoseSlot>& slots, const std::vector<IntakeRecord>& intakes,
                                       std::chrono::year_month_day from, std::chrono::year_month_day to,
                                       const std::string& zone) const {
    const auto [begin, end] = intake_span(from, to, zone);
    std::set<std::string> slot_records;
    for (const auto& s : slots) {
      if (s.record_id) slot_records.insert(*s.record_id);
    }
    std::vector<IntakeFact> out;
    for (const auto& i : intakes) {
      if (i.fact.at < begin || i.fact.at >= end || slot_records.count(i.record_id)) continue;
      out.push_back(i.fact);
    }
    return out;
  }

  static AdherenceReport figures_for(const DatePeriod& period, const std::string& zone,
                                     const std::vector<DoseSlot>& slots, const std::vector<Medication>& meds,
                                     const std::vector<IntakeFact>& intakes, Instant now,
                                     const AdherenceWindows& windows) {
    std::map<std::string, std::vector<SlotFact>> by_medication;
    std::vector<SlotFact> all;
    for (const auto& s : slots) {
      SlotFact f{s.id, s.medication_id, s.scheduled_at, s.local_date, s.status, s.taken_at};
      by_medication[s.medication_id].push_back(f);
      all.push_back(std::move(f));
    }
    AdherenceReport report;
    report.from = period.from;
    report.to = period.to;
    report.time_zone = zone;
    report.overall = compute_adherence(all, intakes, now, windows);
    for (const auto& m : meds) {
      if (m.role != "controller") continue;
      report.medications.push_back(
          MedicationAdherence{m.id, m.name, compute_adherence(by_medication[m.id], intakes, now, windows)});
    }
    return report;
  }

  // As `viewer` may see it: to the patient, the partner shows only once the invitation was
  // accepted (a pending one must not tell whether an account has the address), and the
  // address only to the patient who typed it.
  CarePartner to_partner(const repo::PartnerRow& r, const std::string& viewer) const {
    CarePartner p;
    p.id = r.id;
    p.patient_id = r.patient_id;
    p.status = r.status;
    p.created_at = r.created_at;
    p.accepted_at = r.accepted_at;
    p.revoked_at = r.revoked_at;
    p.patient_nickname = nickname(r.patient_id);
    if (viewer == r.patient_id) p.invited_email = r.invited_email;
    if (!r.partner_id.empty() && (viewer == r.partner_id || r.accepted_at)) {
      p.partner_id = r.partner_id;
      p.partner_nickname = nickname(r.partner_id);
    }
    return p;
  }

  // Invitations addressed to the user's e-mail become theirs (see repo::claim_invitations);
  // a read first, so that listing without waiting invitations writes nothing.
  Status claim_invitations(const std::string& user_id) {
    if (!deps_.email_of) return {};
    auto email = deps_.email_of(user_id);
    if (!email) return email.error();
    {
      auto tx = deps_.db->read();
      if (!repo::has_unclaimed_invitations(tx, *email)) return {};
    }
    auto tx = deps_.db->begin();
    repo::claim_invitations(tx, user_id, *email);
    tx.commit();
    return {};
  }

  std::string nickname(const std::string& user_id) const {
    if (!deps_.identity) return {};
    auto profile = deps_.identity->profile(user_id);
    return profile ? profile->nickname : std::string();
  }

  Dependencies deps_;
  std::optional<cache::RateLimiter> invites_;  // with a cache only
};

}  // namespace

std::shared_ptr<MedicationService> make_medication_service(const Dependencies& deps) {
  return std::make_shared<MedicationServiceImpl>(deps);
}

}  // namespace soom::medication
