#pragma once
// Password acceptance rules after NIST SP 800-63B §5.1.1.2: a length range, no
// composition rules, and a block-list of common and personal passwords.
#include <cstddef>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace soom::identity {

inline constexpr std::size_t kMinPasswordLength = 8;    // code points
inline constexpr std::size_t kMaxPasswordLength = 128;  // code points

// Empty when acceptable. Every error has field "password" and one of the codes
// too_short, too_long, too_common, contains_personal_info, invalid_encoding.
// `email` and `nickname` may be empty (e.g. when changing only the password).
std::vector<FieldError> check_password_policy(std::string_view password, std::string_view email,
                                              std::string_view nickname);

// Case-insensitive membership in data/common_passwords.txt (embedded at build time).
bool is_common_password(std::string_view password);
std::size_t common_password_count();

}  // namespace soom::identity
