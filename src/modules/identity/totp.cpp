#include "modules/identity/totp.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <stdexcept>

#include "core/encoding.hpp"
#include "core/random.hpp"

namespace soom::identity {
namespace {

constexpr std::string_view kRecoveryAlphabet = "23456789abcdefghjkmnpqrstuvwxyz";
constexpr std::size_t kRecoveryHalfLength = 4;

using TotpSteps = std::chrono::duration<std::int64_t, std::ratio<kTotpStep.count()>>;

std::int64_t step_of(Instant t) { return std::chrono::floor<TotpSteps>(t).time_since_epoch().count(); }

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                            c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0F]);
    }
  }
  return out;
}

char random_recovery_char() {
  // Rejection sampling (248 = 8 × 31) keeps every letter equally likely.
  constexpr unsigned kLimit = 256 - 256 % kRecoveryAlphabet.size();
  for (;;) {
    const auto byte = random_bytes(1).front();
    if (byte < kLimit) return kRecoveryAlphabet[byte % kRecoveryAlphabet.size()];
  }
}

bool is_digits(std::string_view text) {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

namespace detail {

std::string hotp(std::string_view key, std::int64_t counter, int digits) {
  if (digits < 6 || digits > 9) throw std::invalid_argument("HOTP digits must be 6..9");
  std::array<unsigned char, 8> message{};
  auto value = static_cast<std::uint64_t>(counter);
  for (int i = 7; i >= 0; --i) {
    message[static_cast<std::size_t>(i)] = static_cast<unsigned char>(value & 0xFF);
    value >>= 8;
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int mac_len = 0;
  if (HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), message.data(), message.size(), mac.data(),
           &mac_len) == nullptr ||
      mac_len != 20) {
    throw std::runtime_error("HMAC-SHA1 failed");
  }
  // Dynamic truncation (RFC 4226 §5.3).
  const unsigned offset = mac[19] & 0x0F;
  const std::uint32_t binary = (static_cast<std::uint32_t>(mac[offset] & 0x7F) << 24) |
                               (static_cast<std::uint32_t>(mac[offset + 1]) << 16) |
                               (static_cast<std::uint32_t>(mac[offset + 2]) << 8) |
                               static_cast<std::uint32_t>(mac[offset + 3]);
  std::uint32_t modulus = 1;
  for (int i = 0; i < digits; ++i) modulus *= 10;
  std::string code = std::to_string(binary % modulus);
  code.insert(0, static_cast<std::size_t>(digits) - code.size(), '0');
  return code;
}

std::string totp_code(std::string_view base32_secret, Instant at, int digits) {
  const auto key = base32_decode(base32_secret);
  if (!key || key->empty()) throw std::invalid_argument("TOTP secret is not base32");
  return hotp(*key, step_of(at), digits);
}

}  // namespace detail

std::string new_totp_secret() {
  const auto bytes = random_bytes(kTotpSecretBytes);
  return base32_encode(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

std::string totp_code(std::string_view base32_secret, Instant at) {
  return detail::totp_code(base32_secret, at, kTotpDigits);
}

bool verify_totp(std::string_view base32_secret, std::string_view code, Instant now, int window_steps,
                 std::int64_t* matched_step) {
  if (window_steps < 0 || window_steps > kMaxTotpWindowSteps) {
    throw std::invalid_argument("TOTP window must be 0..10 steps");
  }
  if (code.size() != static_cast<std::size_t>(kTotpDigits) || !is_digits(code)) return false;
  const auto key = base32_decode(base32_secret);
  if (!key || key->empty()) return false;
  const std::int64_t current = step_of(now);
  bool matched = false;
  // Every candidate is computed and compared so that timing does not reveal which
  // step matched; the latest matching step wins.
  for (std::int64_t step = current - window_steps; step <= current + window_steps; ++step) {
    if (constant_time_equals(detail::hotp(*key, step, kTotpDigits), code)) {
      matched = true;
      if (matched_step != nullptr) *matched_step = step;
    }
  }
  return matched;
}

std::string otpauth_uri(std::string_view base32_secret, std::string_view account, std::string_view issuer) {
  const std::string encoded_issuer = percent_encode(issuer);
  return "otpauth://totp/" + encoded_issuer + ":" + percent_encode(account) + "?secret=" +
         std::string(base32_secret) + "&issuer=" + encoded_issuer + "&algorithm=SHA1&digits=" +
         std::to_string(kTotpDigits) + "&period=" + std::to_string(kTotpStep.count());
}

std::vector<std::string> new_recovery_codes(int n) {
  std::vector<std::string> codes;
  for (int i = 0; i < n; ++i) {
    std::string code;
    for (std::size_t k = 0; k < 2 * kRecoveryHalfLength; ++k) {
      if (k == kRecoveryHalfLength) code.push_back('-');
      code.push_back(random_recovery_char());
    }
    codes.push_back(std::move(code));
  }
  return codes;
}

std::string hash_recovery_code(std::string_view code) {
  std::string normalized;
  for (char c : code) {
    if (c == '-' || c == ' ') continue;
    normalized.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return hex_encode(sha256(normalized));
}

}  // namespace soom::identity
