// The durable reminder scheduler (docs/medication.md):
//  1. materialize: extend each active medication's slots to now + horizon (rolling);
//  2. fire_due: claim due reminders with a lease (PostgreSQL: FOR UPDATE SKIP LOCKED, so
//     several workers share the queue; SQLite: one worker owns the queue through a lease
//     row), notify, then mark them fired. A worker that dies after claiming loses its
//     lease, and another worker fires the reminder later (marked late). The notification's
//     dedupe key makes a re-fire after a crash between notify and mark invisible to users.
//  3. sweep_missed: unanswered doses become missed after a window (outbox event → care
//     partners), plus an optional follow-up reminder.
#include <spdlog/spdlog.h>

#include <map>
#include <set>

#include "core/random.hpp"
#include "db/db.hpp"
#include "events/outbox.hpp"
#include "modules/medication/medication.hpp"
#include "modules/medication/medication_repository.hpp"
#include "modules/medication/slot_writer.hpp"
#include "modules/medication/zones.hpp"
#include "modules/notification/notification.hpp"
#include "modules/records/records.hpp"

namespace soom::medication {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr auto kBackfillLimit = hours(24 * 7);  // after a long outage, recreate at most a week
constexpr auto kRefreshMargin = hours(1);       // extend once the horizon is this close
constexpr auto kSweepInterval = seconds(1);

struct Claimed final {
  std::string id;
  std::string user_id;
  std::string medication_id;
  Instant due_at;
  int snooze_count = 0;
  std::string local_time;
  std::string medication_name;
  double dose = 1;
  std::string dose_unit;
};

class ReminderSchedulerImpl final : public ReminderScheduler {
 public:
  ReminderSchedulerImpl(Dependencies deps, std::string owner)
      : deps_(std::move(deps)), owner_(owner.empty() ? "worker-" + random_token(9) : std::move(owner)) {}

  int materialize() override {
    const auto now = deps_.clock->now();
    const auto horizon = now + hours(deps_.settings.horizon_hours);
    std::vector<repo::StoredMedication> due;
    {
      auto tx = deps_.db->read();
      due = repo::medications_to_extend(tx, horizon - kRefreshMargin, std::max(1, deps_.settings.batch_size / 5));
    }
    if (due.empty()) return 0;
    std::map<std::string, std::string> zones;
    for (const auto& s : due) {
      if (!zones.count(s.medication.user_id)) zones[s.medication.user_id] = zone_of_user(deps_.identity, s.medication.user_id);
    }
    auto tx = deps_.db->begin();
    for (const auto& s : due) {
      const auto from = std::max(s.materialized_until, now - kBackfillLimit);
      write_slots(tx, s.medication, zones[s.medication.user_id], from, horizon, now);
      repo::set_materialized_until(tx, s.medication.id, s.materialized_until, horizon);
    }
    tx.commit();
    return static_cast<int>(due.size());
  }

  int fire_due() override {
    const auto now = deps_.clock->now();
    auto claimed = claim(now);
    if (claimed.empty()) return 0;
    struct Outcome {
      const Claimed* slot;
      std::string state;
      bool late;
    };
    std::vector<Outcome> outcomes;
    for (const auto& c : claimed) {
      const auto lateness = now - c.due_at;
      const bool late = lateness > seconds(deps_.settings.late_after_s);
      if (lateness > seconds(deps_.settings.stale_after_s)) {
        // Too old to be useful (server was down): not sent, but recorded as expired.
        outcomes.push_back({&c, "expired", true});
        continue;
      }
      if (!send_reminder(c, late, "dose:" + c.id + ":" + std::to_string(c.snooze_count))) continue;  // lease expires → retry
      outcomes.push_back({&c, "fired", late});
    }
    auto tx = deps_.db->begin();
    for (const auto& o : outcomes) {
      tx.query(
          "UPDATE dose_slots SET reminder_state = $3, fired_at = $4, fired_late = $5, lease_owner = NULL, "
          "lease_until = 0, updated_at = $4 WHERE id = $1 AND lease_owner = $2 AND reminder_state = 'due' "
          "AND snooze_count = $6",
          {o.slot->id, owner_, o.state, to_unix_ms(now), o.late, static_cast<std::int64_t>(o.slot->snooze_count)});
    }
    tx.commit();
    return static_cast<int>(claimed.size());
  }

  int sweep_missed() override {
    const auto now = deps_.clock->now();
    if (last_sweep_ && now - *last_sweep_ < kSweepInterval && now >= *last_sweep_) return 0;
    last_sweep_ = now;
    int changed = mark_missed(now);
    if (deps_.settings.followup_after_s > 0) changed += send_followups(now);
    return changed;
  }

  int run_once() override {
    int work = 0;
    work += materialize();
    work += fire_due();
    work += sweep_missed();
    return work;
  }

 private:
  // SQLite: one worker process owns the queue; the lease row says who, until when.
  bool own_sqlite_queue(db::Transaction& tx, Instant now) {
    const auto r = tx.query(
        "INSERT INTO medication_queue_lease (name, owner, lease_until) VALUES ('dose_queue', $1, $2) "
        "ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until "
        "WHERE medication_queue_lease.owner = excluded.owner OR medication_queue_lease.lease_until <= $3",
        {owner_, to_unix_ms(now + milliseconds(deps_.settings.lease_ms)), to_unix_ms(now)});
    return r.affected == 1;
  }

  std::vector<Claimed> claim(Instant now) {
    auto tx = deps_.db->begin();
    const bool postgres = tx.engine() == db::Engine::kPostgres;
    if (!postgres && !own_sqlite_queue(tx, now)) return {};
    const std::string pick = std::string(
                                 "SELECT id FROM dose_slots WHERE reminder_state = 'due' AND due_at <= $3 AND lease_until <= $3 "
                                 "ORDER BY due_at LIMIT $4") +
                             (postgres ? " FOR UPDATE SKIP LOCKED" : "");
    const auto r = tx.query("UPDATE dose_slots SET lease_owner = $1, lease_until = $2 WHERE id IN (" + pick +
                                ") RETURNING id, user_id, medication_id, due_at, snooze_count, local_time",
                            {owner_, to_unix_ms(now + milliseconds(deps_.settings.lease_ms)), to_unix_ms(now),
                             static_cast<std::int64_t>(deps_.settings.batch_size)});
    std::vector<Claimed> out;
    std::set<std::string> medication_ids;
    for (const auto& row : r.rows) {
      Claimed c;
      c.id = row.get_text(0);
      c.user_id = row.get_text(1);
      c.medication_id = row.get_text(2);
      c.due_at = from_unix_ms(row.get_int(3));
      c.snooze_count = static_cast<int>(row.get_int(4));
      c.local_time = row.get_text(5);
      medication_ids.insert(c.medication_id);
      out.push_back(std::move(c));
    }
    if (!out.empty()) {
      db::Params params(medication_ids.begin(), medication_ids.end());
      const auto meds = tx.query("SELECT id, name, dose, dose_unit FROM medications WHERE id IN (" +
                                     db::placeholder_list(1, params.size()) + ")",
                                 params);
      std::map<std::string, const db::Row*> by_id;
      for (const auto& row : meds.rows) by_id[row.get_text(0)] = &row;
      for (auto& c : out) {
        if (auto it = by_id.find(c.medication_id); it != by_id.end()) {
          c.medication_name = it->second->get_text(1);
          c.dose = it->second->get_double(2);
          c.dose_unit = it->second->get_text(3);
        }
      }
    }
    tx.commit();
    return out;
  }

  bool send_reminder(const Claimed& c, bool late, const std::string& dedupe_key) {
    if (!deps_.notifications) {
      if (!warned_) spdlog::warn("medication reminders fire without a notification service wired");
      warned_ = true;
      return true;
    }
    notification::NotificationRequest request;
    request.user_id = c.user_id;
    request.kind = "dose_reminder";
    request.params = {{"medication_name", c.medication_name},
                      {"dose_text", dose_text(c.dose, c.dose_unit)},
                      {"scheduled_local_time", c.local_time.substr(11)},
                      {"dose_slot_id", c.id},
                      {"late", late ? "true" : "false"}};
    request.dedupe_key = dedupe_key;
    request.bypass_quiet_hours = true;  // the user asked for this reminder
    try {
      auto sent = deps_.notifications->notify(request);
      if (!sent) {
        spdlog::warn("dose reminder {} not queued: {}", c.id, sent.error().internal_message);
        return false;
      }
      return true;
    } catch (const std::exception& e) {
      spdlog::warn("dose reminder {} failed: {}", c.id, e.what());
      return false;
    }
  }

  int mark_missed(Instant now) {
    const auto cutoff = now - seconds(deps_.settings.missed_after_s);
    auto tx = deps_.db->begin();
    const auto rows = tx.query(
        "SELECT s.id, s.user_id, s.medication_id, s.local_time, s.local_date, m.role FROM dose_slots s "
        "JOIN medications m ON m.id = s.medication_id WHERE s.status = 'pending' AND s.scheduled_at <= $1 "
        "AND m.deleted_at IS NULL ORDER BY s.scheduled_at LIMIT $2",
        {to_unix_ms(cutoff), static_cast<std::int64_t>(deps_.settings.batch_size)});
    std::vector<std::pair<std::string, std::string>> touched;  // user, local date
    for (const auto& row : rows.rows) {
      const auto id = row.get_text(0);
      const auto r = tx.query("UPDATE dose_slots SET status = 'missed', answered_at = $2, updated_at = $2 "
                              "WHERE id = $1 AND status = 'pending'",
                              {id, to_unix_ms(now)});
      if (r.affected != 1) continue;
      touched.emplace_back(row.get_text(1), row.get_text(4));
      if (row.get_text(5) == "controller") {
        events::publish(tx, kDoseMissed, row.get_text(1),
                        {{"slot_id", id}, {"user_id", row.get_text(1)}, {"medication_id", row.get_text(2)},
                         {"local_time", row.get_text(3)}},
                        now);
      }
    }
    tx.commit();
    if (deps_.records) {
      for (const auto& [user, date] : touched) deps_.records->invalidate_calendar(user, date);
    }
    return static_cast<int>(touched.size());
  }

  int send_followups(Instant now) {
    const auto cutoff = now - seconds(deps_.settings.followup_after_s);
    std::vector<Claimed> due;
    {
      auto tx = deps_.db->read();
      const auto rows = tx.query(
          "SELECT s.id, s.user_id, s.medication_id, s.scheduled_at, s.local_time, m.name, m.dose, m.dose_unit "
          "FROM dose_slots s JOIN medications m ON m.id = s.medication_id WHERE s.status = 'pending' "
          "AND s.reminder_state = 'fired' AND s.followup_sent = $1 AND s.scheduled_at <= $2 AND m.deleted_at IS NULL "
          "ORDER BY s.scheduled_at LIMIT $3",
          {false, to_unix_ms(cutoff), static_cast<std::int64_t>(deps_.settings.batch_size)});
      for (const auto& row : rows.rows) {
        Claimed c;
        c.id = row.get_text(0);
        c.user_id = row.get_text(1);
        c.medication_id = row.get_text(2);
        c.due_at = from_unix_ms(row.get_int(3));
        c.local_time = row.get_text(4);
        c.medication_name = row.get_text(5);
        c.dose = row.get_double(6);
        c.dose_unit = row.get_text(7);
        due.push_back(std::move(c));
      }
    }
    int sent = 0;
    for (const auto& c : due) {
      // Notify first, then mark: a crash in between re-sends, and the dedupe key absorbs it.
      if (!send_reminder(c, true, "dose:" + c.id + ":followup")) continue;
      auto tx = deps_.db->begin();
      tx.query("UPDATE dose_slots SET followup_sent = $2, updated_at = $3 WHERE id = $1", {c.id, true, to_unix_ms(now)});
      tx.commit();
      ++sent;
    }
    return sent;
  }

  Dependencies deps_;
  std::string owner_;
  std::optional<Instant> last_sweep_;
  bool warned_ = false;
};

}  // namespace

std::shared_ptr<ReminderScheduler> make_reminder_scheduler(const Dependencies& deps, std::string owner) {
  return std::make_shared<ReminderSchedulerImpl>(deps, std::move(owner));
}

}  // namespace soom::medication
