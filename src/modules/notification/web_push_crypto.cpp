#include "modules/notification/web_push_crypto.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <sys/stat.h>

#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "core/encoding.hpp"
#include "core/random.hpp"

namespace soom::notification {
namespace {

constexpr std::size_t kPointSize = 65;
constexpr std::size_t kSaltSize = 16;
constexpr std::uint32_t kRecordSize = 4096;

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* p) const { EVP_CIPHER_CTX_free(p); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

Pkey generate_p256() {
  Pkey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!key) throw std::runtime_error("P-256 key generation failed");
  return key;
}

std::string encoded_public(EVP_PKEY* key) {
  unsigned char* out = nullptr;
  const std::size_t n = EVP_PKEY_get1_encoded_public_key(key, &out);
  if (n == 0 || out == nullptr) throw std::runtime_error("cannot encode EC public key");
  std::string raw(reinterpret_cast<char*>(out), n);
  OPENSSL_free(out);
  return raw;
}

// A public key from its uncompressed point; nullptr when it is not on the curve.
Pkey public_from_raw(std::string_view raw) {
  if (raw.size() != kPointSize || raw[0] != 0x04) return nullptr;
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0);
  OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, raw.data(), raw.size());
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* key = nullptr;
  const bool ok = ctx && EVP_PKEY_fromdata_init(ctx.get()) == 1 &&
                  EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params) == 1;
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(bld);
  Pkey out(key);
  if (!ok || !out) return nullptr;
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> check(EVP_PKEY_CTX_new_from_pkey(nullptr, out.get(), nullptr));
  if (!check || EVP_PKEY_public_check(check.get()) != 1) return nullptr;
  return out;
}

std::string ecdh(EVP_PKEY* mine, EVP_PKEY* peer) {
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, mine, nullptr));
  std::size_t len = 0;
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1 || EVP_PKEY_derive_set_peer(ctx.get(), peer) != 1 ||
      EVP_PKEY_derive(ctx.get(), nullptr, &len) != 1) {
    throw std::runtime_error("ECDH setup failed");
  }
  std::string secret(len, '\0');
  if (EVP_PKEY_derive(ctx.get(), reinterpret_cast<unsigned char*>(secret.data()), &len) != 1) {
    throw std::runtime_error("ECDH failed");
  }
  secret.resize(len);
  return secret;
}

// HKDF-Expand for a single block (L ≤ 32), as RFC 8291 uses it.
std::string hkdf_expand_one(std::string_view prk, std::string_view info, std::size_t length) {
  std::string input(info);
  input.push_back('\x01');
  return hmac_sha256(prk, input).substr(0, length);
}

std::string aes128gcm_seal(std::string_view key, std::string_view nonce, std::string_view plaintext) {
  std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree> ctx(EVP_CIPHER_CTX_new());
  std::string out(plaintext.size() + 16, '\0');
  int len = 0;
  int total = 0;
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  if (!ctx || EVP_EncryptInit_ex2(ctx.get(), EVP_aes_128_gcm(), nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(nonce.size()), nullptr) != 1 ||
      EVP_EncryptInit_ex2(ctx.get(), nullptr, reinterpret_cast<const unsigned char*>(key.data()),
                          reinterpret_cast<const unsigned char*>(nonce.data()), nullptr) != 1 ||
      EVP_EncryptUpdate(ctx.get(), o, &len, reinterpret_cast<const unsigned char*>(plaintext.data()),
                        static_cast<int>(plaintext.size())) != 1) {
    throw std::runtime_error("AES-GCM encryption failed");
  }
  total = len;
  if (EVP_EncryptFinal_ex(ctx.get(), o + total, &len) != 1) throw std::runtime_error("AES-GCM final failed");
  total += len;
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, 16, o + total) != 1) {
    throw std::runtime_error("AES-GCM tag failed");
  }
  out.resize(static_cast<std::size_t>(total) + 16);
  return out;
}

}  // namespace

struct VapidKey::Impl {
  Pkey key;
};

VapidKey::VapidKey(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
VapidKey::VapidKey(VapidKey&&) noexcept = default;
VapidKey& VapidKey::operator=(VapidKey&&) noexcept = default;
VapidKey::~VapidKey() = default;

VapidKey VapidKey::generate() { return VapidKey(std::make_unique<Impl>(Impl{generate_p256()})); }

VapidKey VapidKey::load_or_create(const std::string& path) {
  if (std::filesystem::exists(path)) {
    FILE* f = std::fopen(path.c_str(), "r");
    if (f == nullptr) throw std::runtime_error("cannot read VAPID key " + path);
    EVP_PKEY* key = PEM_read_PrivateKey(f, nullptr, nullptr, nullptr);
    std::fclose(f);
    if (key == nullptr) throw std::runtime_error("VAPID key file is not a PEM private key: " + path);
    return VapidKey(std::make_unique<Impl>(Impl{Pkey(key)}));
  }
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
  VapidKey generated = generate();
  // Created 0600 from the start: the private key is never readable by others, even briefly.
  const auto old_mask = ::umask(077);
  FILE* f = std::fopen(path.c_str(), "wx");
  ::umask(old_mask);
  if (f == nullptr) {
    // Another process won the race: use its key.
    if (std::filesystem::exists(path)) return load_or_create(path);
    throw std::runtime_error("cannot create VAPID key " + path);
  }
  const bool ok = PEM_write_PrivateKey(f, generated.impl_->key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1;
  std::fclose(f);
  if (!ok) throw std::runtime_error("cannot write VAPID key " + path);
  return generated;
}

std::string VapidKey::public_key_raw() const { return encoded_public(impl_->key.get()); }

std::string VapidKey::sign_jwt(const std::string& audience, std::int64_t expires_unix,
                               const std::string& subject) const {
  const std::string header = base64url_encode(R"({"typ":"JWT","alg":"ES256"})");
  const std::string claims = base64url_encode(boost::json::serialize(
      boost::json::object{{"aud", audience}, {"exp", expires_unix}, {"sub", subject}}));
  const std::string signing_input = header + "." + claims;
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> md(EVP_MD_CTX_new());
  std::size_t der_len = 0;
  if (!md || EVP_DigestSignInit(md.get(), nullptr, EVP_sha256(), nullptr, impl_->key.get()) != 1 ||
      EVP_DigestSign(md.get(), nullptr, &der_len, reinterpret_cast<const unsigned char*>(signing_input.data()),
                     signing_input.size()) != 1) {
    throw std::runtime_error("ES256 signing setup failed");
  }
  std::string der(der_len, '\0');
  if (EVP_DigestSign(md.get(), reinterpret_cast<unsigned char*>(der.data()), &der_len,
                     reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size()) != 1) {
    throw std::runtime_error("ES256 signing failed");
  }
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der_len));
  if (sig == nullptr) throw std::runtime_error("bad ECDSA signature encoding");
  std::string raw(64, '\0');
  const bool ok = BN_bn2binpad(ECDSA_SIG_get0_r(sig), reinterpret_cast<unsigned char*>(raw.data()), 32) == 32 &&
                  BN_bn2binpad(ECDSA_SIG_get0_s(sig), reinterpret_cast<unsigned char*>(raw.data()) + 32, 32) == 32;
  ECDSA_SIG_free(sig);
  if (!ok) throw std::runtime_error("ECDSA signature does not fit P-256");
  return signing_input + "." + base64url_encode(raw);
}

Result<std::string> encrypt_web_push(std::string_view payload, std::string_view ua_public,
                                     std::string_view auth_secret) {
  if (auth_secret.size() != 16) return Error::validation("keys.auth", "invalid", "auth 값은 16바이트여야 합니다");
  Pkey peer = public_from_raw(ua_public);
  if (!peer) return Error::validation("keys.p256dh", "invalid", "p256dh 값이 올바른 P-256 공개키가 아닙니다");
  Pkey ephemeral = generate_p256();
  const std::string as_public = encoded_public(ephemeral.get());
  const std::string shared = ecdh(ephemeral.get(), peer.get());

  // RFC 8291 §3.3–3.4.
  std::string key_info = "WebPush: info";
  key_info.push_back('\0');
  key_info.append(ua_public);
  key_info.append(as_public);
  const std::string prk_key = hmac_sha256(auth_secret, shared);
  const std::string ikm = hkdf_expand_one(prk_key, key_info, 32);
  const auto salt_bytes = random_bytes(kSaltSize);
  const std::string salt(salt_bytes.begin(), salt_bytes.end());
  const std::string prk = hmac_sha256(salt, ikm);
  const std::string cek = hkdf_expand_one(prk, std::string("Content-Encoding: aes128gcm") + '\0', 16);
  const std::string nonce = hkdf_expand_one(prk, std::string("Content-Encoding: nonce") + '\0', 12);

  std::string plaintext(payload);
  plaintext.push_back('\x02');  // padding delimiter of the last (only) record
  if (plaintext.size() + 16 > kRecordSize) {
    return Error::validation("payload", "too_long", "푸시 메시지가 너무 깁니다");
  }
  std::string body = salt;
  body.push_back(static_cast<char>((kRecordSize >> 24) & 0xff));
  body.push_back(static_cast<char>((kRecordSize >> 16) & 0xff));
  body.push_back(static_cast<char>((kRecordSize >> 8) & 0xff));
  body.push_back(static_cast<char>(kRecordSize & 0xff));
  body.push_back(static_cast<char>(as_public.size()));
  body += as_public;
  body += aes128gcm_seal(cek, nonce, plaintext);
  return body;
}

std::string origin_of(const std::string& url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return {};
  const auto host_end = url.find('/', scheme_end + 3);
  return url.substr(0, host_end);
}

}  // namespace soom::notification
