#pragma once
// Personal-data guard: finds what looks like a phone number, a resident registration
// number (주민등록번호) or an e-mail address in user text. Posts are not blocked — the
// author gets warnings (docs/community.md).
#include <string>
#include <string_view>
#include <vector>

namespace soom::community {

// Codes of what was found, each at most once, in the order phone_number,
// resident_registration_number, email.
std::vector<std::string> detect_personal_data(std::string_view text);

// Korean message for a code.
std::string personal_data_message(std::string_view code);

}  // namespace soom::community
