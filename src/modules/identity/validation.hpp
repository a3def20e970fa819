#pragma once
// Input rules of the identity context, as plain functions (unit-tested without HTTP).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "modules/identity/identity.hpp"

namespace soom::identity {

// Nickname: 2–20 characters of Hangul, letters, digits, '_', '-', '.'; no leading/trailing dots.
bool is_valid_nickname(std::string_view nickname);
// Key for case-insensitive uniqueness.
std::string nickname_key(std::string_view nickname);
bool is_valid_hhmm(std::string_view text);
bool is_supported_locale(std::string_view locale);

std::vector<FieldError> validate_profile_patch(const ProfilePatch& patch, int current_year);

}  // namespace soom::identity
