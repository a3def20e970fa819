// The records service: idempotent create-or-replace, optimistic versions, tombstones,
// atomic batches, cursor pages, sync and the cached monthly calendar.
#include <boost/json.hpp>

#include <chrono>
#include <mutex>
#include <set>

#include "cache/cache.hpp"
#include "core/encoding.hpp"
#include "core/random.hpp"
#include "db/db.hpp"
#include "events/outbox.hpp"
#include "modules/identity/identity.hpp"
#include "modules/records/calendar.hpp"
#include "modules/records/cursor.hpp"
#include "modules/records/day_bucket.hpp"
#include "modules/records/month_read.hpp"
#include "modules/records/pef_day_best.hpp"
#include "modules/records/record_json.hpp"
#include "modules/records/record_rules.hpp"
#include "modules/records/records.hpp"
#include "modules/records/records_repository.hpp"

namespace soom::records {
namespace {

using std::chrono::days;

// Six months back for the fallback personal best (the best PEF of the last 6 months): the
// reference local day and the 183 local days before it, each reading counted on its own local
// day (as the calendar buckets it), so the window is a read of the per-day summary.
constexpr auto kPersonalBestWindow = days(183);
constexpr auto kCalendarTtl = std::chrono::minutes(10);
constexpr int kDefaultSyncLimit = 500;
constexpr int kMaxSyncLimit = 1000;

Error consent_required() {
  return Error::make(ErrorCode::kConsentRequired, "건강 기록을 저장·조회하려면 건강정보 처리에 동의해야 합니다");
}
Error record_not_found() { return Error::not_found("기록을 찾을 수 없습니다"); }
Error stale_version() {
  return Error::make(ErrorCode::kPreconditionFailed, "다른 기기에서 먼저 수정되었습니다. 최신 기록을 다시 불러와 주세요");
}

std::string calendar_key(const std::string& user_id, const std::string& month) {
  return "records:calendar:v1:" + user_id + ":" + month;
}

// Hands out change numbers: the first comes from the bump that opened the transaction
// (and took the per-user lock), later ones bump again.
class SeqAllocator final {
 public:
  SeqAllocator(db::Transaction& tx, std::string user_id)
      : tx_(tx), user_id_(std::move(user_id)), reserved_(repo::next_change_seq(tx_, user_id_)) {}
  std::int64_t take() {
    if (reserved_) {
      const auto v = *reserved_;
      reserved_.reset();
      return v;
    }
    return repo::next_change_seq(tx_, user_id_);
  }

 private:
  db::Transaction& tx_;
  std::string user_id_;
  std::optional<std::int64_t> reserved_;
};

// Months whose cached calendar a write touches: the record's month, and for peak flows the
// six following months whose fallback personal best may include it.
void touched_months(std::set<std::string>& months, const std::string& local_date, const std::string& type) {
  months.insert(month_of_date(local_date));
  if (type != "lung_function") return;
  if (auto ym = parse_month(month_of_date(local_date))) {
    for (int i = 1; i <= 6; ++i) months.insert(format_month(add_months(*ym, i)));
  }
}

class RecordsServiceImpl final : public RecordsService {
 public:
  RecordsServiceImpl(std::shared_ptr<db::Database> db, std::shared_ptr<cache::Cache> cache,
                     std::shared_ptr<const Clock> clock, std::shared_ptr<identity::IdentityQueries> identity)
      : db_(std::move(db)), cache_(std::move(cache)), clock_(std::move(clock)), identity_(std::move(identity)) {}

  // ---- writes ----------------------------------------------------------------------------

  Result<PutOutcome> put(const std::string& user_id, const std::string& raw_id, const RecordInput& raw_input,
                         const PutOptions& options) override {
    if (auto gate = check_consent(user_id); !gate) return gate.error();
    if (!is_uuid(raw_id)) return Error::validation("id", "invalid", "UUID여야 합니다");
    const auto id = normalize_uuid(raw_id);
    auto input = raw_input;
    if (auto prepared = prepare(user_id, input); !prepared) return prepared.error();
    const auto now = clock_->now();
    std::set<std::string> months;
    auto tx = db_->begin();
    SeqAllocator seq(tx, user_id);
    auto outcome = apply_put(tx, seq, user_id, id, input, options, now, months);
    if (!outcome) return outcome.error();
    if (outcome->changed) tx.commit();  // an idempotent retry writes nothing (and rolls the counter back)
    invalidate(user_id, months);
    return outcome;
  }

  Status remove(const std::string& user_id, const std::string& raw_id,
                std::optional<std::int64_t> expected_version) override {
    if (auto gate = check_consent(user_id); !gate) return gate.error();
    if (!is_uuid(raw_id)) return record_not_found();
    const auto id = normalize_uuid(raw_id);
    std::set<std::string> months;
    auto tx = db_->begin();
    SeqAllocator seq(tx, user_id);
    bool changed = false;
    auto status = apply_remove(tx, seq, user_id, id, expected_version, clock_->now(), months, changed);
    if (!status) return status;
    if (changed) tx.commit();
    invalidate(user_id, months);
    return {};
  }

  Result<std::vector<BatchItemResult>> batch(const std::string& user_id, const std::vector<BatchItem>& items) override {
    if (auto gate = check_consent(user_id); !gate) return gate.error();
    if (items.size() > kMaxBatchItems) {
      return Error::validation("records", "too_many", "한 번에 최대 " + std::to_string(kMaxBatchItems) + "건입니다");
    }
    const auto now = clock_->now();
    std::vector<BatchItemResult> results(items.size());
    std::vector<std::optional<RecordInput>> inputs(items.size());
    std::set<std::string> seen;
    // Validation first, outside the transaction: invalid items never reach the database.
    for (std::size_t i = 0; i < items.size(); ++i) {
      const auto& item = items[i];
      auto& result = results[i];
      result.id = item.id;
      if (item.invalid) {
        result.error = *item.invalid;
        continue;
      }
      if (!is_uuid(item.id)) {
        result.error = Error::validation("id", "invalid", "UUID여야 합니다");
        continue;
      }
      result.id = normalize_uuid(item.id);
      if (!seen.insert(result.id).second) {
        result.error = Error::validation("id", "duplicate", "같은 배치에 같은 id가 두 번 있습니다");
        continue;
      }
      if (item.remove) continue;
      if (!item.input) {
        result.error = Error::validation("record", "required", "기록 본문이 필요합니다");
        continue;
      }
      auto input = *item.input;
      if (auto prepared = prepare(user_id, input); !prepared) {
        result.error = prepared.error();
        continue;
      }
      inputs[i] = std::move(input);
    }
    std::set<std::string> months;
    bool changed = false;
    auto tx = db_->begin();
    SeqAllocator seq(tx, user_id);
    for (std::size_t i = 0; i < items.size(); ++i) {
      auto& result = results[i];
      if (result.error) continue;
      if (items[i].remove) {
        bool removed = false;
        auto status = apply_remove(tx, seq, user_id, result.id, items[i].expected_version, now, months, removed);
        if (!status) result.error = status.error();
        else result.status = 204;
        changed = changed || removed;
        continue;
      }
      PutOptions options;
      options.expected_version = items[i].expected_version;
      auto outcome = apply_put(tx, seq, user_id, result.id, *inputs[i], options, now, months);
      if (!outcome) {
        result.error = outcome.error();
        continue;
      }
      result.status = outcome->created ? 201 : 200;
      changed = changed || outcome->changed;
      result.record = std::move(outcome->record);
    }
    // One transaction for the whole batch: a crash leaves all of it or none of it.
    if (changed) tx.commit();
    invalidate(user_id, months);
    return results;
  }

  Result<RecordsSettings> update_settings(const std::string& user_id, const RecordsSettings& s) override {
    if (auto gate = check_consent(user_id); !gate) return gate.error();
    std::vector<FieldError> errors;
    if (s.personal_best_pef && (*s.personal_best_pef < 50 || *s.personal_best_pef > 900)) {
      errors.push_back({"personal_best_pef", "out_of_range", "50~900 L/min 범위여야 합니다"});
    }
    if (s.green_min_percent < 1 || s.green_min_percent > 100) {
      errors.push_back({"green_min_percent", "out_of_range", "1~100 범위여야 합니다"});
    }
    if (s.yellow_min_percent < 1 || s.yellow_min_percent >= s.green_min_percent) {
      errors.push_back({"yellow_min_percent", "out_of_range", "1 이상, green_min_percent 미만이어야 합니다"});
    }
    if (!errors.empty()) return Error::validation(std::move(errors));
    auto tx = db_->begin();
    repo::save_settings(tx, user_id, s, clock_->now());
    tx.commit();
    // Cached calendars are keyed by the settings' timestamp, so they are stale from here on.
    return s;
  }

  // ---- reads -----------------------------------------------------------------------------

  Result<Record> get(const std::string& user_id, const std::string& id) override {
    if (auto gate = check_consent(user_id); !gate) return gate.error();
    if (!is_uuid(id)) return record_not_found();
    auto tx = db_->read();
    auto record = repo::find(tx, user_id, normalize_uuid(id));
    tx.commit();
    if (!record || record->deleted_at) return record_not_found();
    return std::move(*record);
  }

  Result<Page> list(const std::string& user_id, const ListQuery& query) override {
    if (auto gate = check_consent(user_id); !gate) return gate.error();
    std::vector<FieldError> errors;
    repo::ListFilter filter;
    filter.type = query.type;
    filter.from = query.from;
    filter.to = query.to;
    filter.limit = query.limit;
    if (query.type && !is_record_type(*query.type)) errors.push_back({"type", "unknown_code", "알 수 없는 기록 유형입니다"});
    if (query.limit < 1 || query.limit > kMaxPageLimit) {
      errors.push_back({"limit", "out_of_range", "1~" + std::to_string(kMaxPageLimit) + " 범위여야 합니다"});
    }
    if (query.cursor) {
      filter.after = decode_list_cursor(*query.cursor);
      if (!filter.after) errors.push_back({"cursor", "invalid", "올바르지 않은 커서입니다"});
    }
    if (!errors.empty()) return Error::validation(std::move(errors));
    ++filter.limit;  // one extra row tells whether another page exists
    auto tx = db_->read();
    auto rows = repo::list(tx, user_id, filter);
    tx.commit();
    Page page;
    if (rows.size() > static_cast<std::size_t>(query.limit)) {
      rows.resize(static_cast<std::size_t>(query.limit));
      const auto& last = rows.back();
      page.next_cursor = encode_list_cursor({to_unix_ms(last.occurred_at), last.id});
    }
    page.items = std::move(rows);
    return page;
  }

  Result<SyncPage> sync(const std::string& user_id, const std::optional<std::string>& since, int limit) override {
    if (auto gate = check_consent(user_id); !gate) return gate.error();
    std::int64_t after = 0;
    if (since && !since->empty()) {
      auto decoded = decode_sync_cursor(*since);
      if (!decoded) return Error::validation("since", "invalid", "올바르지 않은 동기화 커서입니다");
      after = *decoded;
    }
    if (limit <= 0) limit = kDefaultSyncLimit;
    if (limit > kMaxSyncLimit) {
      return Error::validation("limit", "out_of_range", "1~" + std::to_string(kMaxSyncLimit) + " 범위여야 합니다");
    }
    auto tx = db_->read();
    auto rows = repo::changes_after(tx, user_id, after, limit + 1);
    tx.commit();
    SyncPage page;
    page.has_more = rows.size() > static_cast<std::size_t>(limit);
    if (page.has_more) rows.resize(static_cast<std::size_t>(limit));
    page.next_cursor = encode_sync_cursor(rows.empty() ? after : rows.back().change_seq);
    page.changes = std::move(rows);
    return page;
  }

  Result<CalendarMonth> calendar(const std::string& user_id, const std::string& month) override {
    if (auto gate = check_consent(user_id); !gate) return gate.error();
    return compute_calendar(user_id, month);
  }

  Result<std::string> calendar_document(const std::string& user_id, const std::string& month) override {
    if (auto gate = check_consent(user_id); !gate) return gate.error();
    auto tx = db_->read();
    const auto settings_stamp = repo::load_settings(tx, user_id).updated_at_ms;
    tx.commit();
    auto zone = identity_->time_zone_of(user_id);
    if (!zone) return zone.error();
    const auto key = calendar_key(user_id, month);
    // The value carries what else it depends on (settings version, current zone): a hit with
    // other stamps is a miss.
    const auto stamp = std::to_string(settings_stamp) + "|" + *zone + "|";
    if (auto hit = cache_->get(key); hit && hit->starts_with(stamp)) return hit->substr(stamp.size());
    auto computed = compute_calendar(user_id, month);
    if (!computed) return computed.error();
    auto text = boost::json::serialize(calendar_json(*computed));
    cache_->set(key, stamp + text, kCalendarTtl);
    return text;
  }

  Result<std::vector<Record>> day(const std::string& user_id, const std::string& date) override {
    if (auto gate = check_consent(user_id); !gate) return gate.error();
    if (!parse_local_date(date)) return Error::validation("day", "invalid", "YYYY-MM-DD 형식이어야 합니다");
    auto tx = db_->read();
    auto rows = repo::on_local_dates(tx, user_id, date, date);
    tx.commit();
    return rows;
  }

  Result<RecordsSettings> settings(const std::string& user_id) override {
    if (auto gate = check_consent(user_id); !gate) return gate.error();
    auto tx = db_->read();
    auto stored = repo::load_settings(tx, user_id);
    tx.commit();
    return stored.settings;
  }

  Result<std::vector<Record>> records_between(const std::string& user_id, Instant from, Instant to) override {
    if (auto gate = check_consent(user_id); !gate) return gate.error();
    auto tx = db_->read();
    auto rows = repo::occurred_between(tx, user_id, from, to);
    tx.commit();
    return rows;
  }

  Result<std::vector<Record>> record_facts_between(const std::string& user_id, Instant from, Instant to) override {
    if (auto gate = check_consent(user_id); !gate) return gate.error();
    auto tx = db_->read();
    auto rows = repo::facts_between(tx, user_id, from, to);
    tx.commit();
    return rows;
  }

  void invalidate_calendar(const std::string& user_id, const std::string& local_date) override {
    cache_->erase(calendar_key(user_id, month_of_date(local_date)));
  }

  void set_dose_summary_provider(std::shared_ptr<DoseSummaryProvider> provider) override {
    std::lock_guard lock(provider_mutex_);
    doses_ = std::move(provider);
  }

 private:
  Status check_consent(const std::string& user_id) {
    auto consent = identity_->has_health_data_consent(user_id);
    if (!consent) return consent.error();
    if (!*consent) return consent_required();
    return {};
  }

  // Fills the default zone (the user's profile zone) and applies the domain rules.
  Status prepare(const std::string& user_id, RecordInput& input) {
    if (input.time_zone.empty()) {
      auto zone = identity_->time_zone_of(user_id);
      if (!zone) return zone.error();
      input.time_zone = *zone;
    }
    auto errors = validate_and_normalize(input, clock_->now());
    if (!errors.empty()) return Error::validation(std::move(errors));
    return {};
  }

  Result<PutOutcome> apply_put(db::Transaction& tx, SeqAllocator& seq, const std::string& user_id,
                               const std::string& id, const RecordInput& input, const PutOptions& options,
                               Instant now, std::set<std::string>& months) {
    const auto hash = body_hash(input);
    const auto head = repo::find_head(tx, id);
    if (head && head->user_id != user_id) return record_not_found();  // never reveal another user's id
    if (!head && (options.must_exist || options.expected_version)) {
      return options.must_exist ? Result<PutOutcome>(record_not_found()) : Result<PutOutcome>(stale_version());
    }
    if (head && options.expected_version && *options.expected_version != head->version) return stale_version();
    if (head && head->deleted_at) {
      if (options.must_exist) return record_not_found();
      // Replaying an old create must not resurrect a record deleted elsewhere; an explicit
      // If-Match on the tombstone's version does.
      if (!options.expected_version) return Error::conflict("삭제된 기록입니다. 복원하려면 If-Match로 버전을 지정하세요");
    }
    if (head && !head->deleted_at && head->body_hash == hash) {
      auto current = repo::find(tx, user_id, id);
      return PutOutcome{std::move(*current), false, false};
    }
    if (head && !head->deleted_at && !options.expected_version && !options.must_exist) {
      return Error::conflict("같은 id에 다른 내용의 기록이 있습니다. If-Match로 버전을 지정해 교체하세요");
    }
    Record r;
    r.id = id;
    r.user_id = user_id;
    r.type = std::string(type_name(input.detail));
    r.occurred_at = input.occurred_at;
    r.time_zone = input.time_zone;
    r.local_date = local_date_of(input.occurred_at, input.time_zone);
    r.memo = input.memo;
    r.detail = input.detail;
    r.created_at = head ? head->created_at : now;
    r.updated_at = now;
    r.version = head ? head->version + 1 : 1;
    r.change_seq = seq.take();
    if (head) {
      repo::replace_record(tx, r, hash, *head);
      touched_months(months, head->local_date, head->type);
    } else {
      repo::insert_record(tx, r, hash);
    }
    touched_months(months, r.local_date, r.type);
    publish_saved(tx, r, !head, now);
    return PutOutcome{std::move(r), !head, true};
  }

  Status apply_remove(db::Transaction& tx, SeqAllocator& seq, const std::string& user_id, const std::string& id,
                      std::optional<std::int64_t> expected_version, Instant now, std::set<std::string>& months,
                      bool& changed) {
    const auto head = repo::find_head(tx, id);
    if (!head || head->user_id != user_id) return record_not_found();
    if (expected_version && *expected_version != head->version) return stale_version();
    if (head->deleted_at) return {};  // deleting twice is the same as deleting once
    repo::tombstone(tx, id, head->type, head->version + 1, now, seq.take());
    events::publish(tx, kRecordDeleted, user_id,
                    {{"record_id", id}, {"user_id", user_id}, {"type", head->type}, {"local_date", head->local_date}},
                    now);
    touched_months(months, head->local_date, head->type);
    changed = true;
    return {};
  }

  void publish_saved(db::Transaction& tx, const Record& r, bool created, Instant now) {
    events::publish(tx, kRecordSaved, r.user_id,
                    {{"record_id", r.id},
                     {"user_id", r.user_id},
                     {"type", r.type},
                     {"local_date", r.local_date},
                     {"version", std::to_string(r.version)},
                     {"created", created ? "true" : "false"}},
                    now);
    const auto* lung = std::get_if<LungFunctionDetail>(&*r.detail);
    if (lung == nullptr) return;
    const auto stored = repo::load_settings(tx, r.user_id);
    auto best = stored.settings.personal_best_pef;
    if (!best) best = recent_best_at(tx, r);
    const auto zone = peak_flow_zone(lung->pef, best, stored.settings);
    events::publish(tx, kPeakFlowRecorded, r.user_id,
                    {{"record_id", r.id},
                     {"user_id", r.user_id},
                     {"local_date", r.local_date},
                     {"pef", std::to_string(lung->pef)},
                     {"zone", zone.value_or("unknown")},
                     {"percent_of_personal_best", best ? std::to_string(percent_of(lung->pef, *best)) : ""}},
                    now);
  }

  // The fallback personal best for a new reading: the best of the 183 local days before its
  // day (summary rows) and of its own day's readings up to it (a later reading of the same day
  // written earlier does not count, as it had not happened yet).
  static std::optional<int> recent_best_at(db::Transaction& tx, const Record& r) {
    const auto day = parse_local_date(r.local_date);
    if (!day) return std::nullopt;
    const std::chrono::sys_days d{*day};
    auto best = repo::best_pef_on_days(tx, r.user_id, format_date(d - kPersonalBestWindow), format_date(d - days(1)));
    const auto same_day = repo::best_pef_of_day_at(tx, r.user_id, r.local_date, r.occurred_at);
    if (same_day && (!best || *same_day > *best)) best = same_day;
    return best;
  }

  Result<CalendarMonth> compute_calendar(const std::string& user_id, const std::string& month_text) {
    const auto month = parse_month(month_text);
    if (!month) return Error::validation("month", "invalid", "YYYY-MM 형식이어야 합니다");
    auto zone = identity_->time_zone_of(user_id);
    if (!zone) return zone.error();
    const auto days_list = days_of_month(*month);
    auto tx = db_->read();
    const auto stored = repo::load_settings(tx, user_id);
    // Only the fields the calendar shows, in one statement (the day view reads whole records).
    auto rows = repo::calendar_facts_on_local_dates(tx, user_id, days_list.front(), days_list.back());
    PersonalBest best;
    if (stored.settings.personal_best_pef) {
      best = {stored.settings.personal_best_pef, "settings"};
    } else {
      // The 6 months up to the month's last day, in local days (≤ 184 summary rows).
      const std::chrono::sys_days last{*parse_local_date(days_list.back())};
      if (auto recent = repo::best_pef_on_days(tx, user_id, format_date(last - kPersonalBestWindow), days_list.back())) {
        best = {recent, "recent_best"};
      }
    }
    tx.commit();
    std::shared_ptr<DoseSummaryProvider> provider;
    {
      std::lock_guard lock(provider_mutex_);
      provider = doses_;
    }
    std::optional<std::map<std::string, ControllerDoses>> doses;
    if (provider) {
      auto summary = provider->controller_doses(user_id, month_text);
      if (!summary) return summary.error();
      doses = std::move(*summary);
    }
    auto out = build_calendar(*month, rows, best, stored.settings, doses ? &*doses : nullptr);
    out.time_zone = *zone;
    return out;
  }

  void invalidate(const std::string& user_id, const std::set<std::string>& months) {
    for (const auto& m : months) cache_->erase(calendar_key(user_id, m));
  }

  std::shared_ptr<db::Database> db_;
  std::shared_ptr<cache::Cache> cache_;
  std::shared_ptr<const Clock> clock_;
  std::shared_ptr<identity::IdentityQueries> identity_;
  std::mutex provider_mutex_;
  std::shared_ptr<DoseSummaryProvider> doses_;
};

}  // namespace

std::string deterministic_record_id(std::string_view scope, std::string_view key) {
  auto digest = sha256(std::string(scope) + '\0' + std::string(key));
  digest[6] = static_cast<char>((static_cast<unsigned char>(digest[6]) & 0x0F) | 0x80);  // version 8
  digest[8] = static_cast<char>((static_cast<unsigned char>(digest[8]) & 0x3F) | 0x80);  // RFC 9562 variant
  const auto hex = hex_encode(digest.substr(0, 16));
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20, 12);
}

std::shared_ptr<RecordsService> make_records_service(std::shared_ptr<db::Database> db,
                                                     std::shared_ptr<cache::Cache> cache,
                                                     std::shared_ptr<const Clock> clock,
                                                     std::shared_ptr<identity::IdentityQueries> identity) {
  return std::make_shared<RecordsServiceImpl>(std::move(db), std::move(cache), std::move(clock), std::move(identity));
}

}  // namespace soom::records
