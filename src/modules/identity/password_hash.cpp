#include "modules/identity/password_hash.hpp"

#include <argon2.h>

#include <charconv>
#include <optional>
#include <stdexcept>

#include "core/random.hpp"

namespace soom::identity {
namespace {

std::string hash_with(std::string_view password, const Argon2Params& params) {
  const auto salt = random_bytes(kPasswordSaltBytes);
  const std::size_t encoded_len = argon2_encodedlen(params.iterations, params.memory_kib, params.parallelism,
                                                    kPasswordSaltBytes, kPasswordHashBytes, Argon2_id);
  std::string encoded(encoded_len, '\0');
  const int rc = argon2id_hash_encoded(params.iterations, params.memory_kib, params.parallelism,
                                       password.data(), password.size(), salt.data(), salt.size(),
                                       kPasswordHashBytes, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) {
    throw std::runtime_error(std::string("argon2id hashing failed: ") + argon2_error_message(rc));
  }
  encoded.resize(encoded.find('\0'));
  return encoded;
}

std::optional<std::uint32_t> parse_u32(std::string_view text) {
  std::uint32_t value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end || text.empty()) return std::nullopt;
  return value;
}

struct PhcParts {
  std::uint32_t version = 0;
  Argon2Params params;
  std::size_t hash_bytes = 0;
};

// $argon2id$v=19$m=19456,t=2,p=1$<salt b64>$<hash b64>
std::optional<PhcParts> parse_phc(std::string_view encoded) {
  constexpr std::string_view kPrefix = "$argon2id$v=";
  if (encoded.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  encoded.remove_prefix(kPrefix.size());
  PhcParts parts;
  auto next_field = [&encoded]() -> std::optional<std::string_view> {
    const auto end = encoded.find('$');
    if (end == std::string_view::npos) return std::nullopt;
    auto field = encoded.substr(0, end);
    encoded.remove_prefix(end + 1);
    return field;
  };
  const auto version = next_field();
  const auto params = next_field();
  const auto salt = next_field();
  if (!version || !params || !salt) return std::nullopt;
  const auto v = parse_u32(*version);
  if (!v) return std::nullopt;
  parts.version = *v;

  constexpr std::string_view kM = "m=";
  constexpr std::string_view kT = ",t=";
  constexpr std::string_view kP = ",p=";
  const auto t_pos = params->find(kT);
  const auto p_pos = params->find(kP);
  if (params->substr(0, kM.size()) != kM || t_pos == std::string_view::npos || p_pos == std::string_view::npos ||
      p_pos < t_pos) {
    return std::nullopt;
  }
  const auto m = parse_u32(params->substr(kM.size(), t_pos - kM.size()));
  const auto t = parse_u32(params->substr(t_pos + kT.size(), p_pos - t_pos - kT.size()));
  const auto p = parse_u32(params->substr(p_pos + kP.size()));
  if (!m || !t || !p) return std::nullopt;
  parts.params = Argon2Params{*m, *t, *p};
  // PHC uses unpadded standard base64: 4 characters per 3 bytes.
  parts.hash_bytes = encoded.size() * 3 / 4;
  return parts;
}

}  // namespace

std::string hash_password(std::string_view password) { return hash_with(password, kCurrentArgon2Params); }

bool verify_password(std::string_view password, std::string_view encoded) {
  if (!parse_phc(encoded)) return false;
  const std::string terminated(encoded);  // argon2 wants a C string
  return argon2id_verify(terminated.c_str(), password.data(), password.size()) == ARGON2_OK;
}

bool needs_rehash(std::string_view encoded) {
  const auto parts = parse_phc(encoded);
  if (!parts) return true;
  return parts->version != ARGON2_VERSION_13 || parts->params.memory_kib < kCurrentArgon2Params.memory_kib ||
         parts->params.iterations < kCurrentArgon2Params.iterations || parts->hash_bytes < kPasswordHashBytes;
}

bool verify_against_dummy(std::string_view password) {
  return verify_password(password, detail::dummy_password_hash());
}

namespace detail {
const std::string& dummy_password_hash() {
  // argon2id (current parameters) of 32 random bytes that were discarded after
  // hashing: nothing verifies against it, and it costs no hashing at start-up or
  // on the first unknown-e-mail login. Regenerate if kCurrentArgon2Params change.
  static const std::string kDummy =
      "$argon2id$v=19$m=19456,t=2,p=1$PBhGgCRXjXAsounKvBaX/g$EpQkoPCP8HVEhFH5g6ULAOaMrG4Xxy0sOOBRCpt9oSk";
  return kDummy;
}
}  // namespace detail

}  // namespace soom::identity
