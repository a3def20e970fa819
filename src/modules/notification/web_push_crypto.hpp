#pragma once
// Web Push message encryption (RFC 8291, "aes128gcm" content coding of RFC 8188) and
// VAPID (RFC 8292) with OpenSSL 3 EVP. Keys are P-256; public keys travel as the
// 65-byte uncompressed point, base64url-encoded.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace soom::notification {

// The server's VAPID key pair (ES256).
class VapidKey final {
 public:
  // Loads the PEM private key at `path`, or generates one there (mode 0600) when missing.
  static VapidKey load_or_create(const std::string& path);
  static VapidKey generate();
  VapidKey(VapidKey&&) noexcept;
  VapidKey& operator=(VapidKey&&) noexcept;
  ~VapidKey();

  // Raw 65-byte uncompressed public point.
  std::string public_key_raw() const;
  // A compact ES256 JWT {aud, exp, sub} (signature is raw r||s per RFC 7518 §3.4).
  std::string sign_jwt(const std::string& audience, std::int64_t expires_unix, const std::string& subject) const;

 private:
  struct Impl;
  explicit VapidKey(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Encrypts `payload` for a subscription (RFC 8291 §3.4): a single record, a fresh
// ephemeral sender key and a random 16-byte salt per message. `ua_public` is the
// subscription's p256dh (raw 65 bytes), `auth_secret` its 16-byte auth. Returns the
// request body: salt(16) ‖ rs(4) ‖ idlen(1) ‖ keyid(65) ‖ ciphertext‖tag.
Result<std::string> encrypt_web_push(std::string_view payload, std::string_view ua_public,
                                     std::string_view auth_secret);

// "https://push.example.com" of an endpoint URL (the VAPID audience); empty when malformed.
std::string origin_of(const std::string& url);

}  // namespace soom::notification
