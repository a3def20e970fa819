#include "http/json.hpp"

#include <cmath>

#include "core/encoding.hpp"

namespace soom::http {
namespace {

bool is_json_content_type(std::string_view value) {
  const auto semicolon = value.find(';');
  std::string media(value.substr(0, semicolon));
  while (!media.empty() && media.back() == ' ') media.pop_back();
  for (auto& c : media) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return media == "application/json" || (media.starts_with("application/") && media.ends_with("+json"));
}

std::string format_number(double v) {
  std::string s = std::to_string(v);
  while (s.find('.') != std::string::npos && (s.back() == '0' || s.back() == '.')) {
    const bool dot = s.back() == '.';
    s.pop_back();
    if (dot) break;
  }
  return s;
}

}  // namespace

Result<boost::json::object> parse_json_object(const Request& request) {
  const auto content_type = request.headers.get("content-type");
  if (!content_type || !is_json_content_type(*content_type)) {
    return Error::make(ErrorCode::kUnsupportedMediaType, "Content-Type: application/json 본문이 필요합니다");
  }
  boost::system::error_code ec;
  boost::json::parse_options options;
  options.max_depth = 32;
  auto value = boost::json::parse(request.body, ec, {}, options);
  if (ec) return Error::make(ErrorCode::kMalformedJson, {}, ec.message());
  if (!value.is_object()) return Error::make(ErrorCode::kMalformedJson, "요청 본문은 JSON 객체여야 합니다");
  return std::move(value.as_object());
}

Result<boost::json::object> parse_optional_json_object(const Request& request) {
  if (request.body.empty()) return boost::json::object{};
  return parse_json_object(request);
}

Response json_response(int status, const boost::json::value& body) {
  return Response::json(status, boost::json::serialize(body));
}

std::string FieldReader::path(std::string_view name) const {
  return prefix_.empty() ? std::string(name) : prefix_ + "." + std::string(name);
}

void FieldReader::add_error(std::string_view name, std::string code, std::string message) {
  errors_.push_back(FieldError{path(name), std::move(code), std::move(message)});
}

void FieldReader::absorb(FieldReader& nested) {
  for (auto& e : nested.errors_) errors_.push_back(std::move(e));
  nested.errors_.clear();
}

bool FieldReader::is_null(std::string_view name) const {
  auto it = object_.find(name);
  return it != object_.end() && it->value().is_null();
}

const boost::json::value* FieldReader::lookup(std::string_view name, bool required) {
  auto it = object_.find(name);
  if (it == object_.end() || it->value().is_null()) {
    if (required) add_error(name, "required", "필수 항목입니다");
    return nullptr;
  }
  return &it->value();
}

std::optional<std::string> FieldReader::text(std::string_view name, bool required, std::size_t min_len,
                                             std::size_t max_len) {
  const auto* v = lookup(name, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    add_error(name, "type", "문자열이어야 합니다");
    return std::nullopt;
  }
  std::string s(v->as_string());
  if (!is_valid_utf8(s)) {  // Boost.JSON validates, but \u escapes can still produce lone surrogates.
    add_error(name, "invalid_encoding", "올바른 UTF-8 문자열이 아닙니다");
    return std::nullopt;
  }
  const auto len = utf8_length(s);
  if (len < min_len) {
    add_error(name, min_len <= 1 ? "required" : "too_short",
              min_len <= 1 ? "비어 있을 수 없습니다" : std::to_string(min_len) + "자 이상이어야 합니다");
    return std::nullopt;
  }
  if (len > max_len) {
    add_error(name, "too_long", std::to_string(max_len) + "자 이하여야 합니다");
    return std::nullopt;
  }
  return s;
}

std::optional<std::int64_t> FieldReader::integer(std::string_view name, bool required, std::int64_t min,
                                                 std::int64_t max) {
  const auto* v = lookup(name, required);
  if (v == nullptr) return std::nullopt;
  std::int64_t out = 0;
  if (v->is_int64()) {
    out = v->as_int64();
  } else if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    out = static_cast<std::int64_t>(v->as_uint64());
  } else if (v->is_double() && std::trunc(v->as_double()) == v->as_double() && std::fabs(v->as_double()) < 9e15) {
    out = static_cast<std::int64_t>(v->as_double());
  } else {
    add_error(name, "type", "정수여야 합니다");
    return std::nullopt;
  }
  if (out < min || out > max) {
    add_error(name, "out_of_range", std::to_string(min) + "~" + std::to_string(max) + " 범위여야 합니다");
    return std::nullopt;
  }
  return out;
}

std::optional<double> FieldReader::number(std::string_view name, bool required, double min, double max) {
  const auto* v = lookup(name, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_number()) {
    add_error(name, "type", "숫자여야 합니다");
    return std::nullopt;
  }
  const double out = v->to_number<double>();
  if (!std::isfinite(out) || out < min || out > max) {
    add_error(name, "out_of_range", format_number(min) + "~" + format_number(max) + " 범위여야 합니다");
    return std::nullopt;
  }
  return out;
}

std::optional<bool> FieldReader::boolean(std::string_view name, bool required) {
  const auto* v = lookup(name, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_bool()) {
    add_error(name, "type", "true 또는 false여야 합니다");
    return std::nullopt;
  }
  return v->as_bool();
}

const boost::json::object* FieldReader::object(std::string_view name, bool required) {
  const auto* v = lookup(name, required);
  if (v == nullptr) return nullptr;
  if (!v->is_object()) {
    add_error(name, "type", "객체여야 합니다");
    return nullptr;
  }
  return &v->as_object();
}

const boost::json::array* FieldReader::array(std::string_view name, bool required, std::size_t max_items) {
  const auto* v = lookup(name, required);
  if (v == nullptr) return nullptr;
  if (!v->is_array()) {
    add_error(name, "type", "배열이어야 합니다");
    return nullptr;
  }
  if (v->as_array().size() > max_items) {
    add_error(name, "too_many", "항목은 최대 " + std::to_string(max_items) + "개입니다");
    return nullptr;
  }
  return &v->as_array();
}

}  // namespace soom::http
