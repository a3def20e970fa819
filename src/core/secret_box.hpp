#pragma once
// Secrets the server must read back (TOTP seeds, webhook signing secrets) are stored sealed:
// AES-256-GCM under a data key kept outside the database (<var_dir>/data.key, 0600), so a
// copied database or backup alone does not hand them out. Sealed text is "sb1." + base64url
// (12-byte nonce ‖ ciphertext ‖ 16-byte tag); the row's purpose is bound in as associated data,
// so a sealed value cannot be moved to another column or row kind.
#include <optional>
#include <string>
#include <string_view>

namespace soom {

class SecretBox final {
 public:
  // `key_material`: the data key file's content (≥ 32 bytes); the AES key is its SHA-256.
  explicit SecretBox(std::string_view key_material);

  std::string seal(std::string_view plaintext, std::string_view purpose) const;
  // The plaintext; nullopt when the text was sealed under another key or purpose, or altered.
  // Text written before sealing existed (no "sb1." prefix) is returned as it is.
  std::optional<std::string> open(std::string_view stored, std::string_view purpose) const;
  static bool is_sealed(std::string_view stored);

 private:
  unsigned char key_[32];
};

}  // namespace soom
