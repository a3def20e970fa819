// Web Push encryption checked by decrypting as a browser would (RFC 8291 receiver side,
// written here independently with OpenSSL), and the VAPID JWT by verifying its ES256
// signature with the published public key.
#include "modules/notification/web_push_crypto.hpp"

#include <gtest/gtest.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>

#include "core/encoding.hpp"

namespace soom::notification {
namespace {

struct Keypair final {
  EVP_PKEY* key = nullptr;
  std::string public_raw;
  Keypair() {
    key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    unsigned char* out = nullptr;
    const std::size_t n = EVP_PKEY_get1_encoded_public_key(key, &out);
    public_raw.assign(reinterpret_cast<char*>(out), n);
    OPENSSL_free(out);
  }
  ~Keypair() { EVP_PKEY_free(key); }
};

EVP_PKEY* public_key(const std::string& raw) {
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0);
  OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, raw.data(), raw.size());
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr);
  EVP_PKEY* key = nullptr;
  EVP_PKEY_fromdata_init(ctx);
  EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params);
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(bld);
  return key;
}

std::string hkdf(const std::string& salt, const std::string& ikm, const std::string& info, std::size_t n) {
  const std::string prk = hmac_sha256(salt, ikm);
  return hmac_sha256(prk, info + '\x01').substr(0, n);
}

// The user agent's side of RFC 8291: returns the plaintext, or nullopt when it fails.
std::optional<std::string> decrypt(const std::string& body, const Keypair& ua, const std::string& auth) {
  if (body.size() < 21 + 65 + 16) return std::nullopt;
  const std::string salt = body.substr(0, 16);
  const auto idlen = static_cast<unsigned char>(body[20]);
  if (idlen != 65) return std::nullopt;
  const std::string as_public = body.substr(21, 65);
  const std::string ciphertext = body.substr(21 + 65);
  EVP_PKEY* peer = public_key(as_public);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_pkey(nullptr, ua.key, nullptr);
  std::size_t len = 32;
  std::string shared(32, '\0');
  EVP_PKEY_derive_init(ctx);
  EVP_PKEY_derive_set_peer(ctx, peer);
  const bool derived = EVP_PKEY_derive(ctx, reinterpret_cast<unsigned char*>(shared.data()), &len) == 1;
  EVP_PKEY_CTX_free(ctx);
  EVP_PKEY_free(peer);
  if (!derived) return std::nullopt;
  const std::string ikm = hkdf(auth, shared, std::string("WebPush: info") + '\0' + ua.public_raw + as_public, 32);
  const std::string cek = hkdf(salt, ikm, std::string("Content-Encoding: aes128gcm") + '\0', 16);
  const std::string nonce = hkdf(salt, ikm, std::string("Content-Encoding: nonce") + '\0', 12);
  const std::string tag = ciphertext.substr(ciphertext.size() - 16);
  const std::string data = ciphertext.substr(0, ciphertext.size() - 16);
  EVP_CIPHER_CTX* c = EVP_CIPHER_CTX_new();
  std::string plain(data.size(), '\0');
  int n = 0;
  int total = 0;
  EVP_DecryptInit_ex(c, EVP_aes_128_gcm(), nullptr, reinterpret_cast<const unsigned char*>(cek.data()),
                     reinterpret_cast<const unsigned char*>(nonce.data()));
  EVP_DecryptUpdate(c, reinterpret_cast<unsigned char*>(plain.data()), &n,
                    reinterpret_cast<const unsigned char*>(data.data()), static_cast<int>(data.size()));
  total = n;
  EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, 16, const_cast<char*>(tag.data()));
  const bool ok = EVP_DecryptFinal_ex(c, reinterpret_cast<unsigned char*>(plain.data()) + total, &n) == 1;
  EVP_CIPHER_CTX_free(c);
  if (!ok) return std::nullopt;
  plain.resize(static_cast<std::size_t>(total + n));
  if (plain.empty() || plain.back() != '\x02') return std::nullopt;  // last-record delimiter
  plain.pop_back();
  return plain;
}

bool verify_es256(const std::string& jwt, const std::string& public_raw) {
  const auto last_dot = jwt.rfind('.');
  const std::string signing_input = jwt.substr(0, last_dot);
  const auto raw = base64url_decode(jwt.substr(last_dot + 1));
  if (!raw || raw->size() != 64) return false;
  ECDSA_SIG* sig = ECDSA_SIG_new();
  ECDSA_SIG_set0(sig, BN_bin2bn(reinterpret_cast<const unsigned char*>(raw->data()), 32, nullptr),
                 BN_bin2bn(reinterpret_cast<const unsigned char*>(raw->data()) + 32, 32, nullptr));
  unsigned char* der = nullptr;
  const int der_len = i2d_ECDSA_SIG(sig, &der);
  ECDSA_SIG_free(sig);
  EVP_PKEY* key = public_key(public_raw);
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  const bool ok = EVP_DigestVerifyInit(md, nullptr, EVP_sha256(), nullptr, key) == 1 &&
                  EVP_DigestVerify(md, der, static_cast<std::size_t>(der_len),
                                   reinterpret_cast<const unsigned char*>(signing_input.data()),
                                   signing_input.size()) == 1;
  EVP_MD_CTX_free(md);
  EVP_PKEY_free(key);
  OPENSSL_free(der);
  return ok;
}

TEST(WebPushCrypto, ReceiverDecryptsThePayload) {
  Keypair ua;
  const std::string auth = "0123456789abcdef";
  const std::string payload = R"({"title":"복약 알림","body":"복약 시간입니다"})";
  auto body = encrypt_web_push(payload, ua.public_raw, auth);
  ASSERT_TRUE(body) << body.error().public_message;
  EXPECT_EQ(body->size(), 16 + 4 + 1 + 65 + payload.size() + 1 + 16);
  EXPECT_EQ(body->substr(16, 4), std::string("\x00\x00\x10\x00", 4));  // rs = 4096
  EXPECT_EQ(decrypt(*body, ua, auth), payload);
  // Fresh salt and sender key per message: the same payload never encrypts the same.
  auto again = encrypt_web_push(payload, ua.public_raw, auth);
  ASSERT_TRUE(again);
  EXPECT_NE(*again, *body);
}

TEST(WebPushCrypto, WrongAuthSecretCannotDecrypt) {
  Keypair ua;
  auto body = encrypt_web_push("hello", ua.public_raw, "0123456789abcdef");
  ASSERT_TRUE(body);
  EXPECT_FALSE(decrypt(*body, ua, "fedcba9876543210"));
}

TEST(WebPushCrypto, RejectsBadSubscriptionKeys) {
  Keypair ua;
  EXPECT_FALSE(encrypt_web_push("x", ua.public_raw, "short"));
  std::string off_curve = ua.public_raw;
  off_curve[40] = static_cast<char>(off_curve[40] ^ 0x01);
  EXPECT_FALSE(encrypt_web_push("x", off_curve, "0123456789abcdef"));
  EXPECT_FALSE(encrypt_web_push("x", std::string(65, '\x04'), "0123456789abcdef"));
}

TEST(Vapid, JwtVerifiesWithThePublishedKey) {
  auto key = VapidKey::generate();
  const std::string jwt = key.sign_jwt("https://push.example.com", 1'900'000'000, "mailto:ops@soomcare.kr");
  ASSERT_EQ(std::count(jwt.begin(), jwt.end(), '.'), 2);
  EXPECT_TRUE(verify_es256(jwt, key.public_key_raw()));
  auto claims = boost::json::parse(*base64url_decode(jwt.substr(jwt.find('.') + 1, jwt.rfind('.') - jwt.find('.') - 1)));
  EXPECT_EQ(claims.at("aud").as_string(), "https://push.example.com");
  EXPECT_EQ(claims.at("exp").as_int64(), 1'900'000'000);
  auto header = boost::json::parse(*base64url_decode(jwt.substr(0, jwt.find('.'))));
  EXPECT_EQ(header.at("alg").as_string(), "ES256");
  // Another key does not verify it.
  EXPECT_FALSE(verify_es256(jwt, VapidKey::generate().public_key_raw()));
}

TEST(Vapid, KeyFileIsCreatedPrivateAndReloaded) {
  const auto dir = std::filesystem::temp_directory_path() / ("vapid-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  const std::string path = (dir / "vapid.pem").string();
  const std::string first = VapidKey::load_or_create(path).public_key_raw();
  const auto perms = std::filesystem::status(path).permissions();
  EXPECT_EQ(perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all),
            std::filesystem::perms::none);
  EXPECT_EQ(VapidKey::load_or_create(path).public_key_raw(), first);
  std::filesystem::remove_all(dir);
}

TEST(WebPushCrypto, OriginOfEndpoint) {
  EXPECT_EQ(origin_of("https://fcm.googleapis.com/fcm/send/abc"), "https://fcm.googleapis.com");
  EXPECT_EQ(origin_of("http://127.0.0.1:9000/push/1"), "http://127.0.0.1:9000");
  EXPECT_EQ(origin_of("nonsense"), "");
}

}  // namespace
}  // namespace soom::notification
