#pragma once
// Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30 s step, 6 digits — what
// every authenticator app supports) and single-use recovery codes.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"

namespace soom::identity {

inline constexpr std::chrono::seconds kTotpStep{30};
inline constexpr int kTotpDigits = 6;
inline constexpr std::size_t kTotpSecretBytes = 20;  // RFC 4226 recommends 160 bits
inline constexpr int kMaxTotpWindowSteps = 10;

// 20 random bytes, base32 without padding (32 characters).
std::string new_totp_secret();
// The code for the step containing `at`. Throws std::invalid_argument when the
// secret is not base32 (stored secrets are ours, so that is a bug).
std::string totp_code(std::string_view base32_secret, Instant at);
// Accepts the current step and `window_steps` steps either side (clock drift).
// On success stores the matched step (unix seconds / 30) in *matched_step so the
// caller can refuse a second use of that same step or any earlier one. Throws
// std::invalid_argument for a window outside 0..kMaxTotpWindowSteps.
bool verify_totp(std::string_view base32_secret, std::string_view code, Instant now, int window_steps = 1,
                 std::int64_t* matched_step = nullptr);
// Key URI for QR codes: otpauth://totp/Issuer:account?secret=…&issuer=…
std::string otpauth_uri(std::string_view base32_secret, std::string_view account,
                        std::string_view issuer = "SoomCare");

// `n` codes "xxxx-xxxx" over an alphabet without 0/o, 1/l/i.
std::vector<std::string> new_recovery_codes(int n = 10);
// SHA-256 hex of the code with case, spaces and dashes normalised away, so that
// "ABCD EFGH" typed by a user matches the stored hash of "abcd-efgh".
std::string hash_recovery_code(std::string_view code);

namespace detail {
// RFC 4226 HOTP over raw key bytes; exposed for the RFC test vectors.
std::string hotp(std::string_view key, std::int64_t counter, int digits);
std::string totp_code(std::string_view base32_secret, Instant at, int digits);
}  // namespace detail

}  // namespace soom::identity
