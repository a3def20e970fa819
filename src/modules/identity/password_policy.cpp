#include "modules/identity/password_policy.hpp"

#include <stdexcept>
#include <string>
#include <unordered_set>
#include <utility>

#include "core/encoding.hpp"

namespace soom::embedded {
std::vector<std::pair<std::string, std::string>> identity_data();
}  // namespace soom::embedded

namespace soom::identity {
namespace {

constexpr std::string_view kField = "password";
constexpr std::string_view kListName = "common_passwords.txt";
// Shorter personal tokens ("kim", "jo") would reject far too many unrelated
// passwords by containment; they are still rejected when equal to the password.
constexpr std::size_t kMinContainedTokenLength = 4;

// ASCII-only folding: the block-list and e-mail local parts are ASCII, and Hangul
// has no case.
std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::unordered_set<std::string> load_common_passwords() {
  for (const auto& [name, contents] : soom::embedded::identity_data()) {
    if (name != kListName) continue;
    std::unordered_set<std::string> set;
    std::size_t start = 0;
    while (start <= contents.size()) {
      auto end = contents.find('\n', start);
      if (end == std::string::npos) end = contents.size();
      std::string_view line(contents.data() + start, end - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (!line.empty() && line.front() != '#') set.insert(ascii_lower(line));
      start = end + 1;
    }
    return set;
  }
  throw std::logic_error("common_passwords.txt was not embedded into identity_data()");
}

const std::unordered_set<std::string>& common_passwords() {
  static const std::unordered_set<std::string> kSet = load_common_passwords();
  return kSet;
}

// NIST lists the service name among the context-specific words to refuse.
constexpr std::string_view kServiceNames[] = {"soomcare", "숨케어"};

std::string_view email_local_part(std::string_view email) {
  const auto at = email.rfind('@');
  return at == std::string_view::npos ? email : email.substr(0, at);
}

// The local part itself and its pieces: "minsu.kim+asthma" → minsu.kim+asthma,
// minsu, kim, asthma.
std::vector<std::string_view> personal_tokens(std::string_view email, std::string_view nickname) {
  const auto local = email_local_part(email);
  std::vector<std::string_view> tokens{local, nickname};
  std::size_t start = 0;
  for (std::size_t i = 0; i <= local.size(); ++i) {
    if (i == local.size() || local[i] == '.' || local[i] == '_' || local[i] == '+' || local[i] == '-') {
      if (i > start && i - start < local.size()) tokens.push_back(local.substr(start, i - start));
      start = i + 1;
    }
  }
  return tokens;
}

bool reveals(const std::string& lowered_password, std::string_view personal) {
  if (personal.empty()) return false;
  const std::string token = ascii_lower(personal);
  if (lowered_password == token) return true;
  return utf8_length(token) >= kMinContainedTokenLength && lowered_password.find(token) != std::string::npos;
}

bool reveals_any(const std::string& lowered_password, std::string_view email, std::string_view nickname) {
  for (auto token : personal_tokens(email, nickname)) {
    if (reveals(lowered_password, token)) return true;
  }
  for (auto name : kServiceNames) {
    if (lowered_password.find(name) != std::string::npos) return true;
  }
  return false;
}

FieldError error(std::string_view code, std::string_view message) {
  return FieldError{std::string(kField), std::string(code), std::string(message)};
}

}  // namespace

bool is_common_password(std::string_view password) { return common_passwords().contains(ascii_lower(password)); }

std::size_t common_password_count() { return common_passwords().size(); }

std::vector<FieldError> check_password_policy(std::string_view password, std::string_view email,
                                              std::string_view nickname) {
  if (!is_valid_utf8(password)) {
    return {error("invalid_encoding", "비밀번호에 사용할 수 없는 문자가 포함되어 있습니다")};
  }
  std::vector<FieldError> errors;
  const std::size_t length = utf8_length(password);
  if (length < kMinPasswordLength) {
    errors.push_back(error("too_short", "비밀번호는 8자 이상이어야 합니다"));
  } else if (length > kMaxPasswordLength) {
    errors.push_back(error("too_long", "비밀번호는 128자 이하여야 합니다"));
  }
  const std::string lowered = ascii_lower(password);
  // Block-list hits on a password of the wrong length would only repeat the length error.
  if (errors.empty() && common_passwords().contains(lowered)) {
    errors.push_back(error("too_common", "너무 흔한 비밀번호입니다. 다른 비밀번호를 사용해 주세요"));
  }
  if (reveals_any(lowered, email, nickname)) {
    errors.push_back(
        error("contains_personal_info", "비밀번호에 이메일 아이디, 닉네임이나 서비스 이름을 넣을 수 없습니다"));
  }
  return errors;
}

}  // namespace soom::identity
