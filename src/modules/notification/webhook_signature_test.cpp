#include "modules/notification/webhook_signature.hpp"

#include <gtest/gtest.h>
#include <openssl/hmac.h>

#include "core/encoding.hpp"

namespace soom::notification {
namespace {

TEST(WebhookSignature, IsHmacSha256OverTimestampDotBody) {
  const std::string secret = "whsec_test";
  const std::string body = R"({"type":"notification"})";
  // Reference computed with OpenSSL's one-shot HMAC, independently of core/encoding.
  unsigned int len = 0;
  unsigned char mac[32];
  const std::string message = "1700000000." + body;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &len);
  EXPECT_EQ(webhook_signature(secret, 1'700'000'000, body),
            "v1=" + hex_encode(std::string(reinterpret_cast<char*>(mac), len)));
  EXPECT_NE(webhook_signature(secret, 1'700'000'001, body), webhook_signature(secret, 1'700'000'000, body));
}

}  // namespace
}  // namespace soom::notification
