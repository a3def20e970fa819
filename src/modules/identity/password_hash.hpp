#pragma once
// Password storage: argon2id (RFC 9106) in the PHC string format, with the OWASP
// minimum parameters (19 MiB, 2 passes, 1 lane). The encoded string carries its
// own salt and parameters, so raising them later only needs needs_rehash().
#include <cstdint>
#include <string>
#include <string_view>

namespace soom::identity {

struct Argon2Params {
  std::uint32_t memory_kib = 19'456;
  std::uint32_t iterations = 2;
  std::uint32_t parallelism = 1;
};
inline constexpr Argon2Params kCurrentArgon2Params{};
inline constexpr std::size_t kPasswordSaltBytes = 16;
inline constexpr std::size_t kPasswordHashBytes = 32;

// Throws std::runtime_error only when argon2 itself fails (e.g. out of memory).
std::string hash_password(std::string_view password);
// False on mismatch and on any malformed or non-argon2id `encoded` string.
bool verify_password(std::string_view password, std::string_view encoded);
// True when `encoded` is not argon2id v1.3 with at least the current memory,
// iterations and hash length (or cannot be parsed): re-hash after a successful login.
bool needs_rehash(std::string_view encoded);
// Does the same argon2 work as verify_password against a fixed hash of a random
// secret, so that "unknown e-mail" costs as long as "wrong password". Always false
// in practice.
bool verify_against_dummy(std::string_view password);

namespace detail {
// The hash used by verify_against_dummy (exposed so tests can check its cost).
const std::string& dummy_password_hash();
}  // namespace detail

}  // namespace soom::identity
