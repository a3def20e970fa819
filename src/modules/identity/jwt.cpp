#include "modules/identity/jwt.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>

#include "core/encoding.hpp"

namespace soom::identity {
namespace {

namespace json = boost::json;

constexpr std::string_view kHeaderJson = R"({"alg":"HS256","typ":"JWT"})";

Error invalid(std::string internal) {
  return Error::make(ErrorCode::kAuthTokenInvalid, {}, "jwt: " + std::move(internal));
}

std::int64_t to_unix_seconds(Instant t) {
  return std::chrono::floor<std::chrono::seconds>(t).time_since_epoch().count();
}

Instant from_unix_seconds(std::int64_t s) { return Instant{std::chrono::seconds{s}}; }

// `storage` lets a caller parse into a stack buffer instead of the heap.
std::optional<json::object> parse_object(std::string_view text, json::storage_ptr storage = {}) {
  boost::system::error_code ec;
  json::value value = json::parse(text, ec, std::move(storage));
  if (ec || !value.is_object()) return std::nullopt;
  return std::move(value.as_object());
}

std::optional<std::string> string_claim(const json::object& obj, std::string_view key) {
  const auto* v = obj.if_contains(key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string(v->as_string());
}

// NumericDate bounded to years 1970..9999 so that the conversion to milliseconds
// cannot overflow.
constexpr std::int64_t kMaxNumericDate = 253'402'300'799;

std::optional<std::int64_t> numeric_date_claim(const json::object& obj, std::string_view key) {
  const auto* v = obj.if_contains(key);
  if (v == nullptr || !v->is_int64()) return std::nullopt;
  const std::int64_t seconds = v->as_int64();
  if (seconds < 0 || seconds > kMaxNumericDate) return std::nullopt;
  return seconds;
}

bool header_is_pinned(std::string_view encoded_header) {
  // What sign() writes, compared first: decoding and parsing it is most of a verify's cost.
  static const std::string kSignedHeader = base64url_encode(kHeaderJson);
  if (encoded_header == kSignedHeader) return true;
  const auto decoded = base64url_decode(encoded_header);
  if (!decoded) return false;
  const auto header = parse_object(*decoded);
  if (!header || header->size() != 2) return false;
  const auto alg = string_claim(*header, "alg");
  const auto typ = string_claim(*header, "typ");
  return alg && *alg == "HS256" && typ && *typ == "JWT";
}

}  // namespace

JwtSigner::JwtSigner(std::string secret, std::string issuer)
    : secret_(std::move(secret)), issuer_(std::move(issuer)) {
  if (secret_.size() < kMinSecretBytes) {
    throw std::invalid_argument("JWT secret must be at least 32 bytes");
  }
}

std::string JwtSigner::sign(const AccessClaims& claims) const {
  json::object payload;
  payload["iss"] = issuer_;
  payload["sub"] = claims.subject;
  payload["sid"] = claims.session_id;
  payload["role"] = claims.role;
  payload["iat"] = to_unix_seconds(claims.issued_at);
  payload["exp"] = to_unix_seconds(claims.expires_at);
  payload["jti"] = claims.jti;
  std::string signing_input = base64url_encode(kHeaderJson);
  signing_input += '.';
  signing_input += base64url_encode(json::serialize(payload));
  const std::string signature = base64url_encode(hmac_sha256(secret_, signing_input));
  return signing_input + '.' + signature;
}

Result<AccessClaims> JwtSigner::verify(std::string_view token, Instant now) const {
  const auto first_dot = token.find('.');
  if (first_dot == std::string_view::npos) return invalid("missing segments");
  const auto second_dot = token.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos) return invalid("missing segments");
  if (token.find('.', second_dot + 1) != std::string_view::npos) return invalid("extra segments");

  const std::string_view signing_input = token.substr(0, second_dot);
  const std::string_view encoded_header = token.substr(0, first_dot);
  const std::string_view encoded_payload = token.substr(first_dot + 1, second_dot - first_dot - 1);
  const std::string_view encoded_signature = token.substr(second_dot + 1);

  if (!header_is_pinned(encoded_header)) return invalid("header is not {alg:HS256,typ:JWT}");
  // Authenticate before interpreting the payload at all.
  const auto signature = base64url_decode(encoded_signature);
  if (!signature) return invalid("signature is not base64url");
  if (!constant_time_equals(*signature, hmac_sha256(secret_, signing_input))) {
    return invalid("bad signature");
  }

  const auto payload_json = base64url_decode(encoded_payload);
  if (!payload_json) return invalid("payload is not base64url");
  // A token's claims fit in a few hundred bytes: parse them without touching the heap.
  std::array<unsigned char, 2048> arena;
  json::monotonic_resource resource(arena.data(), arena.size());
  const auto payload = parse_object(*payload_json, &resource);
  if (!payload) return invalid("payload is not a JSON object");

  const auto iss = string_claim(*payload, "iss");
  const auto sub = string_claim(*payload, "sub");
  const auto sid = string_claim(*payload, "sid");
  const auto role = string_claim(*payload, "role");
  const auto jti = string_claim(*payload, "jti");
  const auto iat = numeric_date_claim(*payload, "iat");
  const auto exp = numeric_date_claim(*payload, "exp");
  if (!iss || !sub || !sid || !role || !jti || !iat || !exp) return invalid("missing or mistyped claim");
  if (sub->empty()) return invalid("empty subject");
  if (*iss != issuer_) return invalid("wrong issuer");
  if (*exp <= *iat) return invalid("exp not after iat");

  AccessClaims claims{*sub, *sid, *role, from_unix_seconds(*iat), from_unix_seconds(*exp), *jti};
  if (claims.issued_at > now + kIssuedAtLeeway) return invalid("issued in the future");
  if (now >= claims.expires_at) {
    return Error::make(ErrorCode::kAuthTokenExpired, {}, "jwt: expired");
  }
  return claims;
}

}  // namespace soom::identity
