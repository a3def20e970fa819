#pragma once
// JSON ⇄ typed structs for handlers. Handlers parse with a FieldReader, which
// collects every field error at once so clients get one complete 400.
#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/result.hpp"
#include "http/message.hpp"
#include "http/problem.hpp"

namespace soom::http {

// Requires `Content-Type: application/json` (415 otherwise) and a JSON object body
// (400 MALFORMED_JSON for syntax errors, invalid UTF-8 or a non-object).
Result<boost::json::object> parse_json_object(const Request& request);
// Like parse_json_object, but an empty body yields an empty object.
Result<boost::json::object> parse_optional_json_object(const Request& request);

Response json_response(int status, const boost::json::value& body);

// Turns a service result into a response: the problem on error, else `status` with
// the JSON that `render` makes of the value.
template <typename T, typename Render>
Response respond(const Request& request, const Result<T>& result, int status, Render&& render) {
  if (!result) return problem_response(result.error(), request);
  if constexpr (std::is_same_v<std::invoke_result_t<Render, const T&>, std::string>) {
    return Response::json(status, render(result.value()));  // already JSON text (JsonWriter)
  } else {
    return json_response(status, render(result.value()));
  }
}

// 204 on success, the problem otherwise.
inline Response respond_no_content(const Request& request, const Status& status) {
  if (!status) return problem_response(status.error(), request);
  return Response::no_content();
}

// Reads typed fields out of a JSON object. Missing optional fields yield nullopt;
// wrong types and violated limits are recorded and yield nullopt too.
class FieldReader final {
 public:
  explicit FieldReader(const boost::json::object& object, std::string prefix = {})
      : object_(object), prefix_(std::move(prefix)) {}

  // Strings are checked for length in Unicode code points.
  std::optional<std::string> text(std::string_view name, bool required, std::size_t min_len, std::size_t max_len);
  std::optional<std::int64_t> integer(std::string_view name, bool required, std::int64_t min, std::int64_t max);
  std::optional<double> number(std::string_view name, bool required, double min, double max);
  std::optional<bool> boolean(std::string_view name, bool required);
  const boost::json::object* object(std::string_view name, bool required);
  const boost::json::array* array(std::string_view name, bool required, std::size_t max_items);
  // A field explicitly present with JSON null (for PATCH "clear this").
  bool is_null(std::string_view name) const;
  bool has(std::string_view name) const { return object_.contains(name); }

  void add_error(std::string_view name, std::string code, std::string message);
  std::string path(std::string_view name) const;
  // Moves errors out of a nested reader into this one.
  void absorb(FieldReader& nested);
  bool ok() const { return errors_.empty(); }
  std::vector<FieldError>& errors() { return errors_; }
  // Error::validation with everything collected.
  Error error() const { return Error::validation(errors_); }

 private:
  const boost::json::value* lookup(std::string_view name, bool required);
  const boost::json::object& object_;
  std::string prefix_;
  std::vector<FieldError> errors_;
};

}  // namespace soom::http
