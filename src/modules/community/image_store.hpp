#pragma once
// Where image bytes live. Keys are content addresses (hex SHA-256 of the stored bytes), so a
// put is idempotent and a key never names two different contents.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace soom::community {

class ImageStore {
 public:
  virtual ~ImageStore() = default;
  virtual Status put(const std::string& key, std::string_view bytes) = 0;
  virtual Result<std::optional<std::string>> get(const std::string& key) = 0;
  // Removing a missing key is not an error (consumers may run twice).
  virtual Status remove(const std::string& key) = 0;
};

// The content address of `bytes`.
std::string image_key(std::string_view bytes);
// True for a well-formed key (64 lowercase hex digits): keys become file names.
bool is_image_key(std::string_view key);

// Files under `directory`/ab/<key>; writes go to a temporary file that is fsynced and renamed.
std::shared_ptr<ImageStore> make_local_image_store(std::filesystem::path directory);

}  // namespace soom::community
