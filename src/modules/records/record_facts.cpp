#include "modules/records/record_facts.hpp"

#include <algorithm>

namespace soom::records::facts {
namespace {

using db::Value;

Value null() { return Value(db::Null{}); }
Value opt(const std::optional<std::string>& v) { return v ? Value(*v) : null(); }
Value integer(int v) { return Value(static_cast<std::int64_t>(v)); }

// The typed columns n1, t1, t2, t3, doses, taken, codes, note, answers of one detail (see
// migrations 0016 and 0018).
struct Columns final {
  Value n1 = null(), t1 = null(), t2 = null(), t3 = null(), doses = null(), taken = null(), codes = null(),
        note = null(), answers = null();
};

struct ColumnsOf final {
  Columns operator()(const SymptomDetail& d) const {
    Columns c;
    c.n1 = integer(d.severity);
    c.codes = encode_codes(d);
    return c;
  }
  Columns operator()(const IntakeDetail& d) const {
    Columns c;
    c.t1 = d.category;
    c.t2 = opt(d.medication_id);
    c.doses = d.doses;
    c.taken = d.taken;
    return c;
  }
  Columns operator()(const LungFunctionDetail& d) const {
    Columns c;
    c.n1 = integer(d.pef);
    return c;
  }
  Columns operator()(const ControlTestDetail& d) const {
    Columns c;
    c.n1 = integer(d.score);
    c.t1 = d.instrument;
    c.t2 = d.result;
    c.answers = encode_answers(d);
    return c;
  }
  Columns operator()(const ExacerbationDetail& d) const {
    Columns c;
    c.t1 = d.kind;
    c.t2 = d.start_date;
    c.t3 = opt(d.end_date);
    return c;
  }
  Columns operator()(const StatusDetail& d) const {
    Columns c;
    c.n1 = integer(d.mood);
    c.note = opt(d.note);
    return c;
  }
};

std::string joined(std::vector<std::string> codes) {
  std::sort(codes.begin(), codes.end());
  std::string out;
  for (const auto& code : codes) {
    if (!out.empty()) out += ',';
    out += code;
  }
  return out;
}

void split_into(std::string_view list, std::vector<std::string>& out) {
  while (!list.empty()) {
    const auto comma = list.find(',');
    out.emplace_back(list.substr(0, comma));
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
}

// Columns 4–12 of kBetween: n1, t1, t2, t3, doses, taken, codes, note, answers.
RecordDetail detail_of(const std::string& type, const db::Row& row) {
  if (type == "symptom") {
    SymptomDetail d;
    d.severity = static_cast<int>(row.get_int(4));
    if (!row.is_null(10)) decode_codes(row.get_text(10), d);
    return d;
  }
  if (type == "intake") {
    IntakeDetail d;
    d.category = row.get_text(5);
    d.medication_id = row.opt_text(6);
    d.doses = row.get_double(8);
    d.taken = row.get_bool(9);
    return d;
  }
  if (type == "lung_function") {
    LungFunctionDetail d;
    d.pef = static_cast<int>(row.get_int(4));
    return d;
  }
  if (type == "control_test") {
    ControlTestDetail d;
    d.score = static_cast<int>(row.get_int(4));
    d.instrument = row.get_text(5);
    d.result = row.get_text(6);
    if (!row.is_null(12)) decode_answers(row.get_text(12), d);
    return d;
  }
  if (type == "exacerbation") {
    ExacerbationDetail d;
    d.kind = row.get_text(5);
    d.start_date = row.get_text(6);
    d.end_date = row.opt_text(7);
    return d;
  }
  StatusDetail d;
  d.mood = static_cast<int>(row.get_int(4));
  d.note = row.opt_text(11);
  return d;
}

std::vector<Record> records_of(const db::QueryResult& result) {
  std::vector<Record> out;
  out.reserve(result.rows.size());
  for (const auto& row : result.rows) {
    Record r;
    r.id = row.get_text(0);
    r.type = row.get_text(1);
    r.occurred_at = from_unix_ms(row.get_int(2));
    r.local_date = row.get_text(3);
    r.detail = detail_of(r.type, row);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

namespace sql {
const char* const kBetween =
    "SELECT record_id, type, occurred_at, local_date, n1, t1, t2, t3, doses, taken, codes, note, answers "
    "FROM record_facts WHERE user_id = $1 AND occurred_at >= $2 AND occurred_at < $3 "
    "ORDER BY occurred_at, record_id";
const char* const kOnLocalDates =
    "SELECT record_id, type, occurred_at, local_date, n1, t1, t2, t3, doses, taken, codes, note, answers "
    "FROM record_facts WHERE user_id = $1 AND occurred_at >= $2 AND occurred_at < $3 "
    "AND local_date >= $4 AND local_date <= $5 ORDER BY occurred_at, record_id";
}  // namespace sql

std::string encode_codes(const SymptomDetail& d) { return joined(d.symptoms) + '|' + joined(d.triggers); }

void decode_codes(const std::string& codes, SymptomDetail& d) {
  const auto bar = codes.find('|');
  const std::string_view all(codes);
  split_into(all.substr(0, bar), d.symptoms);
  if (bar != std::string::npos) split_into(all.substr(bar + 1), d.triggers);
  // Written sorted; sorted again so that a backfilled row (whose SQLite aggregate order is
  // not guaranteed) reads exactly like the detail tables.
  std::sort(d.symptoms.begin(), d.symptoms.end());
  std::sort(d.triggers.begin(), d.triggers.end());
}

std::string encode_answers(const ControlTestDetail& d) {
  std::string out;
  for (const auto& [item, value] : d.answers) {  // a std::map: sorted by item code
    if (!out.empty()) out += ',';
    out += item + '=' + std::to_string(value);
  }
  return out;
}

void decode_answers(const std::string& answers, ControlTestDetail& d) {
  std::vector<std::string> items;
  split_into(answers, items);
  for (const auto& item : items) {
    const auto eq = item.find('=');
    if (eq == std::string::npos) continue;
    d.answers[item.substr(0, eq)] = std::stoi(item.substr(eq + 1));
  }
}

void insert(db::Transaction& tx, const Record& r) {
  const auto c = std::visit(ColumnsOf{}, r.detail.value());
  tx.query(
      "INSERT INTO record_facts (user_id, occurred_at, record_id, type, local_date, n1, t1, t2, t3, doses, taken, "
      "codes, note, answers) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
      {r.user_id, to_unix_ms(r.occurred_at), r.id, r.type, r.local_date, c.n1, c.t1, c.t2, c.t3, c.doses, c.taken,
       c.codes, c.note, c.answers});
}

void erase(db::Transaction& tx, const std::string& record_id) {
  tx.query("DELETE FROM record_facts WHERE record_id = $1", {record_id});
}

std::vector<Record> between(db::Transaction& tx, const std::string& user_id, Instant from, Instant to) {
  return records_of(tx.query(sql::kBetween, {user_id, to_unix_ms(from), to_unix_ms(to)}));
}

std::vector<Record> on_local_dates(db::Transaction& tx, const std::string& user_id, Instant from, Instant to,
                                   const std::string& from_date, const std::string& to_date) {
  return records_of(tx.query(sql::kOnLocalDates, {user_id, to_unix_ms(from), to_unix_ms(to), from_date, to_date}));
}

}  // namespace soom::records::facts
