#include "modules/records/records_repository.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <unordered_map>

#include "modules/records/record_facts.hpp"

namespace soom::records::repo {
namespace {

using db::Params;
using db::Row;
using db::Value;

constexpr const char* kColumns =
    "id, user_id, type, occurred_at, time_zone, local_date, memo, created_at, updated_at, version, deleted_at, "
    "change_seq";

Value opt(const std::optional<std::string>& v) { return v ? Value(*v) : Value(db::Null{}); }
Value opt(const std::optional<double>& v) { return v ? Value(*v) : Value(db::Null{}); }
Value opt_int(std::optional<std::int64_t> v) { return v ? Value(*v) : Value(db::Null{}); }

Record base_of(const Row& row) {
  Record r;
  r.id = row.get_text(0);
  r.user_id = row.get_text(1);
  r.type = row.get_text(2);
  r.occurred_at = from_unix_ms(row.get_int(3));
  r.time_zone = row.get_text(4);
  r.local_date = row.get_text(5);
  r.memo = row.opt_text(6);
  r.created_at = from_unix_ms(row.get_int(7));
  r.updated_at = from_unix_ms(row.get_int(8));
  r.version = row.get_int(9);
  if (auto d = row.opt_int(10)) r.deleted_at = from_unix_ms(*d);
  r.change_seq = row.get_int(11);
  return r;
}


constexpr std::size_t kIdChunk = 500;

// Runs `sql_prefix IN (…) sql_suffix` over ids in chunks and hands every row to `on_row`.
template <typename OnRow>
void for_ids(db::Transaction& tx, const std::string& sql_prefix, const std::vector<std::string>& ids, OnRow on_row) {
  for (std::size_t start = 0; start < ids.size(); start += kIdChunk) {
    const auto n = std::min(kIdChunk, ids.size() - start);
    Params params(ids.begin() + static_cast<std::ptrdiff_t>(start),
                  ids.begin() + static_cast<std::ptrdiff_t>(start + n));
    auto result = tx.query(sql_prefix + " IN (" + db::placeholder_list(1, n) + ")", params);
    for (const auto& row : result.rows) on_row(row);
  }
}

// Runs one detail query — `select` is "SELECT record_id, … FROM <detail table>" — for the
// records at hand (`ids`: those of the table's type) and hands every row to `on_row`.
using DetailFetch = std::function<void(const std::vector<std::string>& ids, const std::string& select,
                                       const std::function<void(const Row&)>& on_row)>;

// Fills in the typed detail of every live record (a query per type present, not per record).
void load_details(std::vector<Record>& records, const DetailFetch& fetch) {
  std::map<std::string, std::vector<std::string>> ids_by_type;
  std::unordered_map<std::string, Record*> by_id;  // a report looks up thousands of ids per table
  by_id.reserve(records.size());
  for (auto& r : records) {
    if (r.deleted_at) continue;
    ids_by_type[r.type].push_back(r.id);
    by_id[r.id] = &r;
  }
  auto target = [&by_id](const std::string& id) -> Record* {
    auto it = by_id.find(id);
    return it == by_id.end() ? nullptr : it->second;
  };
  if (auto it = ids_by_type.find("symptom"); it != ids_by_type.end()) {
    fetch(it->second, "SELECT record_id, severity, trigger_other FROM record_symptom", [&](const Row& row) {
      SymptomDetail d;
      d.severity = static_cast<int>(row.get_int(1));
      d.trigger_other = row.opt_text(2);
      if (auto* r = target(row.get_text(0))) r->detail = d;
    });
    fetch(it->second, "SELECT record_id, kind, code FROM record_symptom_items", [&](const Row& row) {
      auto* r = target(row.get_text(0));
      if (r == nullptr || !r->detail) return;
      auto& d = std::get<SymptomDetail>(*r->detail);
      (row.get_text(1) == "symptom" ? d.symptoms : d.triggers).push_back(row.get_text(2));
    });
    for (const auto& id : it->second) {
      if (auto* r = target(id); r && r->detail) {
        auto& d = std::get<SymptomDetail>(*r->detail);
        std::sort(d.symptoms.begin(), d.symptoms.end());
        std::sort(d.triggers.begin(), d.triggers.end());
      }
    }
  }
  if (auto it = ids_by_type.find("intake"); it != ids_by_type.end()) {
    fetch(it->second,
          "SELECT record_id, medication_id, medication_name, category, doses, taken, rescue_reason "
          "FROM record_intake",
          [&](const Row& row) {
            IntakeDetail d;
            d.medication_id = row.opt_text(1);
            d.medication_name = row.opt_text(2);
            d.category = row.get_text(3);
            d.doses = row.get_double(4);
            d.taken = row.get_bool(5);
            d.rescue_reason = row.opt_text(6);
            if (auto* r = target(row.get_text(0))) r->detail = d;
          });
  }
  if (auto it = ids_by_type.find("lung_function"); it != ids_by_type.end()) {
    fetch(it->second,
          "SELECT record_id, pef, blow_1, blow_2, blow_3, fev1, fvc, timing, device "
          "FROM record_lung_function",
          [&](const Row& row) {
            LungFunctionDetail d;
            d.pef = static_cast<int>(row.get_int(1));
            for (std::size_t i = 2; i <= 4; ++i) {
              if (auto b = row.opt_int(i)) d.blows.push_back(static_cast<int>(*b));
            }
            d.fev1 = row.opt_double(5);
            d.fvc = row.opt_double(6);
            d.timing = row.opt_text(7);
            d.device = row.opt_text(8);
            if (auto* r = target(row.get_text(0))) r->detail = d;
          });
  }
  if (auto it = ids_by_type.find("control_test"); it != ids_by_type.end()) {
    fetch(it->second, "SELECT record_id, instrument, score, result FROM record_control_test", [&](const Row& row) {
      ControlTestDetail d;
      d.instrument = row.get_text(1);
      d.score = static_cast<int>(row.get_int(2));
      d.result = row.get_text(3);
      if (auto* r = target(row.get_text(0))) r->detail = d;
    });
    fetch(it->second, "SELECT record_id, item_code, value FROM record_control_answers", [&](const Row& row) {
      auto* r = target(row.get_text(0));
      if (r == nullptr || !r->detail) return;
      std::get<ControlTestDetail>(*r->detail).answers[row.get_text(1)] = static_cast<int>(row.get_int(2));
    });
  }
  if (auto it = ids_by_type.find("exacerbation"); it != ids_by_type.end()) {
    fetch(it->second, "SELECT record_id, kind, start_date, end_date FROM record_exacerbation", [&](const Row& row) {
      ExacerbationDetail d;
      d.kind = row.get_text(1);
      d.start_date = row.get_text(2);
      d.end_date = row.opt_text(3);
      if (auto* r = target(row.get_text(0))) r->detail = d;
    });
  }
  if (auto it = ids_by_type.find("status"); it != ids_by_type.end()) {
    fetch(it->second, "SELECT record_id, mood, note FROM record_status", [&](const Row& row) {
      StatusDetail d;
      d.mood = static_cast<int>(row.get_int(1));
      d.note = row.opt_text(2);
      if (auto* r = target(row.get_text(0))) r->detail = d;
    });
  }
}

// Details by id lists: for a handful of records (one record, a page, a sync batch).
void load_details(db::Transaction& tx, std::vector<Record>& records) {
  load_details(records, [&tx](const std::vector<std::string>& ids, const std::string& select, const auto& on_row) {
    for_ids(tx, select + " WHERE record_id", ids, on_row);
  });
}

std::vector<Record> load(db::Transaction& tx, std::string_view sql, const Params& params) {
  auto result = tx.query(sql, params);
  std::vector<Record> out;
  out.reserve(result.rows.size());
  for (const auto& row : result.rows) out.push_back(base_of(row));
  load_details(tx, out);
  return out;
}

struct DetailInserter final {
  db::Transaction& tx;
  const std::string& id;

  void operator()(const SymptomDetail& d) const {
    tx.query("INSERT INTO record_symptom (record_id, severity, trigger_other) VALUES ($1, $2, $3)",
             {id, static_cast<std::int64_t>(d.severity), opt(d.trigger_other)});
    for (const auto& code : d.symptoms) {
      tx.query("INSERT INTO record_symptom_items (record_id, kind, code) VALUES ($1, 'symptom', $2)", {id, code});
    }
    for (const auto& code : d.triggers) {
      tx.query("INSERT INTO record_symptom_items (record_id, kind, code) VALUES ($1, 'trigger', $2)", {id, code});
    }
  }
  void operator()(const IntakeDetail& d) const {
    tx.query(
        "INSERT INTO record_intake (record_id, medication_id, medication_name, category, doses, taken, rescue_reason) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7)",
        {id, opt(d.medication_id), opt(d.medication_name), d.category, d.doses, d.taken, opt(d.rescue_reason)});
  }
  void operator()(const LungFunctionDetail& d) const {
    auto blow = [&d](std::size_t i) {
      return i < d.blows.size() ? opt_int(d.blows[i]) : Value(db::Null{});
    };
    tx.query(
        "INSERT INTO record_lung_function (record_id, pef, blow_1, blow_2, blow_3, fev1, fvc, timing, device) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        {id, static_cast<std::int64_t>(d.pef), blow(0), blow(1), blow(2), opt(d.fev1), opt(d.fvc), opt(d.timing),
         opt(d.device)});
  }
  void operator()(const ControlTestDetail& d) const {
    tx.query("INSERT INTO record_control_test (record_id, instrument, score, result) VALUES ($1, $2, $3, $4)",
             {id, d.instrument, static_cast<std::int64_t>(d.score), d.result});
    for (const auto& [code, value] : d.answers) {
      tx.query("INSERT INTO record_control_answers (record_id, item_code, value) VALUES ($1, $2, $3)",
               {id, code, static_cast<std::int64_t>(value)});
    }
  }
  void operator()(const ExacerbationDetail& d) const {
    tx.query("INSERT INTO record_exacerbation (record_id, kind, start_date, end_date) VALUES ($1, $2, $3, $4)",
             {id, d.kind, d.start_date, opt(d.end_date)});
  }
  void operator()(const StatusDetail& d) const {
    tx.query("INSERT INTO record_status (record_id, mood, note) VALUES ($1, $2, $3)",
             {id, static_cast<std::int64_t>(d.mood), opt(d.note)});
  }
};

void delete_details(db::Transaction& tx, const std::string& id, const std::string& type) {
  facts::erase(tx, id);
  if (type == "symptom") {
    tx.query("DELETE FROM record_symptom_items WHERE record_id = $1", {id});
    tx.query("DELETE FROM record_symptom WHERE record_id = $1", {id});
  } else if (type == "intake") {
    tx.query("DELETE FROM record_intake WHERE record_id = $1", {id});
  } else if (type == "lung_function") {
    tx.query("DELETE FROM record_lung_function WHERE record_id = $1", {id});
  } else if (type == "control_test") {
    tx.query("DELETE FROM record_control_answers WHERE record_id = $1", {id});
    tx.query("DELETE FROM record_control_test WHERE record_id = $1", {id});
  } else if (type == "exacerbation") {
    tx.query("DELETE FROM record_exacerbation WHERE record_id = $1", {id});
  } else if (type == "status") {
    tx.query("DELETE FROM record_status WHERE record_id = $1", {id});
  }
}

// A new reading can only raise its day's best.
void raise_day_best(db::Transaction& tx, const std::string& user_id, const std::string& local_date, int pef) {
  tx.query(
      "INSERT INTO records_pef_days (user_id, local_date, best_pef) VALUES ($1, $2, $3) "
      "ON CONFLICT (user_id, local_date) DO UPDATE SET best_pef = CASE WHEN excluded.best_pef > "
      "records_pef_days.best_pef THEN excluded.best_pef ELSE records_pef_days.best_pef END",
      {user_id, local_date, static_cast<std::int64_t>(pef)});
}

const LungFunctionDetail* lung_of(const Record& r) {
  return r.detail ? std::get_if<LungFunctionDetail>(&*r.detail) : nullptr;
}

}  // namespace

namespace sql {
const char* const kOnLocalDates =
    "SELECT id, user_id, type, occurred_at, time_zone, local_date, memo, created_at, updated_at, version, "
    "deleted_at, change_seq FROM records "
    "WHERE user_id = $1 AND local_date >= $2 AND local_date <= $3 AND deleted_at IS NULL "
    "ORDER BY occurred_at, id";
const char* const kDetailsOccurredBetween =
    " JOIN records r ON r.id = record_id "
    "WHERE r.user_id = $1 AND r.occurred_at >= $2 AND r.occurred_at < $3 AND r.deleted_at IS NULL";
const char* const kDetailsOnLocalDates =
    " JOIN records r ON r.id = record_id "
    "WHERE r.user_id = $1 AND r.local_date >= $2 AND r.local_date <= $3 AND r.deleted_at IS NULL";
const char* const kChangesAfter =
    "SELECT id, user_id, type, occurred_at, time_zone, local_date, memo, created_at, updated_at, version, "
    "deleted_at, change_seq FROM records WHERE user_id = $1 AND change_seq > $2 ORDER BY change_seq LIMIT $3";
const char* const kBestPefOnDays =
    "SELECT MAX(best_pef) FROM records_pef_days WHERE user_id = $1 AND local_date >= $2 AND local_date <= $3";
// $4 = $3 − 3 days: no reading of one local day lies further apart (UTC−12 to UTC+14), and the
// bound keeps either index (local date, or type and time) to a few days of rows instead of
// every reading before $3.
const char* const kBestPefOfDayUntil =
    "SELECT MAX(l.pef) FROM records r JOIN record_lung_function l ON l.record_id = r.id "
    "WHERE r.user_id = $1 AND r.local_date = $2 AND r.occurred_at <= $3 AND r.occurred_at >= $4 "
    "AND r.type = 'lung_function' AND r.deleted_at IS NULL";
const char* const kRecomputeDayBest =
    "INSERT INTO records_pef_days (user_id, local_date, best_pef) "
    "SELECT r.user_id, r.local_date, MAX(l.pef) FROM records r JOIN record_lung_function l ON l.record_id = r.id "
    "WHERE r.user_id = $1 AND r.local_date = $2 AND r.type = 'lung_function' AND r.deleted_at IS NULL "
    "GROUP BY r.user_id, r.local_date";

// Placeholders: $1 user, then in this order when present: type, from, to, cursor (2), limit.
std::string list(const ListFilter& f) {
  std::string s = std::string("SELECT ") + kColumns + " FROM records WHERE user_id = $1 AND deleted_at IS NULL";
  int n = 1;
  if (f.type) s += " AND type = $" + std::to_string(++n);
  if (f.from) s += " AND occurred_at >= $" + std::to_string(++n);
  if (f.to) s += " AND occurred_at < $" + std::to_string(++n);
  if (f.after) {
    const auto a = std::to_string(++n);
    const auto b = std::to_string(++n);
    s += " AND (occurred_at < $" + a + " OR (occurred_at = $" + a + " AND id < $" + b + "))";
  }
  s += " ORDER BY occurred_at DESC, id DESC LIMIT $" + std::to_string(++n);
  return s;
}
}  // namespace sql

namespace {
// A replaced or deleted reading may have been the day's best: the day is read again (a
// handful of rows through the local-date index); a day left without readings has no row.
void recompute_day_best(db::Transaction& tx, const std::string& user_id, const std::string& local_date) {
  tx.query("DELETE FROM records_pef_days WHERE user_id = $1 AND local_date = $2", {user_id, local_date});
  tx.query(sql::kRecomputeDayBest, {user_id, local_date});
}
}  // namespace

std::int64_t next_change_seq(db::Transaction& tx, const std::string& user_id) {
  auto result = tx.query(
      "INSERT INTO records_user_seq (user_id, last_seq) VALUES ($1, 1) "
      "ON CONFLICT (user_id) DO UPDATE SET last_seq = records_user_seq.last_seq + 1 RETURNING last_seq",
      {user_id});
  return result.rows.at(0).get_int(0);
}

std::int64_t last_change_seq(db::Transaction& tx, const std::string& user_id) {
  auto result = tx.query("SELECT last_seq FROM records_user_seq WHERE user_id = $1", {user_id});
  return result.empty() ? 0 : result.rows[0].get_int(0);
}

std::optional<Head> find_head(db::Transaction& tx, const std::string& id) {
  auto result = tx.query(
      "SELECT user_id, type, local_date, version, deleted_at, body_hash, created_at FROM records WHERE id = $1", {id});
  if (result.empty()) return std::nullopt;
  const auto& row = result.rows[0];
  Head h;
  h.user_id = row.get_text(0);
  h.type = row.get_text(1);
  h.local_date = row.get_text(2);
  h.version = row.get_int(3);
  if (auto d = row.opt_int(4)) h.deleted_at = from_unix_ms(*d);
  h.body_hash = row.get_text(5);
  h.created_at = from_unix_ms(row.get_int(6));
  return h;
}

void insert_record(db::Transaction& tx, const Record& r, const std::string& body_hash) {
  tx.query(
      "INSERT INTO records (id, user_id, type, occurred_at, local_date, time_zone, memo, created_at, updated_at, "
      "version, deleted_at, change_seq, body_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, $11, $12)",
      {r.id, r.user_id, r.type, to_unix_ms(r.occurred_at), r.local_date, r.time_zone, opt(r.memo),
       to_unix_ms(r.created_at), to_unix_ms(r.updated_at), r.version, r.change_seq, body_hash});
  std::visit(DetailInserter{tx, r.id}, *r.detail);
  facts::insert(tx, r);
  if (const auto* lung = lung_of(r)) raise_day_best(tx, r.user_id, r.local_date, lung->pef);
}

void replace_record(db::Transaction& tx, const Record& r, const std::string& body_hash, const Head& previous) {
  delete_details(tx, r.id, previous.type);
  tx.query(
      "UPDATE records SET type = $2, occurred_at = $3, local_date = $4, time_zone = $5, memo = $6, updated_at = $7, "
      "version = $8, deleted_at = NULL, change_seq = $9, body_hash = $10 WHERE id = $1",
      {r.id, r.type, to_unix_ms(r.occurred_at), r.local_date, r.time_zone, opt(r.memo), to_unix_ms(r.updated_at),
       r.version, r.change_seq, body_hash});
  std::visit(DetailInserter{tx, r.id}, *r.detail);
  facts::insert(tx, r);
  const bool was_lung = previous.type == "lung_function";
  if (was_lung) recompute_day_best(tx, r.user_id, previous.local_date);
  if (const auto* lung = lung_of(r); lung && !(was_lung && previous.local_date == r.local_date)) {
    raise_day_best(tx, r.user_id, r.local_date, lung->pef);
  }
}

void tombstone(db::Transaction& tx, const std::string& id, const std::string& type, std::int64_t version, Instant at,
               std::int64_t change_seq) {
  delete_details(tx, id, type);
  auto updated = tx.query(
      "UPDATE records SET memo = NULL, deleted_at = $2, updated_at = $2, version = $3, change_seq = $4, "
      "body_hash = '' WHERE id = $1 RETURNING user_id, local_date",
      {id, to_unix_ms(at), version, change_seq});
  if (type == "lung_function" && !updated.empty()) {
    recompute_day_best(tx, updated.rows[0].get_text(0), updated.rows[0].get_text(1));
  }
}

std::optional<Record> find(db::Transaction& tx, const std::string& user_id, const std::string& id) {
  auto rows = load(tx, std::string("SELECT ") + kColumns + " FROM records WHERE id = $1 AND user_id = $2",
                   {id, user_id});
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

std::vector<Record> list(db::Transaction& tx, const std::string& user_id, const ListFilter& f) {
  Params params{user_id};
  if (f.type) params.emplace_back(*f.type);
  if (f.from) params.emplace_back(to_unix_ms(*f.from));
  if (f.to) params.emplace_back(to_unix_ms(*f.to));
  if (f.after) {
    params.emplace_back(f.after->occurred_at_ms);
    params.emplace_back(f.after->id);
  }
  params.emplace_back(static_cast<std::int64_t>(f.limit));
  return load(tx, sql::list(f), params);
}

std::vector<Record> changes_after(db::Transaction& tx, const std::string& user_id, std::int64_t after, int limit) {
  return load(tx, sql::kChangesAfter, {user_id, after, static_cast<std::int64_t>(limit)});
}

std::vector<Record> on_local_dates(db::Transaction& tx, const std::string& user_id, const std::string& from_date,
                                   const std::string& to_date) {
  const Params params{user_id, from_date, to_date};
  auto result = tx.query(sql::kOnLocalDates, params);
  std::vector<Record> out;
  out.reserve(result.rows.size());
  for (const auto& row : result.rows) out.push_back(base_of(row));
  // The calendar's month: as for occurred_between, one constant statement per detail
  // table through the records (user_id, local_date) index instead of IN lists.
  load_details(out, [&](const std::vector<std::string>&, const std::string& select, const auto& on_row) {
    auto rows = tx.query(select + sql::kDetailsOnLocalDates, params);
    for (const auto& row : rows.rows) on_row(row);
  });
  return out;
}

std::vector<Record> occurred_between(db::Transaction& tx, const std::string& user_id, Instant from, Instant to) {
  const Params params{user_id, to_unix_ms(from), to_unix_ms(to)};
  auto result = tx.query(std::string("SELECT ") + kColumns +
                             " FROM records WHERE user_id = $1 AND occurred_at >= $2 AND occurred_at < $3 "
                             "AND deleted_at IS NULL ORDER BY occurred_at, id",
                         params);
  std::vector<Record> out;
  out.reserve(result.rows.size());
  for (const auto& row : result.rows) out.push_back(base_of(row));
  // A report reads a year or two: thousands of ids would make dozens of IN lists of varying
  // length (a new statement each). The same range joined per detail table is one statement
  // per table, constant text (cached), through the records (user_id, occurred_at) index.
  load_details(out, [&](const std::vector<std::string>&, const std::string& select, const auto& on_row) {
    auto rows = tx.query(select + sql::kDetailsOccurredBetween, params);
    for (const auto& row : rows.rows) on_row(row);
  });
  return out;
}

std::vector<Record> facts_between(db::Transaction& tx, const std::string& user_id, Instant from, Instant to) {
  return facts::between(tx, user_id, from, to);
}

namespace {
std::optional<int> single_int(const db::QueryResult& result) {
  if (result.empty() || result.rows[0].is_null(0)) return std::nullopt;
  return static_cast<int>(result.rows[0].get_int(0));
}
}  // namespace

std::optional<int> best_pef_on_days(db::Transaction& tx, const std::string& user_id, const std::string& from_date,
                                    const std::string& to_date) {
  return single_int(tx.query(sql::kBestPefOnDays, {user_id, from_date, to_date}));
}

std::optional<int> best_pef_of_day_until(db::Transaction& tx, const std::string& user_id, const std::string& date,
                                         Instant until) {
  return single_int(
      tx.query(sql::kBestPefOfDayUntil, {user_id, date, to_unix_ms(until), to_unix_ms(until - std::chrono::hours(72))}));
}

StoredSettings load_settings(db::Transaction& tx, const std::string& user_id) {
  auto result = tx.query(
      "SELECT personal_best_pef, green_min_percent, yellow_min_percent, updated_at FROM records_settings "
      "WHERE user_id = $1",
      {user_id});
  StoredSettings s;
  if (result.empty()) return s;
  const auto& row = result.rows[0];
  if (auto pb = row.opt_int(0)) s.settings.personal_best_pef = static_cast<int>(*pb);
  s.settings.green_min_percent = static_cast<int>(row.get_int(1));
  s.settings.yellow_min_percent = static_cast<int>(row.get_int(2));
  s.updated_at_ms = row.get_int(3);
  return s;
}

void save_settings(db::Transaction& tx, const std::string& user_id, const RecordsSettings& s, Instant at) {
  tx.query(
      "INSERT INTO records_settings (user_id, personal_best_pef, green_min_percent, yellow_min_percent, updated_at) "
      "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id) DO UPDATE SET personal_best_pef = excluded.personal_best_pef, "
      "green_min_percent = excluded.green_min_percent, yellow_min_percent = excluded.yellow_min_percent, "
      "updated_at = excluded.updated_at",
      {user_id,
       s.personal_best_pef ? Value(static_cast<std::int64_t>(*s.personal_best_pef)) : Value(db::Null{}),
       static_cast<std::int64_t>(s.green_min_percent), static_cast<std::int64_t>(s.yellow_min_percent),
       to_unix_ms(at)});
}

}  // namespace soom::records::repo
