// /v1/drugs, /v1/medications, /v1/doses, /v1/adherence and /v1/care-partners.
#include "modules/medication/handlers/medication_handlers.hpp"

#include <boost/json.hpp>

#include "http/json.hpp"
#include "http/problem.hpp"
#include "modules/medication/handlers/medication_json.hpp"

namespace soom::medication::handlers {
namespace {

namespace json = boost::json;

const std::string& user_of(const http::Request& request) { return request.principal.value().user_id; }

// RFC 7396 merge of `patch` into `target`.
void merge_patch(json::object& target, const json::object& patch) {
  for (const auto& [key, value] : patch) {
    if (value.is_null()) {
      target.erase(key);
    } else if (value.is_object() && target.contains(key) && target.at(key).is_object()) {
      merge_patch(target.at(key).as_object(), value.as_object());
    } else {
      target[key] = value;
    }
  }
}

json::array slots_array(const std::vector<DoseSlot>& slots) {
  json::array out;
  for (const auto& s : slots) out.push_back(slot_json(s));
  return out;
}

}  // namespace

http::Response search_drugs(MedicationService& service, http::Request& request) {
  const auto q = request.query_param("q").value_or("");
  if (q.size() > 100) return http::problem_response(Error::validation("q", "too_long", "검색어는 100바이트 이하입니다"), request);
  json::array items;
  for (const auto& d : service.search_drugs(q, 20)) items.push_back(drug_json(d));
  return http::json_response(200, json::object{{"items", std::move(items)}});
}

http::Response get_drug(MedicationService& service, http::Request& request) {
  return http::respond(request, service.drug(request.path_param("id")), 200, drug_json);
}

http::Response create_medication(MedicationService& service, http::Request& request) {
  auto body = http::parse_json_object(request);
  if (!body) return http::problem_response(body.error(), request);
  http::FieldReader in(*body);
  auto input = read_input(in, *body);
  if (!in.ok()) return http::problem_response(in.error(), request);
  return http::respond(request, service.create(user_of(request), input), 201, medication_json);
}

http::Response list_medications(MedicationService& service, http::Request& request) {
  auto list = service.list(user_of(request));
  return http::respond(request, list, 200, [](const std::vector<Medication>& meds) {
    json::array items;
    for (const auto& m : meds) items.push_back(medication_json(m));
    return json::object{{"items", std::move(items)}};
  });
}

http::Response get_medication(MedicationService& service, http::Request& request) {
  return http::respond(request, service.get(user_of(request), request.path_param("id")), 200, medication_json);
}

// JSON Merge Patch over the writable fields, then validated like a create.
http::Response patch_medication(MedicationService& service, http::Request& request) {
  auto patch = http::parse_json_object(request);
  if (!patch) return http::problem_response(patch.error(), request);
  auto current = service.get(user_of(request), request.path_param("id"));
  if (!current) return http::problem_response(current.error(), request);
  auto merged = input_json(*current);
  // A new schedule replaces the old one as a whole (its shape depends on its kind).
  if (const auto* schedule = patch->if_contains("schedule"); schedule && schedule->is_object()) merged.erase("schedule");
  merge_patch(merged, *patch);
  http::FieldReader in(merged);
  auto input = read_input(in, merged);
  if (!in.ok()) return http::problem_response(in.error(), request);
  return http::respond(request, service.replace(user_of(request), request.path_param("id"), input), 200,
                       medication_json);
}

http::Response delete_medication(MedicationService& service, http::Request& request) {
  return http::respond_no_content(request, service.remove(user_of(request), request.path_param("id")));
}

http::Response list_doses(MedicationService& service, http::Request& request) {
  json::object none;
  http::FieldReader errors(none);
  auto instant = [&](const char* name) -> std::optional<Instant> {
    const auto text = request.query_param(name);
    if (!text) {
      errors.add_error(name, "required", "RFC 3339 시각이 필요합니다");
      return std::nullopt;
    }
    auto at = parse_rfc3339(*text);
    if (!at) errors.add_error(name, "invalid", "RFC 3339 시각이어야 합니다");
    return at;
  };
  const auto from = instant("from");
  const auto to = instant("to");
  if (!errors.ok()) return http::problem_response(errors.error(), request);
  auto slots = service.doses(user_of(request), *from, *to);
  return http::respond(request, slots, 200,
                       [](const std::vector<DoseSlot>& s) { return json::object{{"items", slots_array(s)}}; });
}

http::Response get_dose(MedicationService& service, http::Request& request) {
  return http::respond(request, service.dose(user_of(request), request.path_param("id")), 200, slot_json);
}

http::Response take_dose(MedicationService& service, http::Request& request) {
  auto body = http::parse_optional_json_object(request);
  if (!body) return http::problem_response(body.error(), request);
  http::FieldReader in(*body);
  TakeRequest take;
  if (auto text = in.text("taken_at", false, 1, 40)) {
    take.taken_at = parse_rfc3339(*text);
    if (!take.taken_at) in.add_error("taken_at", "invalid", "RFC 3339 시각이어야 합니다");
  }
  take.doses = in.number("doses", false, 0.001, 100);
  if (!in.ok()) return http::problem_response(in.error(), request);
  return http::respond(request, service.take(user_of(request), request.path_param("id"), take), 200, slot_json);
}

http::Response skip_dose(MedicationService& service, http::Request& request) {
  return http::respond(request, service.skip(user_of(request), request.path_param("id")), 200, slot_json);
}

http::Response snooze_dose(MedicationService& service, http::Request& request) {
  auto body = http::parse_json_object(request);
  if (!body) return http::problem_response(body.error(), request);
  http::FieldReader in(*body);
  const auto minutes = in.integer("minutes", true, 5, 60);
  if (!in.ok()) return http::problem_response(in.error(), request);
  return http::respond(request, service.snooze(user_of(request), request.path_param("id"), static_cast<int>(*minutes)),
                       200, slot_json);
}

http::Response get_adherence(MedicationService& service, http::Request& request) {
  auto report = service.adherence(user_of(request), request.query_param("from").value_or(""),
                                  request.query_param("to").value_or(""));
  return http::respond(request, report, 200, adherence_json);
}

http::Response invite_partner(MedicationService& service, http::Request& request) {
  auto body = http::parse_json_object(request);
  if (!body) return http::problem_response(body.error(), request);
  http::FieldReader in(*body);
  const auto email = in.text("email", true, 3, 254);
  const auto consent = in.boolean("consent", true);
  if (!in.ok()) return http::problem_response(in.error(), request);
  return http::respond(request, service.invite_partner(user_of(request), *email, *consent), 201, partner_json);
}

http::Response list_partners(MedicationService& service, http::Request& request) {
  return http::respond(request, service.partners(user_of(request)), 200, [](const CarePartnerList& list) {
    json::array partners, patients;
    for (const auto& p : list.partners) partners.push_back(partner_json(p));
    for (const auto& p : list.patients) patients.push_back(partner_json(p));
    return json::object{{"partners", std::move(partners)}, {"patients", std::move(patients)}};
  });
}

http::Response accept_partner(MedicationService& service, http::Request& request) {
  return http::respond(request, service.accept_partner(user_of(request), request.path_param("id")), 200, partner_json);
}

http::Response revoke_partner(MedicationService& service, http::Request& request) {
  return http::respond_no_content(request, service.revoke_partner(user_of(request), request.path_param("id")));
}

http::Response partner_adherence(MedicationService& service, http::Request& request) {
  auto report = service.partner_adherence(user_of(request), request.path_param("id"),
                                          request.query_param("from").value_or(""),
                                          request.query_param("to").value_or(""));
  return http::respond(request, report, 200, adherence_json);
}

}  // namespace soom::medication::handlers
