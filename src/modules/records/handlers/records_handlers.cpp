// /v1/records, /v1/records:batch, /v1/sync, /v1/calendar and /v1/records/settings.
#include "modules/records/handlers/records_handlers.hpp"

#include <boost/json.hpp>

#include "http/json.hpp"
#include "http/problem.hpp"
#include "modules/records/day_bucket.hpp"
#include "modules/records/etag.hpp"
#include "modules/records/merge_patch.hpp"
#include "modules/records/record_json.hpp"

namespace soom::records::handlers {
namespace {

namespace json = boost::json;

const std::string& user_of(const http::Request& request) {
  return request.principal.value().user_id;  // routes here are Auth::kRequired
}

http::Response record_response(int status, const Record& record) {
  auto response = http::json_response(status, record_json(record));
  response.headers.set("etag", etag_of(record.version));
  return response;
}

// Applies If-Match to the options; false when the header is present but names no version.
void apply_if_match(const http::Request& request, PutOptions& options) {
  const auto header = request.headers.get("if-match");
  if (!header) return;
  const auto parsed = parse_if_match(*header);
  if (parsed.any) {
    options.must_exist = true;
  } else {
    options.expected_version = parsed.malformed ? std::optional<std::int64_t>(0) : parsed.version;  // 0 never matches
  }
}

json::object error_json(const Error& e) {
  json::object o{{"status", http::http_status(e.code)},
                 {"code", error_info(e.code).machine_code},
                 {"detail", e.public_message.empty() ? std::string(error_info(e.code).title) : e.public_message}};
  if (!e.fields.empty()) {
    json::array fields;
    for (const auto& f : e.fields) fields.push_back({{"field", f.field}, {"code", f.code}, {"message", f.message}});
    o["errors"] = std::move(fields);
  }
  return o;
}

json::array records_array(const std::vector<Record>& records) {
  json::array out;
  for (const auto& r : records) out.push_back(record_json(r));
  return out;
}

std::optional<int> int_param(const http::Request& request, const std::string& name, http::FieldReader& errors) {
  const auto text = request.query_param(name);
  if (!text) return std::nullopt;
  try {
    std::size_t used = 0;
    const int v = std::stoi(*text, &used);
    if (used == text->size()) return v;
  } catch (const std::exception&) {
  }
  errors.add_error(name, "type", "정수여야 합니다");
  return std::nullopt;
}

std::optional<Instant> instant_param(const http::Request& request, const std::string& name,
                                     http::FieldReader& errors) {
  const auto text = request.query_param(name);
  if (!text) return std::nullopt;
  auto at = parse_rfc3339(*text);
  if (!at) errors.add_error(name, "invalid", "RFC 3339 시각이어야 합니다");
  return at;
}

}  // namespace

http::Response put_record(RecordsService& service, http::Request& request) {
  auto body = http::parse_json_object(request);
  if (!body) return http::problem_response(body.error(), request);
  http::FieldReader in(*body);
  auto input = read_record_input(in, *body);
  if (!input) return http::problem_response(in.error(), request);
  PutOptions options;
  apply_if_match(request, options);
  auto outcome = service.put(user_of(request), request.path_param("id"), *input, options);
  if (!outcome) return http::problem_response(outcome.error(), request);
  return record_response(outcome->created ? 201 : 200, outcome->record);
}

http::Response get_record(RecordsService& service, http::Request& request) {
  auto record = service.get(user_of(request), request.path_param("id"));
  if (!record) return http::problem_response(record.error(), request);
  return record_response(200, *record);
}

// JSON Merge Patch over the record's body: the merged document is validated like a PUT and
// written only if the version the client saw is still current.
http::Response patch_record(RecordsService& service, http::Request& request) {
  if (!request.headers.get("if-match")) {
    return http::problem_response(
        Error::make(ErrorCode::kPreconditionRequired, "PATCH에는 If-Match 헤더(ETag)가 필요합니다"), request);
  }
  auto patch = http::parse_json_object(request);
  if (!patch) return http::problem_response(patch.error(), request);
  auto current = service.get(user_of(request), request.path_param("id"));
  if (!current) return http::problem_response(current.error(), request);
  if (const auto* type = patch->if_contains("type"); type && !(type->is_string() && type->as_string() == current->type)) {
    return http::problem_response(Error::validation("type", "read_only", "기록 유형은 바꿀 수 없습니다"), request);
  }
  auto merged = apply_merge_patch(body_json(input_of(*current)), *patch).as_object();
  // A patch that sends new blows means "recompute the best": drop the stored pef.
  if (const auto* lung = patch->if_contains("lung_function"); lung && lung->is_object()) {
    if (lung->as_object().contains("blows") && !lung->as_object().contains("pef")) {
      if (auto* target = merged.if_contains("lung_function"); target && target->is_object()) {
        target->as_object().erase("pef");
      }
    }
  }
  http::FieldReader in(merged);
  auto input = read_record_input(in, merged);
  if (!input) return http::problem_response(in.error(), request);
  PutOptions options;
  options.must_exist = true;
  apply_if_match(request, options);
  auto outcome = service.put(user_of(request), current->id, *input, options);
  if (!outcome) return http::problem_response(outcome.error(), request);
  return record_response(200, outcome->record);
}

http::Response delete_record(RecordsService& service, http::Request& request) {
  PutOptions options;
  apply_if_match(request, options);
  return http::respond_no_content(request,
                                  service.remove(user_of(request), request.path_param("id"), options.expected_version));
}

http::Response batch_records(RecordsService& service, http::Request& request) {
  auto body = http::parse_json_object(request);
  if (!body) return http::problem_response(body.error(), request);
  http::FieldReader top(*body);
  const auto* array = top.array("records", true, kMaxBatchItems);
  if (array == nullptr) return http::problem_response(top.error(), request);
  std::vector<BatchItem> items;
  items.reserve(array->size());
  for (std::size_t i = 0; i < array->size(); ++i) {
    BatchItem item;
    const auto& v = (*array)[i];
    if (!v.is_object()) {
      item.invalid = Error::validation("records[" + std::to_string(i) + "]", "type", "객체여야 합니다");
      items.push_back(std::move(item));
      continue;
    }
    const auto& object = v.as_object();
    http::FieldReader in(object);
    item.id = in.text("id", true, 1, 64).value_or("");
    const auto op = in.text("op", false, 1, 16).value_or("put");
    if (op != "put" && op != "delete") in.add_error("op", "unknown_code", "put 또는 delete여야 합니다");
    if (auto tag = in.text("if_match", false, 1, 64)) {
      const auto parsed = parse_if_match(*tag);
      item.expected_version = parsed.malformed ? std::optional<std::int64_t>(0) : parsed.version;
    }
    item.remove = op == "delete";
    if (!item.remove && in.ok()) item.input = read_record_input(in, object);
    if (!in.ok()) item.invalid = in.error();
    items.push_back(std::move(item));
  }
  auto results = service.batch(user_of(request), items);
  if (!results) return http::problem_response(results.error(), request);
  json::array out;
  for (const auto& r : *results) {
    json::object o{{"id", r.id}};
    o["status"] = r.error ? http::http_status(r.error->code) : r.status;
    o["record"] = r.record ? json::value(record_json(*r.record)) : json::value(nullptr);
    o["error"] = r.error ? json::value(error_json(*r.error)) : json::value(nullptr);
    out.push_back(std::move(o));
  }
  return http::json_response(200, json::object{{"results", std::move(out)}});
}

http::Response list_records(RecordsService& service, http::Request& request) {
  json::object none;
  http::FieldReader errors(none);
  ListQuery query;
  query.type = request.query_param("type");
  query.from = instant_param(request, "from", errors);
  query.to = instant_param(request, "to", errors);
  query.cursor = request.query_param("cursor");
  query.limit = int_param(request, "limit", errors).value_or(50);
  if (!errors.ok()) return http::problem_response(errors.error(), request);
  return http::respond(request, service.list(user_of(request), query), 200, [](const Page& page) {
    return json::object{{"items", records_array(page.items)},
                        {"next_cursor", page.next_cursor ? json::value(*page.next_cursor) : json::value(nullptr)}};
  });
}

http::Response sync_records(RecordsService& service, http::Request& request) {
  json::object none;
  http::FieldReader errors(none);
  const auto limit = int_param(request, "limit", errors).value_or(0);
  if (!errors.ok()) return http::problem_response(errors.error(), request);
  return http::respond(request, service.sync(user_of(request), request.query_param("since"), limit), 200,
                       [](const SyncPage& page) {
                         return json::object{{"changes", records_array(page.changes)},
                                             {"next_cursor", page.next_cursor},
                                             {"has_more", page.has_more}};
                       });
}

http::Response get_calendar(RecordsService& service, http::Request& request) {
  const auto month = request.query_param("month");
  if (!month || !parse_month(*month)) {
    return http::problem_response(Error::validation("month", "invalid", "month=YYYY-MM 형식이 필요합니다"), request);
  }
  auto document = service.calendar_document(user_of(request), *month);
  if (!document) return http::problem_response(document.error(), request);
  return http::Response::json(200, std::move(*document));
}

http::Response get_calendar_day(RecordsService& service, http::Request& request) {
  const auto& day = request.path_param("day");
  return http::respond(request, service.day(user_of(request), day), 200, [&day](const std::vector<Record>& records) {
    return json::object{{"date", day}, {"items", records_array(records)}};
  });
}

http::Response get_settings(RecordsService& service, http::Request& request) {
  return http::respond(request, service.settings(user_of(request)), 200,
                       [](const RecordsSettings& s) { return settings_json(s); });
}

http::Response put_settings(RecordsService& service, http::Request& request) {
  auto body = http::parse_json_object(request);
  if (!body) return http::problem_response(body.error(), request);
  http::FieldReader in(*body);
  RecordsSettings s;
  if (auto pb = in.integer("personal_best_pef", false, 0, 100'000)) s.personal_best_pef = static_cast<int>(*pb);
  s.green_min_percent = static_cast<int>(in.integer("green_min_percent", false, 0, 1000).value_or(80));
  s.yellow_min_percent = static_cast<int>(in.integer("yellow_min_percent", false, 0, 1000).value_or(50));
  if (!in.ok()) return http::problem_response(in.error(), request);
  return http::respond(request, service.update_settings(user_of(request), s), 200,
                       [](const RecordsSettings& saved) { return settings_json(saved); });
}

}  // namespace soom::records::handlers
