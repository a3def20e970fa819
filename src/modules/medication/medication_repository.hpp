#pragma once
// SQL of the medication context. Functions run inside the caller's transaction and
// never commit; every user-facing lookup is scoped by user_id (foreign ids → not found).
#include <optional>
#include <string>
#include <vector>

#include "db/db.hpp"
#include "modules/medication/medication.hpp"

namespace soom::medication::repo {

struct StoredMedication final {
  Medication medication;
  bool refill_notified = false;
  Instant materialized_until;
};

void insert_medication(db::Transaction& tx, const Medication& m, Instant materialized_until);
// Replaces the editable fields and bumps the version; false when it does not exist.
bool update_medication(db::Transaction& tx, const Medication& m, bool refill_notified);
std::optional<StoredMedication> find_medication(db::Transaction& tx, const std::string& user_id, const std::string& id);
std::vector<Medication> list_medications(db::Transaction& tx, const std::string& user_id);
bool soft_delete_medication(db::Transaction& tx, const std::string& user_id, const std::string& id, Instant now);
// Active scheduled medications whose slots end before `threshold`, oldest horizon first.
std::vector<StoredMedication> medications_to_extend(db::Transaction& tx, Instant threshold, int limit);
// Optimistic: only when nobody else extended it meanwhile.
bool set_materialized_until(db::Transaction& tx, const std::string& id, Instant expected, Instant value);

struct NewSlot final {
  std::string id;
  std::string user_id;
  std::string medication_id;
  Instant scheduled_at;
  std::string local_time;
  std::string local_date;
  std::string time_zone;
};
// Returns true when inserted (false: that local dose already has a slot).
bool insert_slot(db::Transaction& tx, const NewSlot& slot, Instant now);
// Drops open, untouched future slots (schedule changed, paused or deleted).
int delete_open_future_slots(db::Transaction& tx, const std::string& medication_id, Instant after);
// Stops due reminders of a medication (paused / deleted).
int cancel_due_reminders(db::Transaction& tx, const std::string& medication_id, Instant now);

std::optional<DoseSlot> find_slot(db::Transaction& tx, const std::string& user_id, const std::string& slot_id);
std::vector<DoseSlot> list_slots(db::Transaction& tx, const std::string& user_id, Instant from, Instant to);
// Slots of live controller medications with from <= local_date <= to.
std::vector<DoseSlot> controller_slots_by_date(db::Transaction& tx, const std::string& user_id, const std::string& from,
                                               const std::string& to);

// ---- Inventory -------------------------------------------------------------------------------
struct InventoryChange final {
  std::optional<double> remaining;
  std::optional<double> threshold;
  bool refill_notified = false;
};
// Subtracts `doses` (floored at 0) and returns the new state; nullopt when not tracked.
std::optional<InventoryChange> consume_inventory(db::Transaction& tx, const std::string& medication_id, double doses,
                                                 Instant now);
void set_refill_notified(db::Transaction& tx, const std::string& medication_id, bool value);

// ---- Care partners --------------------------------------------------------------------------
struct PartnerRow final {
  std::string id;
  std::string patient_id;
  std::string partner_id;     // empty: an invitation no account has claimed yet
  std::string invited_email;  // identity's normalized form; empty for links made before 0023
  std::string status;
  Instant created_at;
  std::optional<Instant> accepted_at;
  std::optional<Instant> revoked_at;
};
void insert_partner(db::Transaction& tx, const PartnerRow& row);
// The link when `user_id` is one of its two sides.
std::optional<PartnerRow> find_partner_link(db::Transaction& tx, const std::string& link_id, const std::string& user_id);
std::vector<PartnerRow> partner_links(db::Transaction& tx, const std::string& user_id);
// Whether pending invitations to `email` wait for an account to claim them.
bool has_unclaimed_invitations(db::Transaction& tx, const std::string& email);
// Makes `user_id` the partner of the pending invitations to `email` — except from patients it
// already has a live link with (and never from itself). Returns how many.
int claim_invitations(db::Transaction& tx, const std::string& user_id, const std::string& email);
std::vector<std::string> active_partners_of(db::Transaction& tx, const std::string& patient_id);
bool update_partner_status(db::Transaction& tx, const std::string& link_id, const std::string& from_status,
                           const std::string& to_status, Instant now);

}  // namespace soom::medication::repo
