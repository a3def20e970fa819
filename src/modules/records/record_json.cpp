#include "modules/records/record_json.hpp"

#include <limits>

#include "core/encoding.hpp"

namespace soom::records {
namespace {

namespace json = boost::json;

constexpr std::int64_t kIntMin = std::numeric_limits<int>::min();
constexpr std::int64_t kIntMax = std::numeric_limits<int>::max();
constexpr double kHuge = 1e12;

json::value opt(const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value opt(const std::optional<double>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value opt(const std::optional<int>& v) { return v ? json::value(*v) : json::value(nullptr); }

json::array strings(const std::vector<std::string>& values) {
  json::array out;
  for (const auto& v : values) out.emplace_back(v);
  return out;
}

std::vector<std::string> read_strings(http::FieldReader& in, std::string_view name) {
  std::vector<std::string> out;
  const auto* array = in.array(name, false, 32);
  if (array == nullptr) return out;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const auto& v = (*array)[i];
    if (!v.is_string() || v.as_string().empty() || v.as_string().size() > 64) {
      in.add_error(std::string(name) + "[" + std::to_string(i) + "]", "type", "항목 코드 문자열이어야 합니다");
      continue;
    }
    out.emplace_back(v.as_string());
  }
  return out;
}

std::optional<int> read_int(http::FieldReader& in, std::string_view name, bool required) {
  auto v = in.integer(name, required, kIntMin, kIntMax);
  return v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
}

std::optional<RecordDetail> read_symptom(http::FieldReader& in) {
  SymptomDetail d;
  d.severity = read_int(in, "severity", true).value_or(0);
  d.symptoms = read_strings(in, "symptoms");
  d.triggers = read_strings(in, "triggers");
  d.trigger_other = in.text("trigger_other", false, 1, 10'000);
  return d;
}

std::optional<RecordDetail> read_intake(http::FieldReader& in) {
  IntakeDetail d;
  d.medication_id = in.text("medication_id", false, 1, 10'000);
  d.medication_name = in.text("medication_name", false, 1, 10'000);
  d.category = in.text("category", false, 1, 64).value_or("other");
  d.doses = in.number("doses", false, -kHuge, kHuge).value_or(1);
  d.taken = in.boolean("taken", false).value_or(true);
  d.rescue_reason = in.text("rescue_reason", false, 1, 10'000);
  return d;
}

std::optional<RecordDetail> read_lung_function(http::FieldReader& in) {
  LungFunctionDetail d;
  const bool has_blows = in.has("blows") && !in.is_null("blows");
  d.pef = read_int(in, "pef", !has_blows).value_or(0);
  if (const auto* blows = in.array("blows", false, 3)) {
    for (std::size_t i = 0; i < blows->size(); ++i) {
      const auto& v = (*blows)[i];
      if (!v.is_int64() && !v.is_uint64()) {
        in.add_error("blows[" + std::to_string(i) + "]", "type", "정수여야 합니다");
        continue;
      }
      d.blows.push_back(static_cast<int>(v.to_number<std::int64_t>()));
    }
  }
  d.fev1 = in.number("fev1", false, -kHuge, kHuge);
  d.fvc = in.number("fvc", false, -kHuge, kHuge);
  d.timing = in.text("timing", false, 1, 64);
  d.device = in.text("device", false, 1, 64);
  return d;
}

std::optional<RecordDetail> read_control_test(http::FieldReader& in) {
  ControlTestDetail d;
  d.instrument = in.text("instrument", true, 1, 16).value_or("");
  if (const auto* answers = in.object("answers", true)) {
    for (const auto& [code, value] : *answers) {
      if (code.size() > 64) continue;
      if (value.is_bool()) {
        d.answers[std::string(code)] = value.as_bool() ? 1 : 0;
      } else if (value.is_int64() && value.as_int64() >= kIntMin && value.as_int64() <= kIntMax) {
        d.answers[std::string(code)] = static_cast<int>(value.as_int64());
      } else {
        in.add_error("answers." + std::string(code), "type", "정수 또는 true/false여야 합니다");
      }
    }
  }
  // score and result are computed by the server; values sent by a client are ignored.
  return d;
}

std::optional<RecordDetail> read_exacerbation(http::FieldReader& in) {
  ExacerbationDetail d;
  d.kind = in.text("kind", true, 1, 64).value_or("");
  d.start_date = in.text("start_date", true, 1, 10).value_or("");
  d.end_date = in.text("end_date", false, 1, 10);
  return d;
}

std::optional<RecordDetail> read_status(http::FieldReader& in) {
  StatusDetail d;
  d.mood = read_int(in, "mood", true).value_or(3);
  d.note = in.text("note", false, 1, 10'000);
  return d;
}

constexpr const char* kTypes[] = {"symptom", "intake", "lung_function", "control_test", "exacerbation", "status"};

std::optional<RecordDetail> read_detail(const std::string& type, http::FieldReader& in) {
  if (type == "symptom") return read_symptom(in);
  if (type == "intake") return read_intake(in);
  if (type == "lung_function") return read_lung_function(in);
  if (type == "control_test") return read_control_test(in);
  if (type == "exacerbation") return read_exacerbation(in);
  return read_status(in);
}

struct DetailWriter final {
  json::object operator()(const SymptomDetail& d) const {
    return {{"symptoms", strings(d.symptoms)},
            {"severity", d.severity},
            {"triggers", strings(d.triggers)},
            {"trigger_other", opt(d.trigger_other)}};
  }
  json::object operator()(const IntakeDetail& d) const {
    return {{"medication_id", opt(d.medication_id)}, {"medication_name", opt(d.medication_name)},
            {"category", d.category},                {"doses", d.doses},
            {"taken", d.taken},                      {"rescue_reason", opt(d.rescue_reason)}};
  }
  json::object operator()(const LungFunctionDetail& d) const {
    json::array blows;
    for (int b : d.blows) blows.emplace_back(b);
    return {{"pef", d.pef},   {"blows", blows},         {"fev1", opt(d.fev1)},
            {"fvc", opt(d.fvc)}, {"timing", opt(d.timing)}, {"device", opt(d.device)}};
  }
  json::object operator()(const ControlTestDetail& d) const {
    json::object answers;
    for (const auto& [code, value] : d.answers) {
      if (d.instrument == "gina") answers[code] = value != 0;
      else answers[code] = value;
    }
    return {{"instrument", d.instrument}, {"answers", answers}, {"score", d.score}, {"result", d.result}};
  }
  json::object operator()(const ExacerbationDetail& d) const {
    return {{"kind", d.kind}, {"start_date", d.start_date}, {"end_date", opt(d.end_date)}};
  }
  json::object operator()(const StatusDetail& d) const { return {{"mood", d.mood}, {"note", opt(d.note)}}; }
};

}  // namespace

std::string_view type_name(const RecordDetail& detail) { return kTypes[detail.index()]; }

bool is_record_type(std::string_view type) {
  for (const char* t : kTypes) {
    if (type == t) return true;
  }
  return false;
}

std::optional<RecordInput> read_record_input(http::FieldReader& in, const boost::json::object& body) {
  RecordInput input;
  const auto type = in.text("type", true, 1, 32);
  if (type && !is_record_type(*type)) {
    in.add_error("type", "unknown_code", "symptom, intake, lung_function, control_test, exacerbation, status 중 하나여야 합니다");
  }
  if (const auto occurred = in.text("occurred_at", true, 1, 40)) {
    if (auto at = parse_rfc3339(*occurred)) {
      input.occurred_at = *at;
    } else {
      in.add_error("occurred_at", "invalid", "RFC 3339 시각이어야 합니다 (예: 2026-11-23T21:30:00Z)");
    }
  }
  input.time_zone = in.text("time_zone", false, 1, 64).value_or("");
  input.memo = in.text("memo", false, 0, 100'000);
  if (input.memo && input.memo->empty()) input.memo.reset();
  for (const char* other : kTypes) {
    if (type && *type != other && body.contains(other)) {
      in.add_error(other, "unexpected", "type과 다른 상세 항목은 보낼 수 없습니다");
    }
  }
  if (!type || !is_record_type(*type)) return std::nullopt;
  const auto* detail_object = in.object(*type, true);
  if (detail_object == nullptr) return std::nullopt;
  http::FieldReader nested(*detail_object, in.path(*type));
  auto detail = read_detail(*type, nested);
  in.absorb(nested);
  if (!detail || !in.ok()) return std::nullopt;
  input.detail = std::move(*detail);
  return input;
}

boost::json::object detail_json(const RecordDetail& detail) { return std::visit(DetailWriter{}, detail); }

boost::json::object body_json(const RecordInput& input) {
  const std::string type(type_name(input.detail));
  json::object o;
  o["type"] = type;
  o["occurred_at"] = format_rfc3339(input.occurred_at);
  o["time_zone"] = input.time_zone;
  o["memo"] = opt(input.memo);
  o[type] = detail_json(input.detail);
  return o;
}

boost::json::object record_json(const Record& r) {
  json::object o;
  o["id"] = r.id;
  o["type"] = r.type;
  o["occurred_at"] = format_rfc3339(r.occurred_at);
  o["time_zone"] = r.time_zone;
  o["local_date"] = r.local_date;
  o["memo"] = opt(r.memo);
  if (r.detail) o[r.type] = detail_json(*r.detail);
  o["version"] = r.version;
  o["created_at"] = format_rfc3339(r.created_at);
  o["updated_at"] = format_rfc3339(r.updated_at);
  o["deleted"] = r.deleted_at.has_value();
  o["deleted_at"] = r.deleted_at ? json::value(format_rfc3339(*r.deleted_at)) : json::value(nullptr);
  return o;
}

std::string body_hash(const RecordInput& input) { return hex_encode(sha256(json::serialize(body_json(input)))); }

RecordInput input_of(const Record& record) {
  RecordInput input;
  input.occurred_at = record.occurred_at;
  input.time_zone = record.time_zone;
  input.memo = record.memo;
  if (record.detail) input.detail = *record.detail;
  return input;
}

boost::json::object settings_json(const RecordsSettings& s) {
  return {{"personal_best_pef", opt(s.personal_best_pef)},
          {"green_min_percent", s.green_min_percent},
          {"yellow_min_percent", s.yellow_min_percent}};
}

boost::json::object calendar_json(const CalendarMonth& m) {
  json::array days;
  for (const auto& d : m.days) {
    json::object day;
    day["date"] = d.date;
    day["record_count"] = d.record_count;
    day["worst_severity"] = opt(d.worst_severity);
    day["symptom_kinds"] = strings(d.symptom_kinds);
    day["night_waking"] = d.night_waking;
    day["rescue_doses"] = d.rescue_doses;
    day["controller_doses"] = d.controller_doses
                                  ? json::value(json::object{{"taken", d.controller_doses->taken},
                                                             {"scheduled", d.controller_doses->scheduled}})
                                  : json::value(nullptr);
    if (d.peak_flow) {
      day["peak_flow"] = json::object{{"best_pef", d.peak_flow->best_pef},
                                      {"personal_best", opt(d.peak_flow->personal_best)},
                                      {"percent_of_personal_best", opt(d.peak_flow->percent_of_personal_best)},
                                      {"zone", opt(d.peak_flow->zone)}};
    } else {
      day["peak_flow"] = nullptr;
    }
    day["control_test"] = d.control_test ? json::value(DetailWriter{}(*d.control_test)) : json::value(nullptr);
    day["exacerbations"] = strings(d.exacerbations);
    day["status"] = d.status ? json::value(DetailWriter{}(*d.status)) : json::value(nullptr);
    days.push_back(std::move(day));
  }
  return {{"month", m.month},
          {"time_zone", m.time_zone},
          {"personal_best", opt(m.personal_best)},
          {"personal_best_source", m.personal_best_source},
          {"days", days},
          {"totals",
           {{"days_recorded", m.days_recorded},
            {"symptom_free_days", m.symptom_free_days},
            {"rescue_use_days", m.rescue_use_days},
            {"rescue_doses", m.rescue_doses},
            {"exacerbations", m.exacerbations}}}};
}

}  // namespace soom::records
