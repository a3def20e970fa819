#pragma once
// Shared steps for integration tests: sign up and log in real users.
#include <string>

#include "support/http_client.hpp"

namespace soom::testing {

struct TestUser final {
  std::string id;
  std::string email;
  std::string password;
  std::string nickname;
  std::string access_token;
  std::string refresh_token;
};

inline constexpr const char* kTermsVersion = "2026-11-01";
inline constexpr const char* kHealthDataVersion = "2026-11-01";
inline constexpr const char* kGoodPassword = "숨쉬기편한하루2026";

std::string unique_suffix();
// Signs up (with health-data consent unless told otherwise) and logs in. Throws on failure.
// `email` empty: a fresh address.
TestUser create_user(const HttpClient& api, bool health_consent = true, const std::string& email = {});
std::string signup_body(const std::string& email, const std::string& password, const std::string& nickname,
                        bool health_consent = true);

}  // namespace soom::testing
