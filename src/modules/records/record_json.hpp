#pragma once
// JSON ⇄ record structs. The body shape is the same for every type:
//   {"type":"symptom","occurred_at":"…Z","time_zone":"Asia/Seoul","memo":"…","symptom":{…}}
// The same rendering is the canonical form hashed for PUT idempotency.
#include <boost/json.hpp>
#include <optional>
#include <string>

#include "http/json.hpp"
#include "modules/records/records.hpp"

namespace soom::records {

// Reads a body; type and range errors go to `in` (ranges are checked by record_rules).
std::optional<RecordInput> read_record_input(http::FieldReader& in, const boost::json::object& body);

boost::json::object detail_json(const RecordDetail& detail);
// The body as a client would send it (computed fields included).
boost::json::object body_json(const RecordInput& input);
boost::json::object record_json(const Record& record);
// Hex SHA-256 of the canonical body: equal bodies (after normalization) hash equally.
std::string body_hash(const RecordInput& input);
// The body of a stored live record, for PATCH.
RecordInput input_of(const Record& record);

boost::json::object settings_json(const RecordsSettings& settings);
boost::json::object calendar_json(const CalendarMonth& month);

}  // namespace soom::records
