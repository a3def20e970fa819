#include "support/api_helpers.hpp"

#include <atomic>
#include <random>
#include <stdexcept>

#include <boost/json.hpp>

namespace soom::testing {

std::string unique_suffix() {
  static std::atomic<int> counter{0};
  static const int seed = std::random_device{}() % 100000;
  return std::to_string(seed) + "x" + std::to_string(counter++);
}

std::string signup_body(const std::string& email, const std::string& password, const std::string& nickname,
                        bool health_consent) {
  boost::json::object consents{{"terms", kTermsVersion}};
  if (health_consent) consents["health_data"] = kHealthDataVersion;
  return boost::json::serialize(boost::json::object{
      {"email", email}, {"password", password}, {"nickname", nickname}, {"consents", consents}});
}

TestUser create_user(const HttpClient& api, bool health_consent, const std::string& email) {
  TestUser u;
  const auto suffix = unique_suffix();
  u.email = email.empty() ? "user" + suffix + "@example.com" : email;
  u.password = kGoodPassword;
  u.nickname = "환자" + suffix;
  auto signup = api.call("POST", "/v1/auth/signup", signup_body(u.email, u.password, u.nickname, health_consent), {},
                         "/v1/auth/signup");
  if (signup.status != 201) throw std::runtime_error("signup failed: " + signup.body);
  u.id = std::string(signup.json().at("id").as_string());
  auto login = api.call("POST", "/v1/auth/login",
                        boost::json::serialize(boost::json::object{{"email", u.email}, {"password", u.password}}), {},
                        "/v1/auth/login");
  if (login.status != 200) throw std::runtime_error("login failed: " + login.body);
  u.access_token = std::string(login.json().at("access_token").as_string());
  u.refresh_token = std::string(login.json().at("refresh_token").as_string());
  return u;
}

}  // namespace soom::testing
