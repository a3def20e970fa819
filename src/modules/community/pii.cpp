#include "modules/community/pii.hpp"

#include <regex>

namespace soom::community {
namespace {

// ASCII-only patterns: the surrounding Korean text is UTF-8 bytes >= 0x80, which never
// match [0-9A-Za-z], so the look-around classes below work as word boundaries.
const std::regex& rrn_pattern() {
  // YYMMDD-NNNNNNN (hyphen optional); first digit after the date is 1–8 (century/sex/foreigner).
  static const std::regex re(R"((^|[^0-9])[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])\s?-?\s?[1-8][0-9]{6}([^0-9]|$))");
  return re;
}

const std::regex& phone_pattern() {
  // Mobile 010/011/016–019, Seoul 02, regional 031–064, 070, with -, . or space separators
  // or none, and the +82 country form dropping the leading 0.
  static const std::regex re(
      R"((^|[^0-9+])(\+82[\s.-]?|0)(1[016789]|2|[3-6][1-5]|70)[\s.-]?[0-9]{3,4}[\s.-]?[0-9]{4}([^0-9]|$))");
  return re;
}

const std::regex& email_pattern() {
  static const std::regex re(R"([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})");
  return re;
}

}  // namespace

std::vector<std::string> detect_personal_data(std::string_view text) {
  const std::string s(text);
  std::vector<std::string> found;
  const bool rrn = std::regex_search(s, rrn_pattern());
  // A registration number also looks like digits-and-hyphen; report it only as what it is.
  std::string without_rrn = rrn ? std::regex_replace(s, rrn_pattern(), " ") : s;
  if (std::regex_search(without_rrn, phone_pattern())) found.emplace_back("phone_number");
  if (rrn) found.emplace_back("resident_registration_number");
  if (std::regex_search(s, email_pattern())) found.emplace_back("email");
  return found;
}

std::string personal_data_message(std::string_view code) {
  if (code == "phone_number") return "전화번호로 보이는 내용이 있습니다. 공개해도 괜찮은지 확인해 주세요.";
  if (code == "resident_registration_number") return "주민등록번호로 보이는 내용이 있습니다. 개인정보 노출에 주의해 주세요.";
  if (code == "email") return "이메일 주소로 보이는 내용이 있습니다. 공개해도 괜찮은지 확인해 주세요.";
  return "개인정보로 보이는 내용이 있습니다.";
}

}  // namespace soom::community
