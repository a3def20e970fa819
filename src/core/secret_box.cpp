#include "core/secret_box.hpp"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <memory>
#include <stdexcept>

#include "core/encoding.hpp"
#include "core/random.hpp"

namespace soom {
namespace {

constexpr std::string_view kPrefix = "sb1.";
constexpr std::size_t kNonceBytes = 12;
constexpr std::size_t kTagBytes = 16;

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

CipherCtx new_ctx() {
  CipherCtx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  if (!ctx) throw std::runtime_error("EVP_CIPHER_CTX_new failed");
  return ctx;
}

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

}  // namespace

SecretBox::SecretBox(std::string_view key_material) {
  if (key_material.size() < 32) throw std::invalid_argument("data key must be at least 32 bytes");
  SHA256(bytes(key_material), key_material.size(), key_);
}

bool SecretBox::is_sealed(std::string_view stored) { return stored.substr(0, kPrefix.size()) == kPrefix; }

std::string SecretBox::seal(std::string_view plaintext, std::string_view purpose) const {
  const auto nonce = random_bytes(kNonceBytes);
  std::string out(kNonceBytes + plaintext.size() + kTagBytes, '\0');
  std::copy(nonce.begin(), nonce.end(), out.begin());
  auto* cipher = reinterpret_cast<unsigned char*>(out.data() + kNonceBytes);
  auto ctx = new_ctx();
  int len = 0;
  const bool ok =
      EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key_, nonce.data()) == 1 &&
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(purpose), static_cast<int>(purpose.size())) == 1 &&
      EVP_EncryptUpdate(ctx.get(), cipher, &len, bytes(plaintext), static_cast<int>(plaintext.size())) == 1 &&
      EVP_EncryptFinal_ex(ctx.get(), cipher + len, &len) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTagBytes), cipher + plaintext.size()) == 1;
  if (!ok) throw std::runtime_error("AES-256-GCM seal failed");
  return std::string(kPrefix) + base64url_encode(out);
}

std::optional<std::string> SecretBox::open(std::string_view stored, std::string_view purpose) const {
  if (!is_sealed(stored)) return std::string(stored);
  const auto raw = base64url_decode(stored.substr(kPrefix.size()));
  if (!raw || raw->size() < kNonceBytes + kTagBytes) return std::nullopt;
  const std::size_t length = raw->size() - kNonceBytes - kTagBytes;
  std::string plain(length, '\0');
  auto tag = raw->substr(kNonceBytes + length);
  auto ctx = new_ctx();
  int len = 0;
  const bool ok =
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key_, bytes(*raw)) == 1 &&
      EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(purpose), static_cast<int>(purpose.size())) == 1 &&
      EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()), &len, bytes(*raw) + kNonceBytes,
                        static_cast<int>(length)) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTagBytes), tag.data()) == 1 &&
      EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()) + len, &len) == 1;
  if (!ok) return std::nullopt;
  return plain;
}

}  // namespace soom
