#include "modules/report/csv_export.hpp"

#include <map>

#include "modules/report/export_json.hpp"

namespace soom::report {
namespace {

const std::vector<std::string> kColumns{
    "id",          "type",        "occurred_at",   "local_date",  "time_zone",  "memo",
    "symptoms",    "severity",    "triggers",      "trigger_other", "medication_id", "medication_name",
    "category",    "doses",       "taken",         "rescue_reason", "pef",        "blows",
    "fev1",        "fvc",         "timing",        "device",      "instrument", "answers",
    "score",       "result",      "exacerbation_kind", "start_date", "end_date", "mood",
    "note",        "version",     "updated_at"};

std::string join(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ";") + v;
  return out;
}

using Fields = std::map<std::string, std::string>;

struct Flatten final {
  Fields& f;
  void operator()(const records::SymptomDetail& d) const {
    f["symptoms"] = join(d.symptoms);
    f["severity"] = std::to_string(d.severity);
    f["triggers"] = join(d.triggers);
    f["trigger_other"] = d.trigger_other.value_or("");
  }
  void operator()(const records::IntakeDetail& d) const {
    f["medication_id"] = d.medication_id.value_or("");
    f["medication_name"] = d.medication_name.value_or("");
    f["category"] = d.category;
    f["doses"] = number_text(d.doses);
    f["taken"] = d.taken ? "true" : "false";
    f["rescue_reason"] = d.rescue_reason.value_or("");
  }
  void operator()(const records::LungFunctionDetail& d) const {
    f["pef"] = std::to_string(d.pef);
    std::vector<std::string> blows;
    for (int b : d.blows) blows.push_back(std::to_string(b));
    f["blows"] = join(blows);
    if (d.fev1) f["fev1"] = number_text(*d.fev1);
    if (d.fvc) f["fvc"] = number_text(*d.fvc);
    f["timing"] = d.timing.value_or("");
    f["device"] = d.device.value_or("");
  }
  void operator()(const records::ControlTestDetail& d) const {
    f["instrument"] = d.instrument;
    std::vector<std::string> answers;
    for (const auto& [k, v] : d.answers) answers.push_back(k + "=" + std::to_string(v));
    f["answers"] = join(answers);
    f["score"] = std::to_string(d.score);
    f["result"] = d.result;
  }
  void operator()(const records::ExacerbationDetail& d) const {
    f["exacerbation_kind"] = d.kind;
    f["start_date"] = d.start_date;
    f["end_date"] = d.end_date.value_or("");
  }
  void operator()(const records::StatusDetail& d) const {
    f["mood"] = std::to_string(d.mood);
    f["note"] = d.note.value_or("");
  }
};

void append_row(std::string& out, const std::vector<std::string>& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out += ',';
    out += csv_cell(cells[i]);
  }
  out += "\r\n";
}

}  // namespace

std::string csv_cell(std::string_view value) {
  std::string cell;
  if (!value.empty()) {
    const char first = value.front();
    if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') cell += '\'';
  }
  cell.append(value);
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

std::string records_csv(const std::vector<records::Record>& records) {
  std::string out(kUtf8Bom);
  append_row(out, kColumns);
  for (const auto& r : records) {
    if (r.deleted_at || !r.detail) continue;
    Fields f{{"id", r.id},
             {"type", r.type},
             {"occurred_at", format_rfc3339(r.occurred_at)},
             {"local_date", r.local_date},
             {"time_zone", r.time_zone},
             {"memo", r.memo.value_or("")},
             {"version", std::to_string(r.version)},
             {"updated_at", format_rfc3339(r.updated_at)}};
    std::visit(Flatten{f}, *r.detail);
    std::vector<std::string> cells;
    cells.reserve(kColumns.size());
    for (const auto& c : kColumns) {
      const auto it = f.find(c);
      cells.push_back(it == f.end() ? std::string() : it->second);
    }
    append_row(out, cells);
  }
  return out;
}

}  // namespace soom::report
