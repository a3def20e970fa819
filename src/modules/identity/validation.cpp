#include "modules/identity/validation.hpp"

#include <algorithm>
#include <array>

#include "core/encoding.hpp"
#include "core/time.hpp"

namespace soom::identity {
namespace {

// Decodes one UTF-8 code point (input already validated).
char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto c = static_cast<unsigned char>(s[i]);
  int extra = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : 3;
  char32_t cp = extra == 0 ? c : extra == 1 ? (c & 0x1F) : extra == 2 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k <= extra; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3F);
  i += static_cast<std::size_t>(extra) + 1;
  return cp;
}

bool is_hangul(char32_t cp) {
  return (cp >= 0xAC00 && cp <= 0xD7A3) ||  // syllables
         (cp >= 0x3131 && cp <= 0x318E);     // compatibility jamo (ㅋㅋ)
}

}  // namespace

std::optional<std::string> normalize_email(std::string_view email) {
  if (email.size() < 3 || email.size() > 254) return std::nullopt;
  std::string out;
  out.reserve(email.size());
  for (char c : email) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F) return std::nullopt;  // ASCII only, no spaces or controls
    out.push_back(static_cast<char>(std::tolower(u)));
  }
  const auto at = out.find('@');
  if (at == std::string::npos || at == 0 || at > 64 || out.find('@', at + 1) != std::string::npos) {
    return std::nullopt;
  }
  const std::string_view domain(out.data() + at + 1, out.size() - at - 1);
  const auto dot = domain.rfind('.');
  if (domain.empty() || dot == std::string_view::npos || dot == 0 || dot + 2 > domain.size() ||
      domain.front() == '-' || domain.find("..") != std::string_view::npos) {
    return std::nullopt;
  }
  for (char c : domain) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.')) return std::nullopt;
  }
  return out;
}

bool is_valid_nickname(std::string_view nickname) {
  if (!is_valid_utf8(nickname)) return false;
  const auto len = utf8_length(nickname);
  if (len < 2 || len > 20) return false;
  if (nickname.front() == '.' || nickname.back() == '.') return false;
  std::size_t i = 0;
  while (i < nickname.size()) {
    const char32_t cp = next_code_point(nickname, i);
    const bool ascii_ok = cp < 0x80 && (std::isalnum(static_cast<int>(cp)) || cp == '_' || cp == '-' || cp == '.');
    if (!ascii_ok && !is_hangul(cp)) return false;
  }
  return true;
}

std::string nickname_key(std::string_view nickname) {
  std::string out(nickname);
  for (auto& c : out) {
    if (static_cast<unsigned char>(c) < 0x80) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

bool is_valid_hhmm(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return false;
  if (!std::isdigit(static_cast<unsigned char>(text[0])) || !std::isdigit(static_cast<unsigned char>(text[1])) ||
      !std::isdigit(static_cast<unsigned char>(text[3])) || !std::isdigit(static_cast<unsigned char>(text[4]))) {
    return false;
  }
  const int h = (text[0] - '0') * 10 + (text[1] - '0');
  const int m = (text[3] - '0') * 10 + (text[4] - '0');
  return h < 24 && m < 60;
}

bool is_supported_locale(std::string_view locale) {
  static constexpr std::array<std::string_view, 2> kLocales = {"ko-KR", "en-US"};
  return std::find(kLocales.begin(), kLocales.end(), locale) != kLocales.end();
}

std::vector<FieldError> validate_profile_patch(const ProfilePatch& patch, int current_year) {
  std::vector<FieldError> errors;
  auto year_ok = [&](const std::optional<int>& y, const char* field) {
    if (y && (*y < 1900 || *y > current_year)) {
      errors.push_back({field, "out_of_range", "1900~" + std::to_string(current_year) + " 사이의 연도여야 합니다"});
    }
  };
  if (patch.nickname && !is_valid_nickname(*patch.nickname)) {
    errors.push_back({"nickname", "invalid", "닉네임은 한글·영문·숫자·_-. 2~20자입니다"});
  }
  year_ok(patch.birth_year, "birth_year");
  year_ok(patch.diagnosis_year, "diagnosis_year");
  if (patch.birth_year && patch.diagnosis_year && *patch.diagnosis_year < *patch.birth_year) {
    errors.push_back({"diagnosis_year", "before_birth", "진단 연도는 출생 연도 이후여야 합니다"});
  }
  if (patch.sex && *patch.sex != "female" && *patch.sex != "male" && *patch.sex != "other") {
    errors.push_back({"sex", "invalid", "female, male, other 중 하나여야 합니다"});
  }
  if (patch.height_cm && (*patch.height_cm < 40 || *patch.height_cm > 250)) {
    errors.push_back({"height_cm", "out_of_range", "40~250 cm 범위여야 합니다"});
  }
  if (patch.time_zone && !is_valid_time_zone(*patch.time_zone)) {
    errors.push_back({"time_zone", "invalid", "IANA 시간대 이름이어야 합니다 (예: Asia/Seoul)"});
  }
  if (patch.locale && !is_supported_locale(*patch.locale)) {
    errors.push_back({"locale", "invalid", "지원하는 언어: ko-KR, en-US"});
  }
  if (patch.notifications) {
    const auto& n = *patch.notifications;
    if (n.quiet_hours_start.has_value() != n.quiet_hours_end.has_value()) {
      errors.push_back({"notifications.quiet_hours_end", "incomplete", "방해 금지 시작과 끝을 함께 지정해 주세요"});
    }
    if (n.quiet_hours_start && !is_valid_hhmm(*n.quiet_hours_start)) {
      errors.push_back({"notifications.quiet_hours_start", "invalid", "HH:MM 형식이어야 합니다"});
    }
    if (n.quiet_hours_end && !is_valid_hhmm(*n.quiet_hours_end)) {
      errors.push_back({"notifications.quiet_hours_end", "invalid", "HH:MM 형식이어야 합니다"});
    }
  }
  return errors;
}

}  // namespace soom::identity
