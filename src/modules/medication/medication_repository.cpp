#include "modules/medication/medication_repository.hpp"

#include "modules/medication/schedule_codec.hpp"

namespace soom::medication::repo {
namespace {

constexpr const char* kMedicationColumns =
    "id, user_id, drug_id, name, role, dose, dose_unit, schedule, start_date, end_date, paused, memo, "
    "inventory_remaining, doses_per_device, refill_threshold, refill_notified, materialized_until, version, "
    "created_at, updated_at";

db::Value opt(const std::optional<std::string>& v) { return v ? db::Value(*v) : db::Value(db::Null{}); }
db::Value opt(const std::optional<double>& v) { return v ? db::Value(*v) : db::Value(db::Null{}); }

StoredMedication medication_of(const db::Row& r) {
  StoredMedication s;
  auto& m = s.medication;
  m.id = r.get_text(0);
  m.user_id = r.get_text(1);
  m.drug_id = r.opt_text(2);
  m.name = r.get_text(3);
  m.role = r.get_text(4);
  m.dose = r.get_double(5);
  m.dose_unit = r.get_text(6);
  m.schedule = decode_schedule(r.get_text(7));
  m.start_date = r.get_text(8);
  m.end_date = r.opt_text(9);
  m.paused = r.get_bool(10);
  m.memo = r.opt_text(11);
  m.inventory.remaining = r.opt_double(12);
  m.inventory.doses_per_device = r.opt_double(13);
  m.inventory.refill_threshold = r.opt_double(14);
  s.refill_notified = r.get_bool(15);
  s.materialized_until = from_unix_ms(r.get_int(16));
  m.version = r.get_int(17);
  m.created_at = from_unix_ms(r.get_int(18));
  m.updated_at = from_unix_ms(r.get_int(19));
  return s;
}

constexpr const char* kSlotColumns =
    "s.id, s.medication_id, m.name, m.role, s.scheduled_at, s.local_time, s.local_date, s.time_zone, s.status, "
    "s.reminder_state, s.due_at, s.snooze_count, s.fired_at, s.fired_late, s.taken_at, s.doses_taken, s.record_id";

DoseSlot slot_of(const db::Row& r) {
  DoseSlot s;
  s.id = r.get_text(0);
  s.medication_id = r.get_text(1);
  s.medication_name = r.get_text(2);
  s.role = r.get_text(3);
  s.scheduled_at = from_unix_ms(r.get_int(4));
  s.local_time = r.get_text(5);
  s.local_date = r.get_text(6);
  s.time_zone = r.get_text(7);
  s.status = r.get_text(8);
  s.reminder_state = r.get_text(9);
  s.due_at = from_unix_ms(r.get_int(10));
  s.snooze_count = static_cast<int>(r.get_int(11));
  if (auto v = r.opt_int(12)) s.fired_at = from_unix_ms(*v);
  s.fired_late = r.opt_bool(13);
  if (auto v = r.opt_int(14)) s.taken_at = from_unix_ms(*v);
  s.doses_taken = r.opt_double(15);
  s.record_id = r.opt_text(16);
  return s;
}

PartnerRow partner_of(const db::Row& r) {
  PartnerRow p;
  p.id = r.get_text(0);
  p.patient_id = r.get_text(1);
  p.partner_id = r.opt_text(2).value_or("");
  p.status = r.get_text(3);
  p.created_at = from_unix_ms(r.get_int(4));
  if (auto v = r.opt_int(5)) p.accepted_at = from_unix_ms(*v);
  if (auto v = r.opt_int(6)) p.revoked_at = from_unix_ms(*v);
  p.invited_email = r.opt_text(7).value_or("");
  return p;
}

constexpr const char* kPartnerColumns =
    "id, patient_id, partner_id, status, created_at, accepted_at, revoked_at, invited_email";

db::Value text_or_null(const std::string& text) {
  if (text.empty()) return db::Null{};
  return text;
}

}  // namespace

void insert_medication(db::Transaction& tx, const Medication& m, Instant materialized_until) {
  tx.query(
      "INSERT INTO medications (id, user_id, drug_id, name, role, dose, dose_unit, schedule, schedule_kind, start_date, "
      "end_date, paused, memo, inventory_remaining, doses_per_device, refill_threshold, refill_notified, "
      "materialized_until, version, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, 1, $19, $19)",
      {m.id, m.user_id, opt(m.drug_id), m.name, m.role, m.dose, m.dose_unit, encode_schedule(m.schedule),
       m.schedule.kind, m.start_date, opt(m.end_date), m.paused, opt(m.memo), opt(m.inventory.remaining),
       opt(m.inventory.doses_per_device), opt(m.inventory.refill_threshold), false, to_unix_ms(materialized_until),
       to_unix_ms(m.created_at)});
}

bool update_medication(db::Transaction& tx, const Medication& m, bool refill_notified) {
  const auto r = tx.query(
      "UPDATE medications SET drug_id = $3, name = $4, role = $5, dose = $6, dose_unit = $7, schedule = $8, "
      "schedule_kind = $9, start_date = $10, end_date = $11, paused = $12, memo = $13, inventory_remaining = $14, "
      "doses_per_device = $15, refill_threshold = $16, refill_notified = $17, version = version + 1, updated_at = $18 "
      "WHERE id = $1 AND user_id = $2 AND deleted_at IS NULL",
      {m.id, m.user_id, opt(m.drug_id), m.name, m.role, m.dose, m.dose_unit, encode_schedule(m.schedule),
       m.schedule.kind, m.start_date, opt(m.end_date), m.paused, opt(m.memo), opt(m.inventory.remaining),
       opt(m.inventory.doses_per_device), opt(m.inventory.refill_threshold), refill_notified,
       to_unix_ms(m.updated_at)});
  return r.affected == 1;
}

std::optional<StoredMedication> find_medication(db::Transaction& tx, const std::string& user_id, const std::string& id) {
  const auto r = tx.query(std::string("SELECT ") + kMedicationColumns +
                              " FROM medications WHERE id = $1 AND user_id = $2 AND deleted_at IS NULL",
                          {id, user_id});
  if (r.empty()) return std::nullopt;
  return medication_of(r.rows.front());
}

std::vector<Medication> list_medications(db::Transaction& tx, const std::string& user_id) {
  const auto r = tx.query(std::string("SELECT ") + kMedicationColumns +
                              " FROM medications WHERE user_id = $1 AND deleted_at IS NULL ORDER BY created_at, id",
                          {user_id});
  std::vector<Medication> out;
  for (const auto& row : r.rows) out.push_back(medication_of(row).medication);
  return out;
}

bool soft_delete_medication(db::Transaction& tx, const std::string& user_id, const std::string& id, Instant now) {
  const auto r = tx.query(
      "UPDATE medications SET deleted_at = $3, updated_at = $3, version = version + 1 "
      "WHERE id = $1 AND user_id = $2 AND deleted_at IS NULL",
      {id, user_id, to_unix_ms(now)});
  return r.affected == 1;
}

std::vector<StoredMedication> medications_to_extend(db::Transaction& tx, Instant threshold, int limit) {
  const auto r = tx.query(std::string("SELECT ") + kMedicationColumns +
                              " FROM medications WHERE deleted_at IS NULL AND paused = $1 AND schedule_kind <> 'as_needed' "
                              "AND materialized_until < $2 ORDER BY materialized_until LIMIT $3",
                          {false, to_unix_ms(threshold), static_cast<std::int64_t>(limit)});
  std::vector<StoredMedication> out;
  for (const auto& row : r.rows) out.push_back(medication_of(row));
  return out;
}

bool set_materialized_until(db::Transaction& tx, const std::string& id, Instant expected, Instant value) {
  return tx
             .query("UPDATE medications SET materialized_until = $3 WHERE id = $1 AND materialized_until = $2",
                    {id, to_unix_ms(expected), to_unix_ms(value)})
             .affected == 1;
}

bool insert_slot(db::Transaction& tx, const NewSlot& s, Instant now) {
  const auto r = tx.query(
      "INSERT INTO dose_slots (id, user_id, medication_id, scheduled_at, local_time, local_date, time_zone, status, "
      "reminder_state, due_at, snooze_count, lease_until, followup_sent, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 'due', $4, 0, 0, $8, $9, $9) "
      "ON CONFLICT (medication_id, local_time) DO NOTHING",
      {s.id, s.user_id, s.medication_id, to_unix_ms(s.scheduled_at), s.local_time, s.local_date, s.time_zone, false,
       to_unix_ms(now)});
  return r.affected == 1;
}

int delete_open_future_slots(db::Transaction& tx, const std::string& medication_id, Instant after) {
  return static_cast<int>(tx.query("DELETE FROM dose_slots WHERE medication_id = $1 AND scheduled_at > $2 "
                                   "AND status = 'pending' AND reminder_state = 'due' AND snooze_count = 0",
                                   {medication_id, to_unix_ms(after)})
                              .affected);
}

int cancel_due_reminders(db::Transaction& tx, const std::string& medication_id, Instant now) {
  return static_cast<int>(tx.query("UPDATE dose_slots SET reminder_state = 'cancelled', lease_owner = NULL, "
                                   "lease_until = 0, updated_at = $2 WHERE medication_id = $1 AND reminder_state = 'due'",
                                   {medication_id, to_unix_ms(now)})
                              .affected);
}

std::optional<DoseSlot> find_slot(db::Transaction& tx, const std::string& user_id, const std::string& slot_id) {
  const auto r = tx.query(std::string("SELECT ") + kSlotColumns +
                              " FROM dose_slots s JOIN medications m ON m.id = s.medication_id "
                              "WHERE s.id = $1 AND s.user_id = $2 AND m.deleted_at IS NULL",
                          {slot_id, user_id});
  if (r.empty()) return std::nullopt;
  return slot_of(r.rows.front());
}

std::vector<DoseSlot> list_slots(db::Transaction& tx, const std::string& user_id, Instant from, Instant to) {
  const auto r = tx.query(std::string("SELECT ") + kSlotColumns +
                              " FROM dose_slots s JOIN medications m ON m.id = s.medication_id "
                              "WHERE s.user_id = $1 AND s.scheduled_at >= $2 AND s.scheduled_at < $3 "
                              "AND m.deleted_at IS NULL ORDER BY s.scheduled_at, s.id LIMIT 2000",
                          {user_id, to_unix_ms(from), to_unix_ms(to)});
  std::vector<DoseSlot> out;
  for (const auto& row : r.rows) out.push_back(slot_of(row));
  return out;
}

std::vector<DoseSlot> controller_slots_by_date(db::Transaction& tx, const std::string& user_id, const std::string& from,
                                               const std::string& to) {
  const auto r = tx.query(std::string("SELECT ") + kSlotColumns +
                              " FROM dose_slots s JOIN medications m ON m.id = s.medication_id "
                              "WHERE s.user_id = $1 AND s.local_date >= $2 AND s.local_date <= $3 "
                              "AND m.deleted_at IS NULL AND m.role = 'controller' ORDER BY s.scheduled_at, s.id",
                          {user_id, from, to});
  std::vector<DoseSlot> out;
  for (const auto& row : r.rows) out.push_back(slot_of(row));
  return out;
}

std::optional<InventoryChange> consume_inventory(db::Transaction& tx, const std::string& medication_id, double doses,
                                                 Instant now) {
  const auto r = tx.query(
      "UPDATE medications SET inventory_remaining = CASE WHEN inventory_remaining - $2 < 0 THEN 0 "
      "ELSE inventory_remaining - $2 END, updated_at = $3 WHERE id = $1 AND inventory_remaining IS NOT NULL "
      "RETURNING inventory_remaining, refill_threshold, refill_notified",
      {medication_id, doses, to_unix_ms(now)});
  if (r.empty()) return std::nullopt;
  const auto& row = r.rows.front();
  return InventoryChange{row.opt_double(0), row.opt_double(1), row.get_bool(2)};
}

void set_refill_notified(db::Transaction& tx, const std::string& medication_id, bool value) {
  tx.query("UPDATE medications SET refill_notified = $2 WHERE id = $1", {medication_id, value});
}

void insert_partner(db::Transaction& tx, const PartnerRow& p) {
  tx.query("INSERT INTO care_partners (id, patient_id, partner_id, invited_email, status, created_at) "
           "VALUES ($1, $2, $3, $4, $5, $6)",
           {p.id, p.patient_id, text_or_null(p.partner_id), text_or_null(p.invited_email), p.status,
            to_unix_ms(p.created_at)});
}

bool has_unclaimed_invitations(db::Transaction& tx, const std::string& email) {
  return !tx.query("SELECT 1 FROM care_partners WHERE invited_email = $1 AND partner_id IS NULL AND status = 'pending' "
                   "LIMIT 1",
                   {email})
              .empty();
}

int claim_invitations(db::Transaction& tx, const std::string& user_id, const std::string& email) {
  return static_cast<int>(
      tx.query("UPDATE care_partners SET partner_id = $1 WHERE invited_email = $2 AND partner_id IS NULL "
               "AND status = 'pending' AND patient_id <> $1 AND NOT EXISTS (SELECT 1 FROM care_partners live "
               "WHERE live.patient_id = care_partners.patient_id AND live.partner_id = $1 AND live.status <> 'revoked')",
               {user_id, email})
          .affected);
}

std::optional<PartnerRow> find_partner_link(db::Transaction& tx, const std::string& link_id, const std::string& user_id) {
  const auto r = tx.query(std::string("SELECT ") + kPartnerColumns +
                              " FROM care_partners WHERE id = $1 AND (patient_id = $2 OR partner_id = $2)",
                          {link_id, user_id});
  if (r.empty()) return std::nullopt;
  return partner_of(r.rows.front());
}

std::vector<PartnerRow> partner_links(db::Transaction& tx, const std::string& user_id) {
  const auto r = tx.query(std::string("SELECT ") + kPartnerColumns +
                              " FROM care_partners WHERE (patient_id = $1 OR partner_id = $1) AND status <> 'revoked' "
                              "ORDER BY created_at, id",
                          {user_id});
  std::vector<PartnerRow> out;
  for (const auto& row : r.rows) out.push_back(partner_of(row));
  return out;
}

std::vector<std::string> active_partners_of(db::Transaction& tx, const std::string& patient_id) {
  const auto r = tx.query("SELECT partner_id FROM care_partners WHERE patient_id = $1 AND status = 'active'",
                          {patient_id});
  std::vector<std::string> out;
  for (const auto& row : r.rows) out.push_back(row.get_text(0));
  return out;
}

bool update_partner_status(db::Transaction& tx, const std::string& link_id, const std::string& from_status,
                           const std::string& to_status, Instant now) {
  const char* sql = to_status == "active"
                        ? "UPDATE care_partners SET status = $3, accepted_at = $4 WHERE id = $1 AND status = $2"
                        : "UPDATE care_partners SET status = $3, revoked_at = $4 WHERE id = $1 AND status = $2";
  return tx.query(sql, {link_id, from_status, to_status, to_unix_ms(now)}).affected == 1;
}

}  // namespace soom::medication::repo
